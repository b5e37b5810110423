import { describe, expect, it } from "vitest";
import { redact, redactString } from "./log";

describe("redact", () => {
  it("masks PAN-shaped digit runs in free text, keeping first six and last four", () => {
    expect(redactString("card 4242 4242 4242 4242 failed")).toBe("card 424242******4242 failed");
    expect(redactString("pan=5555555555554444")).toBe("pan=555555******4444");
  });

  it("leaves short numbers alone", () => {
    expect(redactString("amount 1000 EUR, op 12345")).toBe("amount 1000 EUR, op 12345");
  });

  it("replaces secret fields wherever they are nested", () => {
    const out = redact({ card_details: { card_number: "4111111111111111", card_cvv: "123", card_holder_name: "Jo" }, headers: { authorization: "Bearer x" } });
    expect(out).toEqual({ card_details: { card_number: "[redacted]", card_cvv: "[redacted]", card_holder_name: "Jo" }, headers: { authorization: "[redacted]" } });
  });

  it("replaces Fenige's cvc2 (an array of characters) whole", () => {
    expect(redact({ sendMoney: { cvc2: ["1", "2", "3"], amount: 1000 } })).toEqual({ sendMoney: { cvc2: "[redacted]", amount: 1000 } });
  });
});

describe("database errors in logs", () => {
  it("keep the failed query but none of its parameters (customer data)", async () => {
    const { testDb } = await import("@/test/db");
    const { createMerchant, createSession } = await import("@/test/factories");
    const { checkoutSessions } = await import("@/db/schema");
    await testDb();
    const { merchant } = await createMerchant();
    const customer = { email: "ada.lovelace@example.test", first_name: "Augusta", last_name: "Byron", phone: "+447700900123", address: { line1: "12 Marylebone Road", city: "London", postal_code: "NW1 5LR", country: "GB" } };
    const existing = await createSession(merchant.id);
    let failure: unknown = null;
    try {
      // The same primary key again: a unique violation, with the customer among the parameters.
      await (await testDb()).insert(checkoutSessions).values({ ...existing, customer, customerId: "cust-ada-7781" });
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(Error);
    // What log.error writes for { error } (write() passes every field through redact()).
    const line = JSON.stringify(redact({ where: "test", error: failure }));
    expect(line).toMatch(/Failed query: insert into .*checkout_sessions/);
    for (const secret of ["ada.lovelace", "Augusta", "Byron", "7700900123", "Marylebone", "NW1 5LR", "cust-ada-7781"]) expect(line).not.toContain(secret);
    // What is needed to act on it stays: the SQLSTATE and the constraint's own message.
    expect(line).toContain("23505");
  });
});
