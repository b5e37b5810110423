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
});
