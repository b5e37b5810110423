import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutSessions, type CheckoutSession } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { payerError } from "./payer-errors";
import { isId } from "@/lib/ids";
import { loadProviderAccount } from "@/lib/providers/load-account";
import { getConnector } from "@/lib/providers/registry";
import type { Connector, ProviderAccountContext } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { hit } from "@/lib/security/rate-limit";

/**
 * A session the payer may still pay, with its provider's connector and the merchant's
 * account, for the steps before Pay (finding a wallet, quoting the fee). Each such step is
 * rate-limited per session and per payer address: a wallet lookup tells whether a phone
 * number has a wallet, which must not become an oracle.
 */
export async function payableSession(sessionId: string, step: string, ip: string): Promise<Result<{ session: CheckoutSession; connector: Connector; account: ProviderAccountContext }>> {
  if (!isId("session", sessionId)) return err(notFound("Payment"));
  const db = await getDb();
  const [session] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, sessionId)).limit(1);
  if (!session) return err(notFound("Payment"));
  if (session.status === "paid") return err(payerError("conflict", "alreadyPaid"));
  if (session.status === "cancelled") return err(payerError("invalid_state", "cancelled"));
  if (session.status === "expired" || session.expiresAt.getTime() <= Date.now()) return err(payerError("session_expired", "expired"));
  for (const [key, limit] of [
    [`pay:${step}:session:${sessionId}`, 20],
    [`pay:${step}:ip:${ip}`, 60],
  ] as const) {
    const decision = await hit(key, limit, 15 * 60_000);
    if (!decision.allowed) return err(payerError("rate_limited", "tooManyTries", { retryAfterSeconds: decision.retryAfterSeconds }));
  }
  let connector: Connector;
  try {
    connector = await getConnector(session.provider);
  } catch (e) {
    if (e instanceof AppError) return err(e);
    throw e;
  }
  try {
    return ok({ session, connector, account: await loadProviderAccount(db, session.merchantId, session.provider) });
  } catch (e) {
    if (e instanceof AppError) return err(payerError("provider_unavailable", "methodNotReady"));
    throw e;
  }
}
