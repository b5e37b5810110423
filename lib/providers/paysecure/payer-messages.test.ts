import { describe, expect, it } from "vitest";
import { OTHER_CODES, PAYSECURE_ERRORS, declineOf, documentedError, paysecurePayerOutcome } from "./payer-messages";

// Every documented Paysecure error message: its own decline code, its own wording, and
// the retry the page offers. The provider's words are recorded, never shown.

const outcomeFor = (message: string, status: "failed" | "declined" = "failed") => {
  const decline = declineOf({ message, code: "error_code" });
  return { decline, outcome: paysecurePayerOutcome({ status, declineCode: decline.code, declineReason: decline.reason }) };
};

describe("Paysecure documented errors", () => {
  it("lists the nine messages of the document, word for word", () => {
    expect(PAYSECURE_ERRORS.map((e) => e.message)).toEqual([
      "Client Ip could not be matched with Merchant Ip",
      "Invalid Card Information",
      "Card is Blocked",
      "Different Type of key used to create purchase and payment",
      "You charges setting is incomplete. Please Contact to administrator",
      "Allowed Attempt for this Transaction has been consumed",
      "Invalid Card Expiry(Valid Format:MM/YY) must be greater than current month/year",
      "Customer profile is Blocked",
      "Customer/Card not allowed for transaction",
    ]);
  });

  it("gives each message its own decline code and its own wording, none of them the provider's text", () => {
    const codes = new Set<string>();
    const messages = new Set<string>();
    for (const e of PAYSECURE_ERRORS) {
      const { decline, outcome } = outcomeFor(e.message);
      expect(decline).toEqual({ code: e.code, reason: e.message });
      expect(outcome.message).not.toContain(e.message);
      expect(outcome.message.length).toBeGreaterThan(30);
      codes.add(decline.code);
      messages.add(outcome.message);
    }
    expect(codes.size).toBe(9);
    expect(messages.size).toBe(9);
  });

  it.each([
    ["Client Ip could not be matched with Merchant Ip", "IP_NOT_MATCHED", "try_again", /shop/],
    ["Invalid Card Information", "INVALID_CARD", "try_again", /Check the card number/],
    ["Card is Blocked", "CARD_BLOCKED", "another_card", /another card/],
    ["Different Type of key used to create purchase and payment", "KEY_TYPE_MISMATCH", "try_again", /shop's payment account/],
    ["You charges setting is incomplete. Please Contact to administrator", "CHARGES_INCOMPLETE", "try_again", /not a problem with your card/],
    ["Allowed Attempt for this Transaction has been consumed", "ATTEMPTS_CONSUMED", "none", /cannot be paid here any more/],
    ["Invalid Card Expiry(Valid Format:MM/YY) must be greater than current month/year", "INVALID_EXPIRY", "try_again", /expiry date/],
    ["Customer profile is Blocked", "CUSTOMER_BLOCKED", "none", /contact the shop/],
    ["Customer/Card not allowed for transaction", "NOT_ALLOWED", "another_card", /another card/],
  ] as const)("%s -> %s, retry %s", (message, code, retry, wording) => {
    const { decline, outcome } = outcomeFor(message);
    expect(decline.code).toBe(code);
    expect(outcome.retry).toBe(retry);
    expect(outcome.message).toMatch(wording);
  });

  it("tells the payer a merchant-side problem is not theirs and that nothing was charged", () => {
    for (const code of ["IP_NOT_MATCHED", "KEY_TYPE_MISMATCH", "CHARGES_INCOMPLETE"]) {
      const e = PAYSECURE_ERRORS.find((x) => x.code === code);
      expect(e?.outcome.message).toMatch(/shop/);
      expect(e?.outcome.message).toMatch(/not been charged/);
      expect(e?.outcome.message).not.toMatch(/your card (is|was)/i);
    }
  });

  it("recognises a message whatever its case, spacing or final full stop", () => {
    expect(documentedError("  card IS   blocked. ")?.code).toBe("CARD_BLOCKED");
    expect(documentedError("You charges setting is incomplete.  Please Contact to administrator.")?.code).toBe("CHARGES_INCOMPLETE");
    expect(documentedError("Card is Blocked for good")).toBeNull();
    expect(documentedError(null)).toBeNull();
  });

  it("gives an unknown message a safe generic text and keeps the provider's words as the reason only", () => {
    const { decline, outcome } = outcomeFor("Merchant velocity rule 17 hit");
    expect(decline).toEqual({ code: OTHER_CODES.unrecognised, reason: "Merchant velocity rule 17 hit" });
    expect(outcome.message).not.toContain("velocity");
    expect(outcome.message).toMatch(/did not accept this payment/);
    expect(outcome.retry).toBe("another_card");
  });

  it("masks card-number shapes in a provider's message before it is recorded, and bounds its length", () => {
    const { decline } = outcomeFor(`Card 4000000000000309 is not allowed ${"x".repeat(500)}`);
    expect(decline.reason).not.toContain("4000000000000309");
    expect(decline.reason).toContain("400000******0309");
    expect(decline.reason.length).toBeLessThanOrEqual(300);
  });

  it("falls back to the code, then to ours, when the body has no message", () => {
    expect(declineOf({ code: "some_code" })).toEqual({ code: OTHER_CODES.unrecognised, reason: "some_code" });
    expect(declineOf({}, OTHER_CODES.declined)).toEqual({ code: OTHER_CODES.declined, reason: OTHER_CODES.declined });
  });

  it("reads a documented message recorded as the reason even without our code", () => {
    expect(paysecurePayerOutcome({ status: "failed", declineCode: "HTTP_400", declineReason: "Card is Blocked" }).retry).toBe("another_card");
  });

  it("words declines after the redirect: issuer, 3-D Secure, and unknown", () => {
    expect(paysecurePayerOutcome({ status: "declined", declineCode: OTHER_CODES.declined, declineReason: "Declined by issuer" }).message).toMatch(/bank declined/);
    expect(paysecurePayerOutcome({ status: "declined", declineCode: OTHER_CODES.threeDsFailed, declineReason: "x" }).message).toMatch(/3-D Secure/);
    expect(paysecurePayerOutcome({ status: "declined", declineCode: "???", declineReason: "Weird" }).message).toMatch(/bank declined/);
    expect(paysecurePayerOutcome({ status: "failed", declineCode: OTHER_CODES.cardNotReceived, declineReason: null }).message).toMatch(/never received your card/);
  });
});
