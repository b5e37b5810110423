import { eq } from "drizzle-orm";
import { cache } from "react";
import { getDb } from "@/db/client";
import { checkoutSessions } from "@/db/schema";
import { isId } from "@/lib/ids";

/** The locale the merchant gave the session, if any; one read per request. */
export const sessionLocale = cache(async (sessionId: string): Promise<string | null> => {
  if (!isId("session", sessionId)) return null;
  const db = await getDb();
  const [row] = await db.select({ locale: checkoutSessions.locale }).from(checkoutSessions).where(eq(checkoutSessions.id, sessionId)).limit(1);
  return row?.locale ?? null;
});
