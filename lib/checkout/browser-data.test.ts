import { describe, expect, it } from "vitest";
import { browserDataFrom, challengeWindowFor, mapColorDepth } from "./browser-data";

describe("3DS2 browser data", () => {
  it("maps colour depth onto the accepted values, rounding down", () => {
    expect([1, 4, 8, 15, 16, 24, 32, 48].map(mapColorDepth)).toEqual([1, 4, 8, 15, 16, 24, 32, 48]);
    expect(mapColorDepth(30)).toBe(24);
    expect(mapColorDepth(2)).toBe(1);
    expect(mapColorDepth(64)).toBe(48);
    expect(mapColorDepth(0)).toBe(24);
    expect(mapColorDepth(Number.NaN)).toBe(24);
  });

  it("picks the largest challenge window that fits, full screen on phones", () => {
    expect(challengeWindowFor(375, 667)).toBe(5);
    expect(challengeWindowFor(1280, 800)).toBe(3);
    expect(challengeWindowFor(700, 500)).toBe(4);
    expect(challengeWindowFor(520, 450)).toBe(2);
  });

  it("fills the rest from the browser", () => {
    const data = browserDataFrom({ screen: { width: 1920, height: 1080, colorDepth: 24 }, innerWidth: 1280, innerHeight: 720, language: "de-DE", timezoneOffset: -60 });
    expect(data).toEqual({
      screenWidth: 1920,
      screenHeight: 1080,
      colorDepth: 24,
      timezoneOffset: -60,
      language: "de-DE",
      javaEnabled: false,
      javascriptEnabled: true,
      challengeWindow: 3,
    });
  });
});
