import iso4217 from "currency-codes";

// Minor units come from ISO 4217 itself (currency-codes ships list one), not from the
// runtime's ICU data: CLDR gives some currencies the digits people use in cash (HUF 0,
// IDR 0, COP 0, IQD 0) where ISO 4217, which the providers count in, says 2 or 3. With
// ICU our page showed HUF 2490 minor units as "HUF 2,490" while the provider charged 24.90.
// The provider sandbox reads the same list (sandbox/currency.ts); test/currency-agreement
// checks that both print every amount alike.

// Codes ISO lists with minor unit "N.A.": precious metals, bond units, SDR, test and
// "no currency". Nothing can be charged in them.
const NOT_MONEY: ReadonlySet<string> = new Set(["XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX"]);

const DIGITS: ReadonlyMap<string, number> = new Map(iso4217.data.filter((c) => !NOT_MONEY.has(c.code)).map((c) => [c.code, c.digits]));

/** Every currency a session may be created in, ISO 4217 alpha-3. */
export const CURRENCY_CODES: readonly string[] = [...DIGITS.keys()].sort();

export function isCurrency(code: string): boolean {
  return DIGITS.has(code);
}

/** ISO 4217 minor units (exponent): EUR 2, JPY 0, HUF 2, KWD 3. */
export function minorUnits(currency: string): number {
  const digits = DIGITS.get(currency);
  if (digits === undefined) throw new RangeError(`Not an ISO 4217 currency: ${currency}`);
  return digits;
}

/** A major-unit amount ("24.90" EUR, "2490" JPY) in minor units, or null when it has more decimals than the currency. */
export function toMinorUnits(major: number, currency: string): number | null {
  const digits = minorUnits(currency);
  const minor = Math.round(major * 10 ** digits);
  return Math.abs(minor / 10 ** digits - major) < 1e-9 ? minor : null;
}

/** "€12.34" style amount for people, from minor units, with exactly the currency's ISO decimals. */
export function formatAmount(amount: number, currency: string, locale = "en-GB"): string {
  // A code ISO has since withdrawn (HRK) may still be on an old record: print it with ICU's digits rather than fail the page.
  const digits = DIGITS.get(currency) ?? new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount / 10 ** digits);
}
