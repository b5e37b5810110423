import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CURRENCY_CODES, formatAmount, minorUnits } from "@/lib/checkout/currency";
import * as sandbox from "@/sandbox/currency";

// The checkout and the provider sandbox each read ISO 4217 on their own (the sandbox
// never imports lib/). A payer must see the same amount on our page and the provider's,
// so both must agree on every currency's exponent and print every amount alike.
describe("checkout and sandbox agree on ISO 4217", () => {
  it("has the same exponent for every currency a session can use", () => {
    for (const c of CURRENCY_CODES) expect(sandbox.minorUnits(c), c).toBe(minorUnits(c));
  });

  it("prints the same text for any amount in any currency", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURRENCY_CODES), fc.integer({ min: 1, max: 99_999_999_999 }), (currency, amount) => {
        expect(sandbox.formatAmount(amount, currency)).toBe(formatAmount(amount, currency));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["HUF", "HUF\u00a024.90"],
    ["JPY", "JP¥2,490"],
    ["KWD", "KWD\u00a02.490"],
    ["EUR", "€24.90"],
  ])("2490 %s reads %j on both", (currency, text) => {
    expect(formatAmount(2490, currency)).toBe(text);
    expect(sandbox.formatAmount(2490, currency)).toBe(text);
  });
});
