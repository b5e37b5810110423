// The JavaScript a payer downloads for /pay/<session> next to the barest pages the same
// build serves, measured in the same run, plus DOMContentLoaded / load / first paint.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres flock /tmp/heavy.lock npm run bench:page
//   options: --loads=5
//
// Starts the app with scripts/start.ts (production build in NEXT_DIST_DIR, default
// .next-bench) on a scratch database, creates a session through the merchant API, and
// loads each page --loads times in Debian's Chromium (launch flags from
// playwright.config.ts), each load in a fresh browser context so nothing is cached.
// Bytes are as served by `next start` (Content-Encoding as sent; it compresses with gzip)
// and, for reference, what brotli (quality 11) would make of the same scripts. Figures
// are medians over the loads; no assertions.
import { brotliCompressSync, constants as zlib } from "node:zlib";
import { chromium, type Browser, type Request as PwRequest } from "@playwright/test";
import config from "../playwright.config";
import { createSession, kb, machine, median, ms, options, percentile, printTable, ratio, requirePostgres, startApp } from "./support/harness";

const opts = options();
const LOADS = Number(opts.get("loads") ?? 5);
const FETCHES = Number(opts.get("fetches") ?? 40);
const APP_PORT = Number(opts.get("port") ?? 3600);
const SANDBOX_PORT = Number(opts.get("sandbox-port") ?? 4600);

const base = requirePostgres();

interface Load {
  status: number;
  requests: number;
  jsRequests: number;
  jsServed: number;
  jsDecoded: number;
  jsBrotli: number;
  allServed: number;
  encodings: Set<string>;
  ttfb: number;
  dcl: number;
  load: number;
  fcp: number;
  offOrigin: string[];
  cspBlocked: number;
  scripts: Map<string, { served: number; encoding: string }>;
}

interface Timing {
  ttfb: number;
  dcl: number;
  load: number;
  fcp: number;
}

async function loadOnce(browser: Browser, url: string, origin: string, bypassCSP = true): Promise<Load> {
  const context = await browser.newContext({ bypassCSP });
  const page = await context.newPage();
  const finished: PwRequest[] = [];
  const offOrigin: string[] = [];
  let cspBlocked = 0;
  page.on("requestfinished", (r) => finished.push(r));
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText === "csp") cspBlocked++;
  });
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol.startsWith("http") && u.origin !== origin) offOrigin.push(u.origin);
  });
  const response = await page.goto(url, { waitUntil: "load" });
  // Chunks the page asks for right after load (lazy components) count too.
  await page.waitForTimeout(1000);
  const timing = await page.evaluate((): Timing => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return { ttfb: nav?.responseStart ?? NaN, dcl: nav?.domContentLoadedEventEnd ?? NaN, load: nav?.loadEventEnd ?? NaN, fcp: fcp?.startTime ?? NaN };
  });
  const out: Load = { status: response?.status() ?? 0, requests: finished.length, jsRequests: 0, jsServed: 0, jsDecoded: 0, jsBrotli: 0, allServed: 0, encodings: new Set(), ...timing, offOrigin, cspBlocked, scripts: new Map() };
  for (const r of finished) {
    const sizes = await r.sizes();
    out.allServed += sizes.responseBodySize + sizes.responseHeadersSize;
    if (r.resourceType() !== "script") continue;
    const res = await r.response();
    const body = res ? await res.body() : Buffer.alloc(0);
    out.jsRequests++;
    out.jsServed += sizes.responseBodySize;
    out.jsDecoded += body.length;
    out.jsBrotli += brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const encoding = (await res?.headerValue("content-encoding")) ?? "identity";
    out.encodings.add(encoding);
    out.scripts.set(new URL(r.url()).pathname, { served: sizes.responseBodySize, encoding });
  }
  await context.close();
  return out;
}

