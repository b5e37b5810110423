import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { webhookDeliveries, webhookEvents } from "@/db/schema";
import { invalidState, notFound } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import { err, ok, type Result } from "@/lib/result";
import { recordOperationEvent } from "@/lib/operations/apply-updates";
import { auditWebhookAction, type AdminActor } from "./audit";
import { findEndpoint } from "./endpoints";
import { existingOperationOfEvent } from "./operation-of-event";
import { WEBHOOK_CHANNEL } from "./outbox";

/**
 * Send an event to an endpoint again, now: resets its delivery (or creates one when the
 * endpoint did not exist yet or was not subscribed) to a fresh retry round. The admin's
 * request is kept in the audit log and, when the event is about an operation, in its
 * history.
 */
export async function replayEvent(args: { merchantId: string; eventId: string; endpointId: string; actor: AdminActor }): Promise<Result<{ deliveryId: string }>> {
  if (!isId("webhookEvent", args.eventId)) return err(notFound("Webhook event"));
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [event] = await tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.id, args.eventId), eq(webhookEvents.merchantId, args.merchantId)))
      .limit(1);
    if (!event) return err(notFound("Webhook event"));
    const endpoint = await findEndpoint(tx, args.merchantId, args.endpointId);
    if (!endpoint) return err(notFound("Webhook endpoint"));
    if (!endpoint.enabled) return err(invalidState("Enable the endpoint before replaying events to it."));

    const now = new Date();
    const [existing] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.eventId, event.id), eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.merchantId, args.merchantId)))
      .for("update")
      .limit(1);
    if (existing?.lockedUntil && existing.lockedUntil > now) return err(invalidState("This event is being sent to the endpoint right now; try again in a moment."));

    let deliveryId: string;
    if (existing) {
      deliveryId = existing.id;
      // A new round: the retry schedule and its 24 h window start over; earlier attempts stay in the log.
      await tx
        .update(webhookDeliveries)
        .set({ status: "pending", attempts: 0, nextAttemptAt: now, firstAttemptAt: null, lastError: null, lockedBy: null, lockedUntil: null, updatedAt: now })
        .where(eq(webhookDeliveries.id, existing.id));
    } else {
      deliveryId = newId("webhookDelivery");
      await tx.insert(webhookDeliveries).values({ id: deliveryId, merchantId: args.merchantId, eventId: event.id, endpointId: endpoint.id, status: "pending", nextAttemptAt: now });
    }
    const details = { event_id: event.id, event_type: event.type, endpoint_id: endpoint.id, delivery_id: deliveryId };
    await auditWebhookAction(tx, { merchantId: args.merchantId, actor: args.actor, action: "webhook_event.replayed", targetType: "webhook_event", targetId: event.id, details });
    const operationId = await existingOperationOfEvent(tx, args.merchantId, event.payload);
    if (operationId) {
      await recordOperationEvent(tx, { merchantId: args.merchantId, operationId, source: "admin", type: "webhook.replay_requested", actor: args.actor.email, payload: details });
    }
    await tx.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, ${args.merchantId})`);
    return ok({ deliveryId });
  });
}
