import { useEffect, useState } from "react";

export interface CountryChoice {
  code: string;
  name: string;
}

const ATTEMPTS = 3;

/**
 * The country list for the billing form: the one the page came with, else (the form asks for
 * the country only after the provider refused the merchant's) fetched once it is needed.
 */
export function useCountries(initial: CountryChoice[], needed: boolean, locale: string): CountryChoice[] {
  const [countries, setCountries] = useState(initial);
  const missing = needed && countries.length === 0;
  useEffect(() => {
    if (!missing) return;
    let live = true;
    const load = async () => {
      for (let attempt = 1; live && attempt <= ATTEMPTS; attempt++) {
        try {
          const res = await fetch(`/api/checkout/countries?locale=${encodeURIComponent(locale)}`);
          const list = res.ok ? ((await res.json()) as CountryChoice[]) : [];
          if (list.length > 0) {
            if (live) setCountries(list);
            return;
          }
        } catch {
          // A dropped connection: asked again below.
        }
        await new Promise((r) => setTimeout(r, attempt * 1000));
      }
    };
    void load();
    return () => {
      live = false;
    };
  }, [missing, locale]);
  return countries;
}
