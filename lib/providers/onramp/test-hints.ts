import type { TestHints } from "@/lib/providers/types";
import { ONRAMP_ERROR_REASONS } from "./schemas";

// ON/RAMP's test environment decides outcomes by CVV: 001-004 are ON/RAMP's own
// (documented), the rest follow the provider sandbox's table (sandbox/README.md).
// test-hints.test.ts checks this table against the sandbox's /_sandbox/test-data.
const DECLINE_CODES: Record<(typeof ONRAMP_ERROR_REASONS)[number], string> = {
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

export const ONRAMP_TEST_HINTS: TestHints = {
  intro: "Use any valid card number such as 4111 1111 1111 1111 with a future expiry date; the security code picks the outcome. Pay by bank shows a bank picker where you approve or decline.",
  rows: [
    { input: "CVC 001", outcome: "Accepted at once" },
    { input: "CVC 002", outcome: "3-D Secure 1 page: Approve or Decline" },
    { input: "CVC 003", outcome: "Declined at once (DO_NOT_HONOR)" },
    { input: "CVC 004", outcome: "3-D Secure 2 page: Approve or Decline" },
    { input: "CVC 005", outcome: "Two 3-D Secure pages, one after the other" },
    { input: "CVC 009", outcome: "Stays processing until cancelled" },
    ...ONRAMP_ERROR_REASONS.map((reason, i) => ({ input: `CVC ${101 + i}`, outcome: `Declined: ${reason} (code ${DECLINE_CODES[reason]})` })),
    { input: "Any other CVC", outcome: "3-D Secure 2 page decides; every status is called back" },
  ],
};

export const ONRAMP_INVOICE_TEST_HINTS: TestHints = {
  intro: "The invoice page lets you pay with one click; the checkout then confirms the payment with ON/RAMP.",
  rows: [],
};
