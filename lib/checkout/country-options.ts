import isoCountries from "i18n-iso-countries";
import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locales";

// The codes are the current ISO 3166-1 alpha-2 list as i18n-iso-countries keeps it (the
// same package the provider connectors map to alpha-3 with), so every choice here is one a
// connector can send. The runtime's ICU data is only asked for the names (in the page's
// language): ICU also
// names withdrawn codes (NH Vanuatu, VD Vietnam, RH Zimbabwe...), which is how the list
// once showed those countries twice.
// XK (Kosovo) is a user-assigned code, not part of ISO 3166-1.
const NOT_ISO_3166_1 = new Set(["XK"]);

export const CountryListQuery = z.object({ locale: z.enum(LOCALES) });
export type CountryListQuery = z.infer<typeof CountryListQuery>;

export interface CountryOption {
  code: string;
  name: string;
}

const cached = new Map<string, CountryOption[]>();

/**
 * Current ISO 3166-1 countries, one entry each, named and sorted in the given language.
 * A payer page carries the list only when it asks for the country from the start; a page
 * that asks for it later (the provider refused the merchant's country) fetches it from
 * `GET /api/checkout/countries`, so the common page does not render 250 names it never shows.
 */
export function countryOptions(locale = "en"): CountryOption[] {
  const hit = cached.get(locale);
  if (hit) return hit;
  const names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  const out = Object.keys(isoCountries.getAlpha2Codes())
    .filter((code) => !NOT_ISO_3166_1.has(code))
    .map((code) => ({ code, name: names.of(code) ?? code }));
  const collator = new Intl.Collator(locale, { sensitivity: "base" });
  const sorted = out.sort((x, y) => collator.compare(x.name, y.name));
  cached.set(locale, sorted);
  return sorted;
}
