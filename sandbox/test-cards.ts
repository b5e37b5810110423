/**
 * The sandbox's test data, as data: the sandbox decides outcomes from this table, serves
 * it at GET /_sandbox/test-data (the checkout's hints are checked against that), and mirrors it in
 * sandbox/README.md.
 */

export const ONRAMP_ERROR_REASONS = [
  "DO_NOT_HONOR",
  "3DS_DECLINED",
  "EXPIRED_CARD",
  "TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER",
  "ISSUER_OFFLINE",
  "UNSUPPORTED_CARD_COUNTRY",
  "INSUFFICIENT_FUNDS",
  "UNSUPPORTED_CARD_TYPE",
  "UNSUPPORTED_CURRENCY",
  "INVALID_CARDNUMBER",
  "CVV2_FAILURE",
  "UNSPECIFIED_CC_ERR",
] as const;
export type OnrampErrorReason = (typeof ONRAMP_ERROR_REASONS)[number];

/** Acquirer codes the sandbox puts in `rejected.error_code` (ISO 8583 style where one exists). */
export const ONRAMP_ERROR_CODES: Record<OnrampErrorReason, string> = {
  DO_NOT_HONOR: "05",
  "3DS_DECLINED": "3DS",
  EXPIRED_CARD: "54",
  TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: "57",
  ISSUER_OFFLINE: "91",
  UNSUPPORTED_CARD_COUNTRY: "R1",
  INSUFFICIENT_FUNDS: "51",
  UNSUPPORTED_CARD_TYPE: "R2",
  UNSUPPORTED_CURRENCY: "R3",
  INVALID_CARDNUMBER: "14",
  CVV2_FAILURE: "N7",
  UNSPECIFIED_CC_ERR: "96",
};

export type OnrampBehaviour =
  /** Final status at once; `pending`/`processing_user_payment` are recorded but not called back. */
  | { type: "accept_now" }
  | { type: "reject_now"; reason: OnrampErrorReason }
  /** Redirect to the mock ACS; the payer's Approve/Decline decides. */
  | { type: "three_ds"; version: 1 | 2; redirects: 1 | 2; skipIntermediateCallbacks: boolean }
  /** No redirect; every status is called back, ending in a decline with this reason. */
  | { type: "decline"; reason: OnrampErrorReason }
  /** Sits in processing_user_payment until cancelled (update_operation or a callback answer). */
  | { type: "stay_processing" };

export type OnrampTestCvv = {
  cvv: string;
  /** True for the CVVs ON/RAMP's own document defines. */
  documented: boolean;
  description: string;
  behaviour: OnrampBehaviour;
};

const declineCvvs: OnrampTestCvv[] = ONRAMP_ERROR_REASONS.map((reason, i) => ({
  cvv: String(101 + i),
  documented: false,
  description: `Declined without 3DS: rejected with error_reason ${reason} (error_code ${ONRAMP_ERROR_CODES[reason]})`,
  behaviour: { type: "decline", reason },
}));

export const ONRAMP_TEST_CVVS: readonly OnrampTestCvv[] = [
  {
    cvv: "001",
    documented: true,
    description: "Accepted immediately (pending and processing_user_payment are not called back but are listed by operation_status)",
    behaviour: { type: "accept_now" },
  },
  {
    cvv: "002",
    documented: true,
    description: "Mock 3DSv1 page (Approve / Decline); pending and processing_user_payment not called back",
    behaviour: { type: "three_ds", version: 1, redirects: 1, skipIntermediateCallbacks: true },
  },
  {
    cvv: "003",
    documented: true,
    description: "Rejected immediately (DO_NOT_HONOR); pending and processing_user_payment not called back",
    behaviour: { type: "reject_now", reason: "DO_NOT_HONOR" },
  },
  {
    cvv: "004",
    documented: true,
    description: "Mock 3DSv2 page (Approve / Decline); pending and processing_user_payment not called back",
    behaviour: { type: "three_ds", version: 2, redirects: 1, skipIntermediateCallbacks: true },
  },
  {
    cvv: "005",
    documented: false,
    description: "Two redirects: after the first ACS Approve, waiting_user_to_be_redirected number 2 follows; all callbacks sent",
    behaviour: { type: "three_ds", version: 2, redirects: 2, skipIntermediateCallbacks: false },
  },
  {
    cvv: "009",
    documented: false,
    description: "Stays in processing_user_payment until cancelled (request_attempt_cancel)",
    behaviour: { type: "stay_processing" },
  },
  ...declineCvvs,
];

/** Any CVV not in the table: every callback is sent and one 3DSv2 redirect decides. */
export const ONRAMP_DEFAULT_BEHAVIOUR: OnrampBehaviour = {
  type: "three_ds",
  version: 2,
  redirects: 1,
  skipIntermediateCallbacks: false,
};

