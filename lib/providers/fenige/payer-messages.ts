import type { PayerOutcome } from "@/lib/providers/types";
import type { FenigeErrorStatus } from "./schemas";

// What the payer reads for every way a Fenige payment can end without success: each
// documented errorStatus, each authentication result that is not a pass, and the codes the
// connector records itself. Every "not charged" here is true by construction: these are
// either refusals (4xx) or failures before send-money was sent.

/** The connector's own decline codes, beside Fenige's errorStatus values. */
export const FENIGE_DECLINE_CODES = [
  "AUTHENTICATION_N",
  "AUTHENTICATION_R",
  "AUTHENTICATION_U",
  "AUTHENTICATION_OTHER",
  "AUTHENTICATION_UNREADABLE",
  "NOT_ANSWERED",
  "CHALLENGE_TIMEOUT",
  "AUTHENTICATION_ABANDONED",
  "CARD_DATA_EXPIRED",
  "CARD_DATA_NOT_SENT",
  "SEND_MONEY_FAILURE",
] as const;
export type FenigeDeclineCode = (typeof FENIGE_DECLINE_CODES)[number];

const SERVICE_PROBLEM: PayerOutcome = { message: "The payment service had a problem. You have not been charged; please try again in a few minutes.", retry: "try_again" };
const SHOP_CANNOT_RECEIVE: PayerOutcome = {
  message: "The shop cannot receive this payment through the wallet right now. You have not been charged; please try again later or pay another way.",
  retry: "try_again",
};
const SERVICE_UNUSABLE: PayerOutcome = { message: "The wallet payment service cannot be used right now. You have not been charged; please try again later.", retry: "try_again" };

export const ERROR_OUTCOMES: Record<FenigeErrorStatus, PayerOutcome> = {
  ERROR_VALIDATION: { message: "Some payment details were not accepted. Check them and try again; you have not been charged.", retry: "try_again" },
  ERROR_BAD_TOKEN: SERVICE_UNUSABLE,
  CRYPTOGRAPHY_ERROR: SERVICE_UNUSABLE,
  PRODUCT_NOT_FOUND: SERVICE_UNUSABLE,
  INVALID_PHONE_NUMBERS: { message: "The phone number was not accepted. Enter it with the country code, for example +48 500 000 001.", retry: "try_again" },
  ERROR_SENDER_CARD_NOT_ACTIVE: { message: "The card in your wallet is not active. Activate it in your wallet app, or pay another way.", retry: "another_card" },
  ERROR_SENDER_CARD_IS_BLOCKED: { message: "The card in your wallet is blocked. Contact the bank that issued it, or pay another way.", retry: "another_card" },
  ERROR_RECEIVER_CARD_NOT_ACTIVE: SHOP_CANNOT_RECEIVE,
  ERROR_RECEIVER_CARD_IS_BLOCKED: SHOP_CANNOT_RECEIVE,
  ERROR_WHILE_GETTING_RECEIVER_COUNTRY_CODE: SHOP_CANNOT_RECEIVE,
  ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER: { message: "This shop does not accept cards of this kind. You have not been charged; pay with another card.", retry: "another_card" },
  ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE: { message: "The country of your wallet card could not be determined, so it cannot be used here. Pay with another card.", retry: "another_card" },
  // Documented without saying whose card: the payer's is the one they can change.
  ERROR_WHILE_GETTING_COUNTRY_CODE: { message: "The country of a card in this payment could not be determined. You have not been charged; pay with another card.", retry: "another_card" },
  CANT_FIND_CARD: { message: "The card in your wallet could not be found. Check the phone number, or pay another way.", retry: "another_card" },
  FRIEND_NOT_EXISTS: SHOP_CANNOT_RECEIVE,
  ERROR_ON_GETTING_DEFAULT_CARD: SHOP_CANNOT_RECEIVE,
  PROCESS_NOT_ALLOWED: { message: "The payment steps did not happen in the expected order. You have not been charged; please try again.", retry: "try_again" },
  TRANSACTION_NOT_FOUND: SERVICE_PROBLEM,
  UNKNOWN_ERROR: SERVICE_PROBLEM,
  INTERNAL_SERVER_ERROR: SERVICE_PROBLEM,
  FENIGE_ERROR: SERVICE_PROBLEM,
};

export const OWN_OUTCOMES: Record<FenigeDeclineCode, PayerOutcome> = {
  AUTHENTICATION_N: { message: "Your bank did not confirm the payment (3-D Secure). Try again, or pay with another card.", retry: "try_again" },
  AUTHENTICATION_R: { message: "Your bank refused this payment when verifying it. Pay with another card or contact your bank.", retry: "another_card" },
  AUTHENTICATION_U: { message: "Your bank could not verify the payment right now. You have not been charged; try again in a few minutes, or pay with another card.", retry: "try_again" },
  AUTHENTICATION_OTHER: { message: "Your bank did not complete the verification of this payment. You have not been charged; please try again.", retry: "try_again" },
  AUTHENTICATION_UNREADABLE: { message: "The verification with your bank could not be completed. You have not been charged; please try again.", retry: "try_again" },
  NOT_ANSWERED: { message: "The payment service did not answer while checking your payment. You have not been charged; please try again.", retry: "try_again" },
  CHALLENGE_TIMEOUT: { message: "The verification with your bank was not completed in time. You have not been charged; you can try again.", retry: "try_again" },
  AUTHENTICATION_ABANDONED: { message: "The verification with your bank was not finished. You have not been charged; you can try again.", retry: "try_again" },
  CARD_DATA_EXPIRED: { message: "Your security code could not be read for this payment. You have not been charged; enter it again to pay.", retry: "try_again" },
  CARD_DATA_NOT_SENT: { message: "The payment was not finished: your card's security code was not confirmed in time. You have not been charged; you can try again.", retry: "try_again" },
  SEND_MONEY_FAILURE: { message: "Your bank declined the payment. Try again, or pay with another card.", retry: "another_card" },
};

const FALLBACK: PayerOutcome = { message: "The payment did not go through. Try again, or pay another way.", retry: "try_again" };

/** The payer's reading of a recorded Fenige decline code; unknown codes get a general one. */
export function fenigePayerOutcome(code: string | null | undefined): PayerOutcome {
  if (!code) return FALLBACK;
  return (OWN_OUTCOMES as Record<string, PayerOutcome>)[code] ?? (ERROR_OUTCOMES as Record<string, PayerOutcome>)[code] ?? FALLBACK;
}
