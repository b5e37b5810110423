import { getLocale, getTranslations } from "next-intl/server";
import { CATALOGS, type Messages } from "@/lib/i18n/catalogs";
import { DEFAULT_LOCALE, INTL_LOCALE, isLocale, VALUE_SLOT, type Locale } from "@/lib/i18n/locales";
import type { ProviderName } from "@/lib/providers/names";
import { formatAmount } from "./currency";
import { payerOutcomeTexts } from "./payer-outcome-texts";

// Everything the payer's interactive components say, translated on the server for the
// request's locale. They receive plain strings as props, so no translation runtime (nor
// any other locale's catalog) is shipped to the browser. Sentences that take a value only
// the browser knows (the countdown's seconds) are rendered here for each value it can take.

/** The longest the success page waits before returning the payer to the merchant. */
export const RETURN_COUNTDOWN_SECONDS = 10;

export async function requestLocale(): Promise<Locale> {
  const l = await getLocale();
  return isLocale(l) ? l : DEFAULT_LOCALE;
}

export async function checkoutTexts(args: { merchantName: string; amount: number; currency: string; provider: ProviderName }) {
  const locale = await requestLocale();
  const m: Messages = CATALOGS[locale];
  const page = await getTranslations("Page");
  const form = await getTranslations("Form");
  const result = await getTranslations("Result");
  const wallet = await getTranslations("Wallet");
  const merchant = args.merchantName;
  return {
    locale,
    intlLocale: INTL_LOCALE[locale],
    form: { ...m.Form, pay: form("pay", { amount: formatAmount(args.amount, args.currency, INTL_LOCALE[locale]) }), cancelAndReturn: page("cancelAndReturn", { merchant }) },
    card: m.Card,
    validation: m.Validation,
    billing: m.Billing,
    progress: m.Progress,
    cardData: m.CardData,
    result: {
      ...m.Result,
      countdown: Array.from({ length: RETURN_COUNTDOWN_SECONDS + 1 }, (_, seconds) => result("countdown", { merchant, seconds })),
      stayed: result("stayed", { merchant }),
      returnNow: result("returnNow", { merchant }),
      returnTo: result("returnTo", { merchant }),
    },
    wallet: { ...m.Wallet, receives: wallet("receives", { merchant }), pay: form("pay", { amount: VALUE_SLOT }) },
    outcomes: await payerOutcomeTexts(locale, args.provider),
    // The checkout's sentences in API error bodies, by the key the body carries (messageKey, fields[].code).
    errors: m.Errors,
  };
}
export type CheckoutTexts = Awaited<ReturnType<typeof checkoutTexts>>;

/** What every step of the page says for this session, and its amount, in the request's language. */
export async function pageTexts(page: { merchant: { name: string }; session: { amount: number; currency: string; provider: ProviderName } }) {
  const texts = await checkoutTexts({ merchantName: page.merchant.name, amount: page.session.amount, currency: page.session.currency, provider: page.session.provider });
  return { texts, amountLabel: formatAmount(page.session.amount, page.session.currency, texts.intlLocale) };
}
