import { CATALOGS } from "@/lib/i18n/catalogs";
import type { Locale } from "@/lib/i18n/locales";
import { isAppError } from "@/lib/errors";
import type { ProviderName } from "@/lib/providers/names";
import { getConnector } from "@/lib/providers/registry";

// The sentences a payer may read when an attempt ends without success, in one locale, by
// the key PaymentState.messageKey carries: the checkout's own (messages/<locale>.json,
// Outcome) and those of the session's provider, which its connector owns
// (Connector.payerMessages in lib/providers/<name>/). The page gets only these two sets.

/** The prefix of the checkout's own outcome keys. */
export const CHECKOUT_MESSAGES = "checkout";

export async function payerOutcomeTexts(locale: Locale, provider: ProviderName): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const [k, v] of Object.entries(CATALOGS[locale].Outcome)) texts[`${CHECKOUT_MESSAGES}:${k}`] = v;
  try {
    const connector = await getConnector(provider);
    for (const [k, v] of Object.entries(connector.payerMessages[locale])) texts[`${provider}:${k}`] = v;
  } catch (e) {
    // A provider that cannot be loaded has no attempts to describe; the page says so itself.
    if (!isAppError(e)) throw e;
  }
  return texts;
}
