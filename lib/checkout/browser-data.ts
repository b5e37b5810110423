import type { BrowserData } from "@/lib/providers/types";

// 3-D Secure 2 wants facts only the payer's browser knows; these are read on the page
// and sent with the payment. The server adds what it sees itself (IP, user agent, accept).
export type ClientBrowserData = Omit<BrowserData, "ip" | "userAgent" | "acceptHeader">;

const COLOR_DEPTHS = [1, 4, 8, 15, 16, 24, 32, 48] as const;
type ColorDepth = (typeof COLOR_DEPTHS)[number];

/** The largest accepted depth not above the reported one (30-bit screens report 30 -> 24). */
export function mapColorDepth(depth: number): ColorDepth {
  if (!Number.isFinite(depth) || depth <= 0) return 24;
  let best: ColorDepth = 1;
  for (const d of COLOR_DEPTHS) if (d <= depth) best = d;
  return best;
}

// EMV 3DS challenge window sizes: 01 250x400, 02 390x400, 03 500x600, 04 600x400, 05 full.
const WINDOWS: ReadonlyArray<{ size: 1 | 2 | 3 | 4; width: number; height: number }> = [
  { size: 3, width: 500, height: 600 },
  { size: 4, width: 600, height: 400 },
  { size: 2, width: 390, height: 400 },
  { size: 1, width: 250, height: 400 },
];

/**
 * The largest fixed window that fits the viewport; a phone-sized viewport gets full
 * screen, which is what issuers' challenge pages are designed for on small screens.
 */
export function challengeWindowFor(viewportWidth: number, viewportHeight: number): BrowserData["challengeWindow"] {
  if (viewportWidth < 500) return 5;
  const fit = WINDOWS.find((w) => w.width <= viewportWidth && w.height <= viewportHeight);
  return fit?.size ?? 5;
}

export interface BrowserFacts {
  screen: { width: number; height: number; colorDepth: number };
  innerWidth: number;
  innerHeight: number;
  language: string;
  timezoneOffset: number;
}

export function browserDataFrom(facts: BrowserFacts): ClientBrowserData {
  return {
    screenWidth: Math.max(0, Math.round(facts.screen.width)),
    screenHeight: Math.max(0, Math.round(facts.screen.height)),
    colorDepth: mapColorDepth(facts.screen.colorDepth),
    timezoneOffset: Math.round(facts.timezoneOffset),
    language: facts.language || "en",
    // No browser has run Java applets for years; 3DS still asks.
    javaEnabled: false,
    javascriptEnabled: true,
    challengeWindow: challengeWindowFor(facts.innerWidth, facts.innerHeight),
  };
}

/** Read in the payer's browser at submit time. */
export function readBrowserData(): ClientBrowserData {
  return browserDataFrom({
    screen: { width: window.screen.width, height: window.screen.height, colorDepth: window.screen.colorDepth },
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    language: navigator.language,
    timezoneOffset: new Date().getTimezoneOffset(),
  });
}