console.log("starting the app (scripts/start.ts) on a scratch database…");
const app = await startApp({ base, port: APP_PORT, sandboxPort: SANDBOX_PORT });
let browser: Browser | null = null;
try {
  const sessionId = await createSession(app);
  const launch = config.use?.launchOptions ?? {};
  browser = await chromium.launch({ ...launch, executablePath: launch.executablePath ?? "/usr/bin/chromium" });
  const pages = [
    { name: `/pay/<session> (checkout, card form)`, path: `/pay/${sessionId}` },
    { name: "baseline: / (home, root layout + one static list)", path: "/" },
    { name: "baseline: 404 page (Next's built-in not-found)", path: "/bench-no-such-page" },
  ];
  const results: Array<{ name: string; loads: Load[]; blocked: number }> = [];
  for (const p of pages) {
    // Warm-up load, not counted, with the page's own CSP in force: scripts it blocks.
    const enforced = await loadOnce(browser, `${app.url}${p.path}`, app.url, false);
    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await loadOnce(browser, `${app.url}${p.path}`, app.url));
    results.push({ name: p.name, loads, blocked: enforced.cspBlocked });
  }

  // First byte without a browser: many sequential requests per page, taken in turn, so the
  // server's own time is compared with less noise than a handful of browser loads gives.
  const firstBytes = new Map<string, number[]>(pages.map((p) => [p.path, []]));
  for (let i = 0; i < FETCHES; i++) {
    for (const p of pages) {
      const started = performance.now();
      const res = await fetch(`${app.url}${p.path}`, { headers: { "accept-encoding": "gzip", "user-agent": "Mozilla/5.0 (bench) Chrome/140" } });
      const reader = res.body?.getReader();
      await reader?.read();
      firstBytes.get(p.path)?.push(performance.now() - started);
      await reader?.cancel();
    }
  }

  const ref = results.find((r) => r.name.startsWith("baseline: /"));
  const med = (loads: Load[], f: (l: Load) => number) => median(loads.map(f));
  const table = [["page", "HTTP", "requests", "JS requests", "JS KiB served", "encoding", "JS KiB decoded", "JS KiB if brotli", "all KiB served", "JS served vs /", "TTFB ms", "DCL ms", "load ms", "FCP ms", "blocked by own CSP"]];
  for (const r of results) {
    const first = r.loads[0];
    table.push([
      r.name,
      String(first?.status ?? "-"),
      String(med(r.loads, (l) => l.requests)),
      String(med(r.loads, (l) => l.jsRequests)),
      kb(med(r.loads, (l) => l.jsServed)),
      first ? [...first.encodings].join(",") : "-",
      kb(med(r.loads, (l) => l.jsDecoded)),
      kb(med(r.loads, (l) => l.jsBrotli)),
      kb(med(r.loads, (l) => l.allServed)),
      ref ? ratio(med(r.loads, (l) => l.jsServed), med(ref.loads, (l) => l.jsServed)) : "-",
      ms(med(r.loads, (l) => l.ttfb)),
      ms(med(r.loads, (l) => l.dcl)),
      ms(med(r.loads, (l) => l.load)),
      ms(med(r.loads, (l) => l.fcp)),
      String(r.blocked),
    ]);
  }
  console.log(`\nPage weight and load timing, median of ${LOADS} cold loads each (fresh browser context, after one warm-up load); ${machine()}.`);
  console.log("Served = response body bytes on the wire (Content-Encoding as next start sends it); decoded = after decompression; brotli = the same scripts at quality 11, for reference.");
  console.log("TTFB / DCL / load = PerformanceNavigationTiming responseStart / domContentLoadedEventEnd / loadEventEnd; FCP = first-contentful-paint. Chromium headless, loopback, no throttling.");
  console.log("Measured loads bypass the page's CSP so every page's scripts are counted; the last column is how many script loads the page's own CSP blocked in a load without the bypass.\n");
  printTable(table);
  const fbRef = firstBytes.get("/") ?? [];
  const fbTable = [["page", "first byte p50 ms", "p90 ms", "p50 vs /"]];
  for (const p of pages) {
    const xs = firstBytes.get(p.path) ?? [];
    fbTable.push([p.name, ms(median(xs)), ms(percentile(xs, 90)), ratio(median(xs), median(fbRef))]);
  }
  console.log(`\nFirst byte over HTTP without a browser (fetch until the first body chunk), ${FETCHES} sequential requests per page taken in turn:\n`);
  printTable(fbTable);

  // What the checkout loads that the bare page does not: where any excess comes from.
  const checkout = results[0]?.loads[0];
  const bare = ref?.loads[0];
  if (checkout && bare) {
    const extra = [...checkout.scripts].filter(([p]) => !bare.scripts.has(p)).sort((a, b) => b[1].served - a[1].served);
    console.log(`\nScripts the checkout loads that / does not (${extra.length}, ${kb(extra.reduce((n, [, v]) => n + v.served, 0))} KiB served):`);
    for (const [p, v] of extra) console.log(`  ${kb(v.served).padStart(8)} KiB  ${v.encoding.padEnd(8)}  ${p}`);
  }
  const foreign = new Set(results.flatMap((r) => r.loads.flatMap((l) => l.offOrigin)));
  console.log(`\nRequests to other origins: ${foreign.size === 0 ? "none" : [...foreign].join(", ")}`);
  const complaints = app.complaints();
  console.log(`App log lines at warn/error during the run: ${complaints.length}`);
  for (const line of complaints.slice(0, 5)) console.log(`  ${line.slice(0, 300)}`);
} finally {
  if (browser) await browser.close();
  await app.stop();
}
