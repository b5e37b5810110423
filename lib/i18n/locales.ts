// The languages the payer's pages speak, and how one is chosen for a request. Pure: the
// request config (i18n/request.ts) feeds it the cookie, the session and the header.

export const LOCALES = ["en", "pl", "de", "es", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The payer's own choice from the language switcher. */
export const LOCALE_COOKIE = "checkout_locale";

/** Each language named in itself, so a payer finds theirs whatever the page speaks now. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", pl: "Polski", de: "Deutsch", es: "Español", fr: "Français" };

/** The Intl locale that formats amounts and dates for each language (British English: day before month). */
export const INTL_LOCALE: Record<Locale, string> = { en: "en-GB", pl: "pl-PL", de: "de-DE", es: "es-ES", fr: "fr-FR" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The best supported language of an Accept-Language header ("pl-PL,pl;q=0.9,en;q=0.8"), by q then order. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.lang).find(isLocale) ?? null;
}

/**
 * The payer's explicit choice (the switcher) wins: it is the only signal that comes from
 * the person reading. Then the merchant's session locale (it knows its customer), then the
 * browser's languages, then English.
 */
export function resolveLocale(input: { chosen?: string | null; session?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.chosen)) return input.chosen;
  if (isLocale(input.session)) return input.session;
  return localeFromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
}

/**
 * Stands for a value only the browser learns (a wallet quote's total) in a sentence the
 * server translated: the page puts the value where this character is.
 */
export const VALUE_SLOT = "\uE000";
