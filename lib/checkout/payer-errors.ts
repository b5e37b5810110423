import { AppError, type ErrorCode, type FieldError } from "@/lib/errors";
import { CATALOGS, type Messages } from "@/lib/i18n/catalogs";

// Errors the payer's page shows. The body keeps the English sentence for API callers and
// logs, and carries its key so the page can show its own translation of it (messages/*.json,
// Errors and Validation); an error without a key is shown by the page's general sentence.

export type CheckoutErrorKey = keyof Messages["Errors"];
export type CheckoutFieldKey = CheckoutErrorKey | keyof Messages["Validation"];

/** The prefix of the checkout's own message keys (a connector's are `<provider>:`). */
const CHECKOUT = "checkout";

function english(key: CheckoutFieldKey): string {
  const en = CATALOGS.en;
  return key in en.Errors ? en.Errors[key as CheckoutErrorKey] : en.Validation[key as keyof Messages["Validation"]];
}

/** An error whose message is the catalog's English sentence, keyed for the payer's page. */
export function payerError(code: ErrorCode, key: CheckoutErrorKey, options?: { fields?: FieldError[]; retryAfterSeconds?: number }): AppError {
  return new AppError(code, english(key), { ...options, messageKey: `${CHECKOUT}:${key}` });
}

/** One field's problem, in English with its key. */
export function payerFieldError(path: string, key: CheckoutFieldKey): FieldError {
  return { path, message: english(key), code: `${CHECKOUT}:${key}` };
}
