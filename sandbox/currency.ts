import iso4217 from "currency-codes";

// ISO 4217 minor units, as the providers count amounts ("fiat_amount ... in minor unit
// form"). The sandbox keeps its own reading of the list rather than importing the
// checkout's: a provider does not share code with its merchants. Both read the same
// ISO list (the currency-codes package), and test/currency-agreement.test.ts checks that
// the checkout and the sandbox print every amount alike.

const DIGITS: ReadonlyMap<string, number> = new Map(iso4217.data.map((c) => [c.code, c.digits]));

/** The currency's ISO 4217 exponent; 2 for a code the list does not know (the API schemas refuse those first). */
export function minorUnits(currency: string): number {
  return DIGITS.get(currency) ?? 2;
}

export function isIsoCurrency(currency: string): boolean {
  return DIGITS.has(currency);
}

/** Minor units to the major-unit number (2490 HUF -> 24.9, 2490 JPY -> 2490, 2490 KWD -> 2.49). */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorUnits(currency);
}

/** What the mock issuer and invoice pages show: "€24.90", "HUF 24.90", "JP¥2,490", "KWD 2.490". */
export function formatAmount(minor: number, currency: string): string {
  const digits = minorUnits(currency);
  return new Intl.NumberFormat("en-GB", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(toMajor(minor, currency));
}
