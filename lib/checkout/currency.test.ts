import { describe, expect, it } from "vitest";
import { CURRENCY_CODES, formatAmount, isCurrency, minorUnits, toMinorUnits } from "./currency";

describe("ISO 4217 minor units", () => {
  it.each([
    ["EUR", 2, "€24.90"],
    ["HUF", 2, "HUF\u00a024.90"],
    ["JPY", 0, "JP¥2,490"],
    ["KWD", 3, "KWD\u00a02.490"],
    // CLDR's cash digits differ from ISO for these; ISO is what providers count in.
    ["IDR", 2, "IDR\u00a024.90"],
    ["COP", 2, "COP\u00a024.90"],
    ["IQD", 3, "IQD\u00a02.490"],
    ["CLF", 4, "CLF\u00a00.2490"],
  ])("%s has %i decimals and 2490 minor units read %j", (currency, digits, text) => {
    expect(minorUnits(currency)).toBe(digits);
    expect(formatAmount(2490, currency)).toBe(text);
  });

  it("accepts current currencies and refuses metals, test codes and unknown codes", () => {
    for (const c of ["EUR", "HUF", "JPY", "KWD", "PLN", "XOF", "XAF"]) expect(isCurrency(c), c).toBe(true);
    for (const c of ["XAU", "XXX", "XTS", "XDR", "ABC", "eur", "EURO"]) expect(isCurrency(c), c).toBe(false);
    expect(CURRENCY_CODES.length).toBeGreaterThan(150);
    expect(() => minorUnits("ABC")).toThrow(RangeError);
  });

  it("turns major amounts into minor units by the currency's exponent, refusing extra decimals", () => {
    expect(toMinorUnits(24.9, "EUR")).toBe(2490);
    expect(toMinorUnits(24.9, "HUF")).toBe(2490);
    expect(toMinorUnits(2490, "JPY")).toBe(2490);
    expect(toMinorUnits(2.49, "KWD")).toBe(2490);
    expect(toMinorUnits(0.1 + 0.2, "EUR")).toBe(30);
    expect(toMinorUnits(24.9, "JPY")).toBeNull();
    expect(toMinorUnits(1.2345, "KWD")).toBeNull();
  });

  it("still prints an amount in a code ISO has withdrawn since it was stored", () => {
    expect(formatAmount(2490, "HRK")).toBe("HRK\u00a024.90");
  });
});
