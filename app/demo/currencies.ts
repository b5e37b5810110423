// What the demo shop sells in: the common two-decimal currencies and one of each other
// ISO 4217 exponent (HUF is two-decimal by ISO though cash has none, JPY none, KWD three).
export const DEMO_CURRENCIES = ["EUR", "USD", "GBP", "PLN", "HUF", "JPY", "KWD"] as const;
