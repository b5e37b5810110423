import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutSessions, merchants } from "@/db/schema";
import { isId } from "@/lib/ids";

/**
 * What the hosted page needs to render a session. The session id in the URL is the
 * payer's capability (74 random bits), so this lookup is by id alone.
 */
export async function loadPaymentPage(sessionId: string) {
  if (!isId("session", sessionId)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ session: checkoutSessions, merchant: { id: merchants.id, name: merchants.name, logoUrl: merchants.logoUrl } })
    .from(checkoutSessions)
    .innerJoin(merchants, eq(merchants.id, checkoutSessions.merchantId))
    .where(eq(checkoutSessions.id, sessionId))
    .limit(1);
  if (!row) return null;
  const expired = row.session.status === "open" && row.session.expiresAt.getTime() <= Date.now();
  return { ...row, effectiveStatus: expired ? ("expired" as const) : row.session.status };
}
export type PaymentPage = NonNullable<Awaited<ReturnType<typeof loadPaymentPage>>>;
