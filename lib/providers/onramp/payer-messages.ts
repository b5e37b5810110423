import type { OnrampErrorReason } from "./schemas";

// What the payer reads for each documented ON/RAMP decline reason. Written for a person
// at a checkout: what happened, and what they can do about it.
const MESSAGES: Record<OnrampErrorReason | "NOT_RECEIVED", string> = {
  DO_NOT_HONOR: "Your bank declined the payment. Try another card or contact your bank.",
  "3DS_DECLINED": "The payment was not confirmed with your bank (3-D Secure). Try again, or use another card.",
  EXPIRED_CARD: "Your card has expired. Try another card.",
  TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: "Your bank does not allow this kind of payment on your card. Try another card or contact your bank.",
  ISSUER_OFFLINE: "Your bank could not be reached. Wait a few minutes and try again, or use another card.",
  UNSUPPORTED_CARD_COUNTRY: "Cards issued in your card's country cannot be used here. Try another card.",
  INSUFFICIENT_FUNDS: "Your bank declined the payment: insufficient funds. Try another card.",
  UNSUPPORTED_CARD_TYPE: "This type of card cannot be used here. Try another card.",
  UNSUPPORTED_CURRENCY: "Your card cannot be charged in this currency. Try another card.",
  INVALID_CARDNUMBER: "The card number is not valid. Check it and try again.",
  CVV2_FAILURE: "The security code did not match. Check the code on the back of your card and try again.",
  UNSPECIFIED_CC_ERR: "The payment could not be completed. Try again or use another card.",
  NOT_RECEIVED: "Your bank did not transfer the funds. Try again or choose another way to pay.",
};

const FALLBACK = "The payment was declined. Try again or use another card.";

/** A human message for an ON/RAMP decline reason; unknown reasons get a general one. */
export function onrampPayerMessage(reason: string | null | undefined): string {
  if (!reason) return FALLBACK;
  return (MESSAGES as Record<string, string>)[reason] ?? FALLBACK;
}
