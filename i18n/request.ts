import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { CATALOGS } from "@/lib/i18n/catalogs";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/locales";
import { CHECKOUT_SESSION_HEADER } from "@/lib/i18n/payer-path";
import { sessionLocale } from "@/lib/checkout/session-locale";

// The locale of one request, without a locale in the URL (/pay/<id> stays as merchants
// link it). Only the payer's pages are translated: proxy.ts names their session in a
// request header; every other page (admin, demo) speaks English.
export default getRequestConfig(async () => {
  const h = await headers();
  const sessionId = h.get(CHECKOUT_SESSION_HEADER);
  if (!sessionId) return { locale: DEFAULT_LOCALE, messages: CATALOGS[DEFAULT_LOCALE] };
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  // The payer's own choice wins: the session is only read when there is none.
  const locale = isLocale(chosen) ? chosen : resolveLocale({ session: await sessionLocale(sessionId), acceptLanguage: h.get("accept-language") });
  return { locale, messages: CATALOGS[locale] };
});
