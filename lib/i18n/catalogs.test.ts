import { describe, expect, it } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { CATALOGS } from "./catalogs";
import { LOCALES } from "./locales";
import { FENIGE_PAYER_MESSAGES } from "@/lib/providers/fenige/payer-messages";
import { ONRAMP_PAYER_MESSAGES } from "@/lib/providers/onramp/payer-messages";
import { PAYSECURE_PAYER_MESSAGES } from "@/lib/providers/paysecure/payer-messages";

/** Every leaf as "Namespace.key" -> text. */
function leaves(tree: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree === "string") out.set(prefix, tree);
  else if (tree && typeof tree === "object") for (const [k, v] of Object.entries(tree)) for (const [p, s] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, s);
  return out;
}

/** The {placeholders} an ICU message takes (plural arguments included). */
function argumentsOf(message: string, locale: string): string[] {
  const ast = new IntlMessageFormat(message, locale).getAst();
  return [...new Set(ast.flatMap((el) => ("value" in el && typeof el.value === "string" && el.type !== 0 ? [el.value] : [])))].sort();
}

const english = leaves(CATALOGS.en);

describe("payer message catalogs", () => {
  it.each(LOCALES.filter((l) => l !== "en"))("%s has every English key and no other", (locale) => {
    const keys = [...leaves(CATALOGS[locale]).keys()].sort();
    expect(keys).toEqual([...english.keys()].sort());
  });
  it.each(LOCALES)("%s messages parse and take the same arguments as English", (locale) => {
    for (const [key, text] of leaves(CATALOGS[locale])) {
      expect(text.trim(), key).not.toBe("");
      expect(argumentsOf(text, locale), key).toEqual(argumentsOf(english.get(key) ?? "", "en"));
    }
  });
});

describe("texts the payer met in English before", () => {
  // API error sentences, the test-mode frame and the not-found page: each locale has its own
  // wording of every one, not a copy of the English.
  it.each(LOCALES.filter((l) => l !== "en"))("%s translates Errors, TestMode and NotFound", (locale) => {
    for (const ns of ["Errors", "TestMode", "NotFound"] as const) {
      const en = CATALOGS.en[ns] as Record<string, string>;
      expect(Object.keys(en).length, ns).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(CATALOGS[locale][ns] as Record<string, string>)) expect(v, `${locale}.${ns}.${k}`).not.toBe(en[k]);
    }
  });
});

describe("connectors' payer messages", () => {
  it.each([
    ["onramp", ONRAMP_PAYER_MESSAGES],
    ["paysecure", PAYSECURE_PAYER_MESSAGES],
    ["fenige", FENIGE_PAYER_MESSAGES],
  ] as const)("%s has every English key, non-empty, in every locale", (_name, messages) => {
    const keys = Object.keys(messages.en).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(messages[locale]).sort(), locale).toEqual(keys);
      for (const k of keys) expect((messages[locale] as Record<string, string>)[k]?.trim(), `${locale}.${k}`).toBeTruthy();
    }
  });
});
