import type { TestHints } from "@/lib/providers/types";

// The provider sandbox's Fenige wallets (sandbox/README.md, "Fenige"). test-hints.test.ts
// checks this table against the sandbox's /_sandbox/test-data, so the two cannot drift.
export const FENIGE_WALLET_HINTS: ReadonlyArray<{ phone: string; outcome: string }> = [
  { phone: "48500000001", outcome: "No 3-D Secure step (frictionless): paid" },
  { phone: "48500000002", outcome: "Hidden device check (3DS method), then paid" },
  { phone: "48500000003", outcome: "Device check, then the bank's challenge: Approve or Decline" },
  { phone: "48500000004", outcome: "EUR card: exchange rate shown; the bank's challenge: Approve or Decline" },
  { phone: "48500000005", outcome: "Declined by the bank (authentication N)" },
  { phone: "48500000006", outcome: "Verified, then the transfer fails (send-money FAILURE)" },
  { phone: "48500000007", outcome: "Card not active: not found as a wallet" },
  { phone: "48500000008", outcome: "Card blocked: declined (ERROR_SENDER_CARD_IS_BLOCKED)" },
  { phone: "48500000009", outcome: "Card country unknown: refused before paying" },
  { phone: "48500000010", outcome: "Device check answers after 10 s (N), then the bank's challenge" },
  { phone: "48500000011", outcome: "Device check never answers (N after 10 s), then the bank's challenge" },
  { phone: "48500000012", outcome: "No device check URL (U), then paid" },
  { phone: "48500000013", outcome: "Authentication attempted (A): paid" },
  { phone: "48500000014", outcome: "Refused by the bank (authentication R)" },
  { phone: "48500000015", outcome: "Bank could not authenticate (authentication U)" },
  { phone: "48500000016", outcome: "The bank's challenge page is down; the attempt ends unpaid" },
];

export const FENIGE_TEST_HINTS: TestHints = {
  intro: "Enter a wallet phone number from the table with any expiry date in the future and any 3-digit security code.",
  rows: FENIGE_WALLET_HINTS.map((w) => ({ input: `+${w.phone}`, outcome: w.outcome })),
};
