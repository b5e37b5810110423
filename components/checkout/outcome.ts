import type { OperationStatus } from "@/lib/operations/status";
import type { PaymentState } from "@/lib/checkout/payment-progress";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";

// Kept out of the "use client" components so server pages can call it: a function
// imported from a client module is only a reference on the server, not callable.

export type Outcome = "succeeded" | "declined" | "failed" | "cancelled" | "expired";

/** The result page's outcome for an attempt's final status. */
export function outcomeOf(status: OperationStatus): Outcome {
  return status === "succeeded" || status === "declined" || status === "cancelled" || status === "expired" ? status : "failed";
}

/** The payer's sentence for an attempt's outcome: the page's translation of its key, else the English text. */
export function outcomeMessage(texts: Pick<CheckoutTexts, "outcomes">, state: Pick<PaymentState, "message" | "messageKey">): string | null {
  return (state.messageKey ? texts.outcomes[state.messageKey] : undefined) ?? state.message;
}

/**
 * The page's translation of a message from an API error body, by the key the body carries
 * (`checkout:<key>` from the shared catalogs' Errors or Validation, `<provider>:<key>` from
 * the session's connector); the fallback when there is no key or the page does not know it.
 */
export function serverMessage(texts: Pick<CheckoutTexts, "errors" | "validation" | "outcomes">, key: string | undefined, fallback: string): string {
  if (!key) return fallback;
  const own = key.startsWith("checkout:") ? key.slice("checkout:".length) : null;
  const shared = own ? ((texts.errors as Record<string, string>)[own] ?? (texts.validation as Record<string, string>)[own]) : undefined;
  return shared ?? texts.outcomes[key] ?? fallback;
}
