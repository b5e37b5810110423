import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { newId } from "@/lib/ids";

/** NOTIFY channel the delivery workers LISTEN on; the payload is the merchant id. */
export const WEBHOOK_CHANNEL = "webhook_deliveries";

export interface WebhookEventInput {
  merchantId: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * The rows one merchant-facing event becomes: the event and one pending delivery per
 * endpoint. Callers that already hold the merchant's enabled endpoints (applyProviderUpdates
 * reads them with the operation) write these themselves, several events at once.
 */
export function webhookEventRows(args: WebhookEventInput, endpointIds: readonly string[]) {
  const id = newId("webhookEvent");
  const createdAt = new Date();
  return {
    event: { id, merchantId: args.merchantId, type: args.type, payload: { type: args.type, timestamp: createdAt.toISOString(), data: args.data }, createdAt },
    deliveries: endpointIds.map((endpointId) => ({
      id: newId("webhookDelivery"),
      merchantId: args.merchantId,
      eventId: id,
      endpointId,
      status: "pending" as const,
      nextAttemptAt: createdAt,
    })),
  };
}

/**
 * Record a merchant-facing event in the outbox, in the caller's transaction, with one
 * pending delivery per enabled endpoint. The delivery worker picks them up; nothing is
 * sent from inside the transaction, so a rollback never leaks an event.
 */
export async function enqueueWebhookEvent(tx: Queryable, args: WebhookEventInput): Promise<string> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, args.merchantId), eq(webhookEndpoints.enabled, true)));
  const rows = webhookEventRows(args, endpoints.map((e) => e.id));
  await tx.insert(webhookEvents).values(rows.event);
  if (rows.deliveries.length > 0) {
    await tx.insert(webhookDeliveries).values(rows.deliveries);
    // Delivered on commit only, so workers wake for rows they can already see.
    await tx.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, ${args.merchantId})`);
  }
  return rows.event.id;
}
