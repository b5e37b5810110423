import type { TestHints } from "@/lib/providers/types";
import { PAYSECURE_ERRORS } from "./payer-messages";

// Paysecure's test environment (the provider sandbox's table, sandbox/README.md) decides
// outcomes by card number. test-hints.test.ts checks this table against the sandbox's
// /_sandbox/test-data, so the two cannot drift apart without a failing test.

const group = (pan: string) => pan.replace(/(\d{4})(?=\d)/g, "$1 ");

/** The sandbox's card for each documented error, in the document's order. */
const ERROR_CARDS: Record<(typeof PAYSECURE_ERRORS)[number]["code"], string> = {
  IP_NOT_MATCHED: "4000000000000101",
  INVALID_CARD: "4000000000000200",
  CARD_BLOCKED: "4000000000000309",
  KEY_TYPE_MISMATCH: "4000000000000408",
  CHARGES_INCOMPLETE: "4000000000000507",
  ATTEMPTS_CONSUMED: "4000000000000606",
  INVALID_EXPIRY: "4000000000000705",
  CUSTOMER_BLOCKED: "4000000000000804",
  NOT_ALLOWED: "4000000000000903",
};

export const PAYSECURE_TEST_CARDS = {
  frictionless: "4000000000001000",
  frictionlessDecline: "4000000000001109",
  challenge: "4000000000001208",
  challengeThenDecline: "4000000000001307",
  errors: ERROR_CARDS,
} as const;

export const PAYSECURE_TEST_HINTS: TestHints = {
  intro: "Use a future expiry date and any security code; the card number picks the outcome.",
  rows: [
    { input: group(PAYSECURE_TEST_CARDS.frictionless), outcome: "Paid without a 3-D Secure page" },
    { input: group(PAYSECURE_TEST_CARDS.challenge), outcome: "3-D Secure page: Approve pays, Decline declines (any other valid card does the same)" },
    { input: group(PAYSECURE_TEST_CARDS.challengeThenDecline), outcome: "3-D Secure page, then the bank declines even after Approve" },
    { input: group(PAYSECURE_TEST_CARDS.frictionlessDecline), outcome: "Declined without a 3-D Secure page" },
    ...PAYSECURE_ERRORS.map((e) => ({ input: group(ERROR_CARDS[e.code]), outcome: `Refused: "${e.message}" (${e.code})` })),
  ],
};
