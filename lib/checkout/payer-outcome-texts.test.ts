import { describe, expect, it } from "vitest";
import { onrampPayerOutcome } from "@/lib/providers/onramp/payer-messages";
import { payerOutcomeTexts } from "./payer-outcome-texts";
import { CHECKOUT_OUTCOMES } from "./payment-progress";

describe("payer outcome texts", () => {
  it("give the page its language's sentence for the keys PaymentState carries", async () => {
    const pl = await payerOutcomeTexts("pl", "onramp");
    const declined = onrampPayerOutcome("DO_NOT_HONOR");
    expect(pl[`onramp:${declined.key}`]).toBe("Twój bank odrzucił płatność. Użyj innej karty lub skontaktuj się z bankiem.");
    expect(pl[CHECKOUT_OUTCOMES.TOO_LATE?.key ?? ""]).toMatch(/nowy link do płatności/);
    const en = await payerOutcomeTexts("en", "onramp");
    expect(en[`onramp:${declined.key}`]).toBe(declined.message);
  });
  it("carry only the session's provider's sentences", async () => {
    const texts = await payerOutcomeTexts("de", "paysecure");
    expect(Object.keys(texts).some((k) => k.startsWith("onramp:"))).toBe(false);
    expect(Object.keys(texts).some((k) => k.startsWith("paysecure:"))).toBe(true);
  });
});
