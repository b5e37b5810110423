import isoCountries from "i18n-iso-countries";
import { describe, expect, it } from "vitest";
import { countryOptions } from "./country-options";

describe("countryOptions", () => {
  const list = countryOptions();

  it("lists each of the 249 ISO 3166-1 countries once, by code and by name", () => {
    expect(list).toHaveLength(249);
    expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
    expect(new Set(list.map((c) => c.name)).size).toBe(list.length);
  });

  it("offers no withdrawn or user-assigned code", () => {
    const codes = new Set(list.map((c) => c.code));
    // Withdrawn: Dahomey, Upper Volta, New Hebrides, North Vietnam, Southern Rhodesia,
    // Netherlands Antilles, Serbia and Montenegro, USSR, Yugoslavia, Zaire; user-assigned: XK, EU, UN, ZZ.
    for (const gone of ["DY", "HV", "NH", "VD", "RH", "AN", "CS", "SU", "YU", "ZR", "XK", "EU", "UN", "ZZ"]) expect(codes.has(gone), gone).toBe(false);
    for (const current of ["BJ", "BF", "VU", "VN", "ZW", "GB", "PL", "SS", "BQ", "CW", "SX"]) expect(codes.has(current), current).toBe(true);
  });

  it("only offers codes the provider connectors can turn into alpha-3", () => {
    for (const c of list) expect(isoCountries.alpha2ToAlpha3(c.code), c.code).toMatch(/^[A-Z]{3}$/);
  });

  it("sorts by the name the payer reads, accents ignored", () => {
    const names = list.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator("en", { sensitivity: "base" }).compare));
    expect(names.indexOf("Åland Islands")).toBe(names.indexOf("Afghanistan") + 1);
    expect(list.find((c) => c.code === "ZW")?.name).toBe("Zimbabwe");
  });
});

describe("GET /api/checkout/countries", () => {
  it("answers the list in the language asked for, cacheable, and refuses a language the pages do not speak", async () => {
    const { GET } = await import("@/app/api/checkout/countries/route");
    const res = await GET(new Request("http://checkout.test/api/checkout/countries?locale=de"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    const list = (await res.json()) as Array<{ code: string; name: string }>;
    expect(list).toEqual(countryOptions("de"));
    expect(list.find((c) => c.code === "DE")?.name).toBe("Deutschland");
    const refused = await GET(new Request("http://checkout.test/api/checkout/countries?locale=xx"));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
  });
});
