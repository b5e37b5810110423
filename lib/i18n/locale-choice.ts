import { appUrl } from "@/lib/env";
import { isId } from "@/lib/ids";
import { isLocale, LOCALE_COOKIE } from "./locales";

const YEAR_S = 365 * 24 * 60 * 60;

/**
 * The payer picked a language on /pay/<session>: the cookie that keeps the choice for
 * the payer's pages (path /pay, read by the server only) and where to send them back.
 * Null for an unknown session id shape or language.
 */
export function localeChoice(sessionId: string, lang: string | null): { location: string; cookie: string } | null {
  if (!isId("session", sessionId) || !isLocale(lang)) return null;
  const secure = appUrl().startsWith("https://") ? "; Secure" : "";
  return {
    location: `/pay/${sessionId}`,
    cookie: `${LOCALE_COOKIE}=${lang}; Path=/pay; Max-Age=${YEAR_S}; SameSite=Lax; HttpOnly${secure}`,
  };
}
