// ISO 4217 facts come from the runtime's ICU data rather than a hand-kept table.
const SUPPORTED: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

export function isCurrency(code: string): boolean {
  return SUPPORTED.has(code);
}

export function minorUnits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "€12.34" style amount for people, from minor units. */
export function formatAmount(amount: number, currency: string, locale = "en-GB"): string {
  const digits = minorUnits(currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amount / 10 ** digits,
  );
}
