import { eq } from "drizzle-orm";
import { cache } from "react";
import { getDb } from "@/db/client";
import { checkoutSessions } from "@/db/schema";
import { isId } from "@/lib/ids";
import { CATALOGS } from "@/lib/i18n/catalogs";
import { resolveLocale, type Locale } from "@/lib/i18n/locales";

/** The locale the merchant gave the session, if any; one read per request. */
export const sessionLocale = cache(async (sessionId: string): Promise<string | null> => {
  if (!isId("session", sessionId)) return null;
  const db = await getDb();
  const [row] = await db.select({ locale: checkoutSessions.locale }).from(checkoutSessions).where(eq(checkoutSessions.id, sessionId)).limit(1);
  return row?.locale ?? null;
});

/**
 * The words of the page an issuer's 3DS step lands on, in the payment page's language as
 * far as a cross-site post lets us know it: the session's locale, else the browser's (a
 * SameSite=Lax cookie is not sent with it).
 */
export async function stepPageTexts(sessionId: string, acceptLanguage: string | null): Promise<{ lang: Locale; t: (typeof CATALOGS)["en"]["Step"] }> {
  const lang = resolveLocale({ session: await sessionLocale(sessionId).catch(() => null), acceptLanguage });
  return { lang, t: CATALOGS[lang].Step };
}