/** customer_id prefix that makes the merchant "approve payments": they wait in waiting_merchant_confirmation. */
export const ONRAMP_APPROVAL_CUSTOMER_PREFIX = "needs-approval";

export type PaysecureErrorCase = {
  cardNumber: string;
  message: string;
  code: string;
  httpStatus: 400 | 401 | 404;
};

export const PAYSECURE_ERROR_CARDS: readonly PaysecureErrorCase[] = [
  { cardNumber: "4000000000000101", message: "Client Ip could not be matched with Merchant Ip", code: "ip_mismatch", httpStatus: 401 },
  { cardNumber: "4000000000000200", message: "Invalid Card Information", code: "invalid_card", httpStatus: 400 },
  { cardNumber: "4000000000000309", message: "Card is Blocked", code: "card_blocked", httpStatus: 400 },
  { cardNumber: "4000000000000408", message: "Different Type of key used to create purchase and payment", code: "key_type_mismatch", httpStatus: 400 },
  { cardNumber: "4000000000000507", message: "You charges setting is incomplete. Please Contact to administrator", code: "charges_incomplete", httpStatus: 400 },
  { cardNumber: "4000000000000606", message: "Allowed Attempt for this Transaction has been consumed", code: "attempts_consumed", httpStatus: 400 },
  { cardNumber: "4000000000000705", message: "Invalid Card Expiry(Valid Format:MM/YY) must be greater than current month/year", code: "invalid_expiry", httpStatus: 400 },
  { cardNumber: "4000000000000804", message: "Customer profile is Blocked", code: "customer_blocked", httpStatus: 400 },
  { cardNumber: "4000000000000903", message: "Customer/Card not allowed for transaction", code: "not_allowed", httpStatus: 400 },
];

export type PaysecureOutcome = "frictionless_success" | "frictionless_failure" | "challenge" | "challenge_then_issuer_decline";

export const PAYSECURE_OUTCOME_CARDS: readonly { cardNumber: string; outcome: PaysecureOutcome; description: string }[] = [
  { cardNumber: "4000000000001000", outcome: "frictionless_success", description: "callback_url sends the payer straight to success_redirect" },
  { cardNumber: "4000000000001109", outcome: "frictionless_failure", description: "callback_url sends the payer straight to failure_redirect" },
  { cardNumber: "4000000000001208", outcome: "challenge", description: "3DS page: Approve -> success_redirect, Decline -> failure_redirect (same as any other valid card)" },
  { cardNumber: "4000000000001307", outcome: "challenge_then_issuer_decline", description: "3DS page, then the issuer declines: failure_redirect even after Approve" },
];

/** Any other Luhn-valid card behaves like the challenge card. */
export const PAYSECURE_DEFAULT_OUTCOME: PaysecureOutcome = "challenge";

/** Each purchase accepts this many payment attempts; the next gets "Allowed Attempt ... consumed". */
export const PAYSECURE_MAX_ATTEMPTS = 3;

export type FenigeAuthScenario =
  | "frictionless"
  | "method_then_frictionless"
  | "method_then_challenge"
  | "challenge"
  | "declined";

/**
 * What `continue` does with the payer's `methodCompletionIndicator`, as the document reads:
 * Y (the method step notified within 10 s) and U (there was no method URL) keep the
 * wallet's scenario; N (the notification came late or never) leaves the issuer without
 * the device data it asked for, so it steps up to a CHALLENGE.
 */
export const FENIGE_STEP_UP_ON = ["N"] as const;

/** How long the 3DS method endpoint of a "late" wallet takes before it notifies (ms). */
export const FENIGE_METHOD_LATE_MS = 11_000;

export type FenigeWallet = {
  phoneNumber: string;
  userId: number;
  cardId: number;
  currency: string;
  scenario: FenigeAuthScenario;
  /** How the 3DS method step of a method scenario behaves; notifies at once when absent. */
  method?: "late" | "never" | "no_url";
  /** The authenticationStatus of a frictionless answer; Y when absent (N for "declined"). */
  authenticationStatus?: "A" | "R" | "U";
  /** What else this wallet does, if anything. */
  special?: "send_money_failure" | "card_not_active" | "card_blocked" | "no_country_code" | "acs_down";
  description: string;
};

