import { redactString } from "@/lib/log";
import type { FinalStatus } from "@/lib/operations/status";
import type { PayerOutcome } from "@/lib/providers/types";

// Paysecure's documented error messages, each with the decline code the checkout records
// and what the payer reads. The document gives messages but no codes (its `code` is only
// "error_code" in the example), so errors are recognised by their message, and the codes
// below are ours. What the payer reads is written for a person at a checkout: what
// happened, whose problem it is, and what they can do; the provider's own words are kept
// as the decline reason and in the operation's history, never shown to the payer.

export const PAYSECURE_ERRORS = [
  {
    message: "Client Ip could not be matched with Merchant Ip",
    code: "IP_NOT_MATCHED",
    // The shop's server is not on the address list Paysecure knows for it.
    outcome: {
      message: "The shop's connection to its payment provider is not set up correctly, so this payment could not be taken. You have not been charged. Please try again later or contact the shop.",
      retry: "try_again",
    },
  },
  {
    message: "Invalid Card Information",
    code: "INVALID_CARD",
    outcome: { message: "The card details were not accepted. Check the card number, expiry date and security code and try again, or use another card.", retry: "try_again" },
  },
  {
    message: "Card is Blocked",
    code: "CARD_BLOCKED",
    outcome: { message: "This card is blocked and cannot be used. Please use another card, or contact your bank.", retry: "another_card" },
  },
  {
    message: "Different Type of key used to create purchase and payment",
    code: "KEY_TYPE_MISMATCH",
    // Test and live keys mixed up in the shop's account: nothing the payer did.
    outcome: {
      message: "The shop's payment account is set up inconsistently, so this payment could not be taken. You have not been charged. Please contact the shop or try again later.",
      retry: "try_again",
    },
  },
  {
    message: "You charges setting is incomplete. Please Contact to administrator",
    code: "CHARGES_INCOMPLETE",
    outcome: {
      message: "The shop has not finished setting up card payments with its payment provider. This is not a problem with your card, and you have not been charged. Please contact the shop.",
      retry: "try_again",
    },
  },
  {
    message: "Allowed Attempt for this Transaction has been consumed",
    code: "ATTEMPTS_CONSUMED",
    outcome: {
      message: "This order has reached the maximum number of payment attempts, so it cannot be paid here any more. You have not been charged. Return to the shop to place the order again.",
      retry: "none",
    },
  },
  {
    message: "Invalid Card Expiry(Valid Format:MM/YY) must be greater than current month/year",
    code: "INVALID_EXPIRY",
    outcome: { message: "The card's expiry date was not accepted: the card must still be valid. Check the date on the card and try again, or use another card.", retry: "try_again" },
  },
  {
    message: "Customer profile is Blocked",
    code: "CUSTOMER_BLOCKED",
    // The block is on the customer (the email the order carries): no card or retry here helps.
    outcome: { message: "The payment provider cannot accept payments for this order's customer account. You have not been charged. Please contact the shop.", retry: "none" },
  },
  {
    message: "Customer/Card not allowed for transaction",
    code: "NOT_ALLOWED",
    outcome: { message: "This card cannot be used for this payment. Please use another card, or contact your bank.", retry: "another_card" },
  },
] as const satisfies ReadonlyArray<{ message: string; code: string; outcome: PayerOutcome }>;

export type PaysecureErrorCode = (typeof PAYSECURE_ERRORS)[number]["code"];

/** Codes for what the document does not list: facts read back after the payer's redirect, and the unknown. */
export const OTHER_CODES = {
  /** A refusal whose message is not one of the documented nine. */
  unrecognised: "PAYSECURE_REFUSED",
  /** The purchase ended in error after the redirect: the issuer declined. */
  declined: "DECLINED",
  /** The purchase ended in error at 3-D Secure. */
  threeDsFailed: "3DS_FAILED",
  /** Paysecure never took the card: the purchase is still unpaid, long after it was sent. */
  cardNotReceived: "CARD_NOT_RECEIVED",
  /** The purchase expired or was cancelled at Paysecure before it was paid. */
  purchaseEnded: "PURCHASE_ENDED",
  /** The merchant's Paysecure account lacks a credential; nothing was sent. */
  accountIncomplete: "ACCOUNT_INCOMPLETE",
} as const;

const OTHER_OUTCOMES: Record<string, PayerOutcome> = {
  [OTHER_CODES.declined]: { message: "Your bank declined the payment. Try another card or contact your bank.", retry: "another_card" },
  [OTHER_CODES.threeDsFailed]: {
    message: "The payment was not confirmed with your bank (3-D Secure), so nothing was taken. Try again, or use another card.",
    retry: "try_again",
  },
  [OTHER_CODES.cardNotReceived]: {
    message: "The payment provider confirmed that it never received your card, so you have not been charged. Please try again.",
    retry: "try_again",
  },
  [OTHER_CODES.purchaseEnded]: { message: "The payment was not completed in time, so you have not been charged. Please try again.", retry: "try_again" },
  [OTHER_CODES.accountIncomplete]: {
    message: "The shop's card payments are not fully set up, so this payment could not be taken. You have not been charged. Please contact the shop.",
    retry: "try_again",
  },
};

const UNRECOGNISED_REFUSAL: PayerOutcome = {
  message: "The payment provider did not accept this payment, and you have not been charged. Please try again, or use another card.",
  retry: "another_card",
};
const UNRECOGNISED_DECLINE: PayerOutcome = OTHER_OUTCOMES[OTHER_CODES.declined] ?? UNRECOGNISED_REFUSAL;

/** Case, spacing and a trailing full stop vary between renditions of the same message. */
function normalise(message: string): string {
  return message.trim().replace(/\s+/g, " ").replace(/\.$/, "").toLowerCase();
}

const BY_MESSAGE = new Map<string, (typeof PAYSECURE_ERRORS)[number]>(PAYSECURE_ERRORS.map((e) => [normalise(e.message), e]));
const BY_CODE = new Map<string, PayerOutcome>([...PAYSECURE_ERRORS.map((e) => [e.code, e.outcome] as const), ...Object.entries(OTHER_OUTCOMES)]);

/** The documented error a message names, if any. */
export function documentedError(message: string | null | undefined): (typeof PAYSECURE_ERRORS)[number] | null {
  return message ? (BY_MESSAGE.get(normalise(message)) ?? null) : null;
}

/**
 * The decline the checkout records for a Paysecure error body: our code, and the
 * provider's own words as the reason (card-number shapes masked, length bounded).
 */
export function declineOf(body: { message?: string | null; code?: string | number | null }, fallbackCode: string = OTHER_CODES.unrecognised): { code: string; reason: string } {
  const known = documentedError(body.message);
  const reason = redactString((body.message ?? "").trim()).slice(0, 300) || (body.code !== null && body.code !== undefined ? String(body.code) : fallbackCode);
  return { code: known?.code ?? fallbackCode, reason };
}

/** What the payer reads for a final non-success the connector recorded. */
export function paysecurePayerOutcome(outcome: { status: FinalStatus; declineCode: string | null; declineReason: string | null }): PayerOutcome {
  const byCode = outcome.declineCode ? BY_CODE.get(outcome.declineCode) : undefined;
  if (byCode) return byCode;
  // A decline recorded before its code was known still names a documented message.
  const byReason = documentedError(outcome.declineReason);
  if (byReason) return byReason.outcome;
  return outcome.status === "declined" ? UNRECOGNISED_DECLINE : UNRECOGNISED_REFUSAL;
}
