import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { checkoutSessions, type CheckoutSession, type Operation } from "@/db/schema";
import { enqueueWebhookEvent, type WebhookEventInput } from "@/lib/webhooks/outbox";
import { presentSession } from "./present-session";
import type { SessionStatus } from "./session-status";

type Patch = Partial<Pick<CheckoutSession, "customer">>;

/**
 * What moving a session to `next` writes: the columns to set, the session as it will read
 * afterwards, and its `checkout_session.<status>` event when the status changes. Null when
 * nothing changes. Callers that write many sessions at once (applyProviderUpdates) use it
 * directly; everything else goes through transitionSession.
 */
export function sessionTransition(
  session: CheckoutSession,
  next: SessionStatus,
  options: { operation?: Operation | null; patch?: Patch; now?: Date } = {},
): { set: Partial<CheckoutSession>; updated: CheckoutSession; webhook: WebhookEventInput | null } | null {
  const patch = options.patch ?? {};
  if (next === session.status && Object.keys(patch).length === 0) return null;
  const op = options.operation ?? null;
  const set = { ...patch, status: next, operationId: next === "paid" && op ? op.id : session.operationId, updatedAt: options.now ?? new Date() };
  const updated: CheckoutSession = { ...session, ...set };
  const webhook = next !== session.status ? { merchantId: updated.merchantId, type: `checkout_session.${next}`, data: presentSession(updated, op) } : null;
  return { set, updated, webhook };
}

/**
 * The one writer of a session's status. Every change, whoever makes it (a payer pressing
 * Pay, a provider fact, expiry, the merchant cancelling), goes through here (or through
 * sessionTransition) inside the caller's transaction, so each one is written together with
 * its `checkout_session.<status>` webhook event or not at all. The caller holds the row lock.
 */
export async function transitionSession(tx: Tx, session: CheckoutSession, next: SessionStatus, options: { operation?: Operation | null; patch?: Patch; now?: Date } = {}): Promise<CheckoutSession> {
  const t = sessionTransition(session, next, options);
  if (!t) return session;
  const [updated] = await tx
    .update(checkoutSessions)
    .set(t.set)
    .where(and(eq(checkoutSessions.id, session.id), eq(checkoutSessions.merchantId, session.merchantId)))
    .returning();
  if (!updated) throw new Error("session vanished inside its own lock");
  if (t.webhook) await enqueueWebhookEvent(tx, { ...t.webhook, data: presentSession(updated, options.operation ?? null) });
  return updated;
}