export const FENIGE_WALLETS: readonly FenigeWallet[] = [
  { phoneNumber: "48500000001", userId: 700001, cardId: 800001, currency: "PLN", scenario: "frictionless", description: "Frictionless, authenticationStatus Y" },
  { phoneNumber: "48500000002", userId: 700002, cardId: 800002, currency: "PLN", scenario: "method_then_frictionless", description: "3DS method (hidden iframe), then continue Y -> FRICTIONLESS Y (continue N -> CHALLENGE)" },
  { phoneNumber: "48500000003", userId: 700003, cardId: 800003, currency: "PLN", scenario: "method_then_challenge", description: "3DS method, then continue -> CHALLENGE; Approve -> Y, Decline -> N" },
  { phoneNumber: "48500000004", userId: 700004, cardId: 800004, currency: "EUR", scenario: "challenge", description: "CHALLENGE straight from init; Approve -> Y, Decline -> N (EUR card, so FX applies for PLN)" },
  { phoneNumber: "48500000005", userId: 700005, cardId: 800005, currency: "PLN", scenario: "declined", description: "Authentication declined: FRICTIONLESS with authenticationStatus N" },
  { phoneNumber: "48500000006", userId: 700006, cardId: 800006, currency: "PLN", scenario: "frictionless", special: "send_money_failure", description: "Authenticated, but send-money ends in FAILURE" },
  { phoneNumber: "48500000007", userId: 700007, cardId: 800007, currency: "PLN", scenario: "frictionless", special: "card_not_active", description: "Card not active: ERROR_SENDER_CARD_NOT_ACTIVE (or RECEIVER_ as receiver); not returned by active-accounts" },
  { phoneNumber: "48500000008", userId: 700008, cardId: 800008, currency: "PLN", scenario: "frictionless", special: "card_blocked", description: "Card blocked: send-money ERROR_SENDER_CARD_IS_BLOCKED / ERROR_RECEIVER_CARD_IS_BLOCKED" },
  { phoneNumber: "48500000009", userId: 700009, cardId: 800009, currency: "PLN", scenario: "frictionless", special: "no_country_code", description: "calculate-commission ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE" },
  {
    phoneNumber: "48500000010",
    userId: 700010,
    cardId: 800010,
    currency: "PLN",
    scenario: "method_then_frictionless",
    method: "late",
    description: "3DS method that notifies only after 11 s: continue N -> CHALLENGE (Approve -> Y)",
  },
  { phoneNumber: "48500000011", userId: 700011, cardId: 800011, currency: "PLN", scenario: "method_then_frictionless", method: "never", description: "3DS method that never notifies: continue N -> CHALLENGE" },
  { phoneNumber: "48500000012", userId: 700012, cardId: 800012, currency: "PLN", scenario: "method_then_frictionless", method: "no_url", description: "THREE_DS_METHOD without threeDsMethodUrl: continue U -> FRICTIONLESS Y" },
  { phoneNumber: "48500000013", userId: 700013, cardId: 800013, currency: "PLN", scenario: "frictionless", authenticationStatus: "A", description: "Frictionless, authenticationStatus A (attempted, with cavv): send-money succeeds" },
  { phoneNumber: "48500000014", userId: 700014, cardId: 800014, currency: "PLN", scenario: "frictionless", authenticationStatus: "R", description: "Frictionless, authenticationStatus R (issuer rejects; do not authorise)" },
  { phoneNumber: "48500000015", userId: 700015, cardId: 800015, currency: "PLN", scenario: "frictionless", authenticationStatus: "U", description: "Frictionless, authenticationStatus U (authentication could not be performed)" },
  { phoneNumber: "48500000016", userId: 700016, cardId: 800016, currency: "PLN", scenario: "challenge", special: "acs_down", description: "CHALLENGE whose ACS is down: acsUrl answers 503, the challenge is never answered" },
  // The document's own examples, so its requests work as shown.
  { phoneNumber: "48795005005", userId: 111944, cardId: 326097, currency: "PLN", scenario: "frictionless", description: "From the document's example; frictionless" },
  { phoneNumber: "48797001002", userId: 311957, cardId: 226794, currency: "PLN", scenario: "frictionless", description: "From the document's example; frictionless" },
];

/** Card ids the document's examples use; they exist in the sandbox and authenticate frictionless. */
export const FENIGE_DOCUMENT_CARD_IDS: readonly number[] = [219708, 219754, 219834, 214492, 221245];

/** Amounts (minor units) that make amount-taking Fenige methods answer a rare documented error. */
export const FENIGE_MAGIC_AMOUNTS: readonly { amount: number; errorStatus: string; httpStatus: 400 | 404 | 500 }[] = [
  { amount: 99901, errorStatus: "UNKNOWN_ERROR", httpStatus: 400 },
  { amount: 99902, errorStatus: "FENIGE_ERROR", httpStatus: 500 },
  { amount: 99903, errorStatus: "INTERNAL_SERVER_ERROR", httpStatus: 500 },
  { amount: 99904, errorStatus: "ERROR_ON_GETTING_DEFAULT_CARD", httpStatus: 500 },
  { amount: 99905, errorStatus: "ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER", httpStatus: 400 },
  { amount: 99906, errorStatus: "ERROR_WHILE_GETTING_COUNTRY_CODE", httpStatus: 400 },
];

/** A receiver bare card number starting with this digit has no resolvable country. */
export const FENIGE_NO_COUNTRY_BIN_PREFIX = "9";
