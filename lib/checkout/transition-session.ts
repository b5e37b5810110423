import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { checkoutSessions, type CheckoutSession, type Operation } from "@/db/schema";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";
import { presentSession } from "./present-session";
import type { SessionStatus } from "./session-status";

/**
 * The one writer of a session's status. Every change, whoever makes it (a payer pressing
 * Pay, a provider fact, expiry, the merchant cancelling), goes through here inside the
 * caller's transaction, so each one is written together with its
 * `checkout_session.<status>` webhook event or not at all. The caller holds the row lock.
 */
export async function transitionSession(
  tx: Tx,
  session: CheckoutSession,
  next: SessionStatus,
  options: { operation?: Operation | null; patch?: Partial<Pick<CheckoutSession, "customer">>; now?: Date } = {},
): Promise<CheckoutSession> {
  const patch = options.patch ?? {};
  if (next === session.status && Object.keys(patch).length === 0) return session;
  const op = options.operation ?? null;
  const [updated] = await tx
    .update(checkoutSessions)
    .set({
      ...patch,
      status: next,
      operationId: next === "paid" && op ? op.id : session.operationId,
      updatedAt: options.now ?? new Date(),
    })
    .where(and(eq(checkoutSessions.id, session.id), eq(checkoutSessions.merchantId, session.merchantId)))
    .returning();
  if (!updated) throw new Error("session vanished inside its own lock");
  if (next !== session.status) {
    await enqueueWebhookEvent(tx, { merchantId: updated.merchantId, type: `checkout_session.${next}`, data: presentSession(updated, op) });
  }
  return updated;
}
