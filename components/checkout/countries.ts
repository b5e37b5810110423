import isoCountries from "i18n-iso-countries";

// The codes are the current ISO 3166-1 alpha-2 list as i18n-iso-countries keeps it (the
// same package the provider connectors map to alpha-3 with), so every choice here is one a
// connector can send. The runtime's ICU data is only asked for the English names: ICU also
// names withdrawn codes (NH Vanuatu, VD Vietnam, RH Zimbabwe...), which is how the list
// once showed those countries twice.
// XK (Kosovo) is a user-assigned code, not part of ISO 3166-1.
const NOT_ISO_3166_1 = new Set(["XK"]);

export interface CountryOption {
  code: string;
  name: string;
}

let cached: CountryOption[] | null = null;

/** Current ISO 3166-1 countries, one entry each, sorted by their English name. */
export function countryOptions(): CountryOption[] {
  if (cached) return cached;
  const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
  const out = Object.keys(isoCountries.getAlpha2Codes())
    .filter((code) => !NOT_ISO_3166_1.has(code))
    .map((code) => ({ code, name: names.of(code) ?? code }));
  const collator = new Intl.Collator("en", { sensitivity: "base" });
  cached = out.sort((x, y) => collator.compare(x.name, y.name));
  return cached;
}
