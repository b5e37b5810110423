import { describe, expect, it } from "vitest";
import { errorBody } from "@/lib/http/respond";
import { CATALOGS } from "@/lib/i18n/catalogs";
import { LOCALES } from "@/lib/i18n/locales";
import { fenigeFormMessage, FENIGE_PAYER_MESSAGES } from "@/lib/providers/fenige/payer-messages";
import { serverMessage } from "@/components/checkout/outcome";
import { payerError, payerFieldError, type CheckoutErrorKey } from "./payer-errors";

/** The part of a page's texts serverMessage reads, as payer-texts.ts builds it for one locale. */
function pageTexts(locale: (typeof LOCALES)[number]) {
  const m = CATALOGS[locale];
  const outcomes: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.Outcome)) outcomes[`checkout:${k}`] = v;
  for (const [k, v] of Object.entries(FENIGE_PAYER_MESSAGES[locale])) outcomes[`fenige:${k}`] = v;
  return { errors: m.Errors, validation: m.Validation, outcomes };
}

const ERROR_KEYS = Object.keys(CATALOGS.en.Errors) as CheckoutErrorKey[];

describe("payer errors in API bodies", () => {
  it("carry the English sentence for the API and the key the page translates", () => {
    const e = payerError("validation_failed", "billingRequired", { fields: [payerFieldError("billing.email", "required")] });
    expect(errorBody(e)).toEqual({
      error: {
        code: "validation_failed",
        message: "Fill in the billing details.",
        messageKey: "checkout:billingRequired",
        fields: [{ path: "billing.email", message: "This field is required.", code: "checkout:required" }],
      },
    });
  });

  it.each(LOCALES)("every checkout error key reads in %s, in that language", (locale) => {
    const texts = pageTexts(locale);
    for (const key of ERROR_KEYS) {
      const shown = serverMessage(texts, payerError("conflict", key).messageKey, "FALLBACK");
      expect(shown, key).toBe(CATALOGS[locale].Errors[key]);
      if (locale !== "en") expect(shown, `${locale}.${key}`).not.toBe(CATALOGS.en.Errors[key]);
    }
    expect(serverMessage(texts, payerFieldError("card.cvc", "cvcRequired").code, "FALLBACK")).toBe(CATALOGS[locale].Validation.cvcRequired);
    expect(serverMessage(texts, "checkout:PROVIDER_UNAVAILABLE", "FALLBACK")).toBe(CATALOGS[locale].Outcome.PROVIDER_UNAVAILABLE);
  });

  it.each(LOCALES)("the wallet lookup's own sentences read in %s", (locale) => {
    const texts = pageTexts(locale);
    for (const key of ["NO_WALLET", "STREET_AND_NUMBER"] as const) {
      const { message, messageKey } = fenigeFormMessage(key);
      expect(message).toBe(FENIGE_PAYER_MESSAGES.en[key]);
      expect(serverMessage(texts, messageKey, "FALLBACK"), `${locale}.${key}`).toBe(FENIGE_PAYER_MESSAGES[locale][key]);
    }
  });

  it("keeps the body's own sentence when there is no key or the page does not know it", () => {
    const texts = pageTexts("pl");
    expect(serverMessage(texts, undefined, "as sent")).toBe("as sent");
    expect(serverMessage(texts, "checkout:noSuchKey", "as sent")).toBe("as sent");
    expect(serverMessage(texts, "paysecure:NO_WALLET", "as sent")).toBe("as sent");
  });

  it("the framework's last-resort answer is keyed to the catalog's sentence", () => {
    expect(CATALOGS.en.Errors.internal).toBe("Something went wrong on our side. Try again; no payment was duplicated.");
  });
});
