import type { PayerOutcome } from "@/lib/providers/types";
import type { OnrampErrorReason } from "./schemas";

// What the payer reads for each documented ON/RAMP decline reason. Written for a person
// at a checkout: what happened, and what they can do about it.
const OUTCOMES: Record<OnrampErrorReason | "NOT_RECEIVED", PayerOutcome> = {
  DO_NOT_HONOR: { message: "Your bank declined the payment. Try another card or contact your bank.", retry: "another_card" },
  "3DS_DECLINED": { message: "The payment was not confirmed with your bank (3-D Secure). Try again, or use another card.", retry: "try_again" },
  EXPIRED_CARD: { message: "Your card has expired. Try another card.", retry: "another_card" },
  TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: {
    message: "Your bank does not allow this kind of payment on your card. Try another card or contact your bank.",
    retry: "another_card",
  },
  ISSUER_OFFLINE: { message: "Your bank could not be reached. Wait a few minutes and try again, or use another card.", retry: "try_again" },
  UNSUPPORTED_CARD_COUNTRY: { message: "Cards issued in your card's country cannot be used here. Try another card.", retry: "another_card" },
  INSUFFICIENT_FUNDS: { message: "Your bank declined the payment: insufficient funds. Try another card.", retry: "another_card" },
  UNSUPPORTED_CARD_TYPE: { message: "This type of card cannot be used here. Try another card.", retry: "another_card" },
  UNSUPPORTED_CURRENCY: { message: "Your card cannot be charged in this currency. Try another card.", retry: "another_card" },
  INVALID_CARDNUMBER: { message: "The card number is not valid. Check it and try again.", retry: "try_again" },
  CVV2_FAILURE: { message: "The security code did not match. Check the code on the back of your card and try again.", retry: "try_again" },
  UNSPECIFIED_CC_ERR: { message: "The payment could not be completed. Try again or use another card.", retry: "try_again" },
  NOT_RECEIVED: { message: "Your bank did not transfer the funds. Try again or choose another way to pay.", retry: "try_again" },
};

const FALLBACK: PayerOutcome = { message: "The payment was declined. Try again or use another card.", retry: "another_card" };

/** A human reading of an ON/RAMP decline reason; unknown reasons get a general one. */
export function onrampPayerOutcome(reason: string | null | undefined): PayerOutcome {
  if (!reason) return FALLBACK;
  return (OUTCOMES as Record<string, PayerOutcome>)[reason] ?? FALLBACK;
}

/** The payer's message alone, for callers that only show text. */
export function onrampPayerMessage(reason: string | null | undefined): string {
  return onrampPayerOutcome(reason).message;
}
