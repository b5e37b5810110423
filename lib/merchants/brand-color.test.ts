import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AA_NORMAL_TEXT, PAGE_BACKGROUND, brandPalette, contrastRatio, relativeLuminance, shadeWithContrast } from "./brand-color";

const hex = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`);
const WHITE = "#ffffff";

describe("WCAG contrast", () => {
  it("matches the reference values", () => {
    expect(relativeLuminance(WHITE)).toBeCloseTo(1, 10);
    expect(relativeLuminance("#000000")).toBe(0);
    expect(contrastRatio("#000000", WHITE)).toBeCloseTo(21, 10);
    expect(contrastRatio(WHITE, WHITE)).toBe(1);
    // Known pairs: #767676 is the lightest grey passing 4.5:1 on white, #777777 fails.
    expect(contrastRatio("#767676", WHITE)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio("#777777", WHITE)).toBeLessThan(4.5);
    expect(contrastRatio("#4338ca", WHITE)).toBeCloseTo(7.9, 1);
  });
});

describe("shadeWithContrast", () => {
  it("keeps a colour that already reaches 4.5:1", () => {
    expect(shadeWithContrast("#4338CA")).toBe("#4338ca");
    expect(shadeWithContrast("#767676", WHITE)).toBe("#767676");
    expect(shadeWithContrast("#000000")).toBe("#000000");
  });

  it("turns #777777 into #767676 on white, the lightest passing grey", () => {
    expect(shadeWithContrast("#777777", WHITE)).toBe("#767676");
  });

  it("holds on the page's slate-50 background too, which is a little darker than white", () => {
    // #767676 passes on white but not on slate-50, where the page's footer links sit.
    expect(contrastRatio("#767676", PAGE_BACKGROUND)).toBeLessThan(4.5);
    expect(contrastRatio(shadeWithContrast("#767676"), PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(["#ffffff", "#ffff00", "#ffd000", "#00ff00", "#87ceeb", "#ff7f50", "#777777", "#e8e8e8"])("darkens %s just enough to reach AA on the page and on white", (color) => {
    const shade = shadeWithContrast(color);
    expect(shade).not.toBe(color);
    expect(contrastRatio(shade, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    expect(contrastRatio(shade, WHITE)).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    // Just enough: the shade stays as light as whole channel values allow.
    expect(contrastRatio(shade, PAGE_BACKGROUND)).toBeLessThan(AA_NORMAL_TEXT + 0.1);
  });

  it("reaches 4.5:1 for any colour, changing it only as much as needed", () => {
    fc.assert(
      fc.property(hex, (color) => {
        const shade = shadeWithContrast(color);
        expect(contrastRatio(shade, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
        expect(contrastRatio(shade, WHITE)).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
        expect(relativeLuminance(shade)).toBeLessThanOrEqual(relativeLuminance(color));
        if (shade !== color) expect(contrastRatio(shade, PAGE_BACKGROUND)).toBeLessThan(AA_NORMAL_TEXT + 0.1);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("brandPalette", () => {
  it("reports whether the chosen colour was adjusted, with a darker hover shade", () => {
    const kept = brandPalette("#4338CA");
    expect(kept).toMatchObject({ chosen: "#4338ca", brand: "#4338ca", adjusted: false });
    const yellow = brandPalette("#FFD000");
    expect(yellow.adjusted).toBe(true);
    expect(contrastRatio(yellow.brand, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    for (const p of [kept, yellow]) expect(contrastRatio(p.brandDark, WHITE)).toBeGreaterThan(contrastRatio(p.brand, WHITE));
  });

  it("refuses anything but #rrggbb", () => {
    for (const bad of ["red", "#fff", "#12345g", "1234567", "#1234567"]) expect(() => brandPalette(bad)).toThrow(RangeError);
  });
});
