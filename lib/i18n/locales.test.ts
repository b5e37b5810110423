import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, resolveLocale } from "./locales";

describe("localeFromAcceptLanguage", () => {
  it("takes the best supported language by q, then by order", () => {
    expect(localeFromAcceptLanguage("pl-PL,pl;q=0.9,en;q=0.8")).toBe("pl");
    expect(localeFromAcceptLanguage("ja,de;q=0.5,fr;q=0.7")).toBe("fr");
    expect(localeFromAcceptLanguage("es-MX, de")).toBe("es");
    expect(localeFromAcceptLanguage("DE-at")).toBe("de");
  });
  it("ignores unsupported and refused languages", () => {
    expect(localeFromAcceptLanguage("ja,zh-CN;q=0.8")).toBeNull();
    expect(localeFromAcceptLanguage("pl;q=0,de;q=0.1")).toBe("de");
    expect(localeFromAcceptLanguage("")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
    expect(localeFromAcceptLanguage("*")).toBeNull();
  });
});

describe("resolveLocale", () => {
  it("prefers the payer's choice, then the session, then Accept-Language, then English", () => {
    expect(resolveLocale({ chosen: "fr", session: "de", acceptLanguage: "pl" })).toBe("fr");
    expect(resolveLocale({ chosen: null, session: "de", acceptLanguage: "pl" })).toBe("de");
    expect(resolveLocale({ session: null, acceptLanguage: "pl-PL,en;q=0.5" })).toBe("pl");
    expect(resolveLocale({ acceptLanguage: "ja" })).toBe("en");
    expect(resolveLocale({})).toBe("en");
  });
  it("skips values that are not supported locales", () => {
    expect(resolveLocale({ chosen: "xx", session: "it", acceptLanguage: "es" })).toBe("es");
    expect(resolveLocale({ chosen: "../en", session: "DE" })).toBe("en");
  });
});

describe("localeChoice", () => {
  it("keeps a supported language for the payer pages and returns to the payment", async () => {
    const { localeChoice } = await import("./locale-choice");
    const id = "cs_0123456789abcdef0123456789abcdef";
    const choice = localeChoice(id, "pl");
    expect(choice?.location).toBe(`/pay/${id}`);
    expect(choice?.cookie).toMatch(/^checkout_locale=pl; Path=\/pay; /);
    expect(choice?.cookie).toContain("HttpOnly");
    expect(localeChoice(id, "xx")).toBeNull();
    expect(localeChoice(id, null)).toBeNull();
    expect(localeChoice("../admin", "pl")).toBeNull();
  });
});
