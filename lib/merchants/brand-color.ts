// WCAG 2.x contrast for the merchant's brand colour. The hosted page paints the brand
// colour behind white button text, and as link and focus colour on the white card and on
// the page's slate-50 background, so whatever a merchant picks, the colour actually used
// must reach 4.5:1 (AA for normal text) against the darker of those, slate-50; white,
// being lighter, then passes too. A colour that falls short is darkened towards black,
// which keeps its hue, just as far as needed.

export const HEX_COLOR = /^#[0-9a-f]{6}$/;
export const AA_NORMAL_TEXT = 4.5;
/** The hosted page's background (Tailwind slate-50), the darkest surface brand text sits on. */
export const PAGE_BACKGROUND = "#f8fafc";

type Rgb = readonly [number, number, number];

function parse(hex: string): Rgb {
  const h = hex.toLowerCase();
  if (!HEX_COLOR.test(h)) throw new RangeError(`Not a #rrggbb colour: ${hex}`);
  return [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2.x relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parse(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour mixed towards black by `amount` (0 keeps it, 1 is black). */
export function darken(hex: string, amount: number): string {
  const k = 1 - Math.min(1, Math.max(0, amount));
  return toHex(parse(hex).map((c) => c * k) as unknown as Rgb);
}

/**
 * The lightest shade of `hex` (itself, or darker) with at least `min`:1 contrast against
 * `background` (a light colour). Luminance only falls as the colour darkens, so a
 * bisection over the amount finds the least change; black always qualifies.
 */
export function shadeWithContrast(hex: string, background = PAGE_BACKGROUND, min = AA_NORMAL_TEXT): string {
  const color = hex.toLowerCase();
  if (contrastRatio(color, background) >= min) return color;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (contrastRatio(darken(color, mid), background) >= min) hi = mid;
    else lo = mid;
  }
  // Rounding to whole channel values can land just short; step on until it holds.
  let shade = darken(color, hi);
  for (let extra = hi; contrastRatio(shade, background) < min; extra += 1 / 255) shade = darken(color, extra);
  return shade;
}

export interface BrandPalette {
  /** The merchant's colour as chosen. */
  chosen: string;
  /** What the page paints: buttons behind white text, links and focus rings on white or slate-50. */
  brand: string;
  /** Hover and pressed state, darker still. */
  brandDark: string;
  /** Whether `brand` had to be darkened to reach AA. */
  adjusted: boolean;
}

export function brandPalette(hex: string): BrandPalette {
  const chosen = hex.toLowerCase();
  const brand = shadeWithContrast(chosen);
  return { chosen, brand, brandDark: darken(brand, 0.18), adjusted: brand !== chosen };
}
