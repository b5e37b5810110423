import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { newId } from "@/lib/ids";

/** NOTIFY channel the delivery workers LISTEN on; the payload is the merchant id. */
export const WEBHOOK_CHANNEL = "webhook_deliveries";

/**
 * Record a merchant-facing event in the outbox, in the caller's transaction, with one
 * pending delivery per enabled endpoint. The delivery worker picks them up; nothing is
 * sent from inside the transaction, so a rollback never leaks an event.
 */
export async function enqueueWebhookEvent(tx: Queryable, args: { merchantId: string; type: string; data: Record<string, unknown> }): Promise<string> {
  const id = newId("webhookEvent");
  const createdAt = new Date();
  await tx.insert(webhookEvents).values({
    id,
    merchantId: args.merchantId,
    type: args.type,
    payload: { type: args.type, timestamp: createdAt.toISOString(), data: args.data },
    createdAt,
  });
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, args.merchantId), eq(webhookEndpoints.enabled, true)));
  if (endpoints.length > 0) {
    await tx.insert(webhookDeliveries).values(
      endpoints.map((e) => ({
        id: newId("webhookDelivery"),
        merchantId: args.merchantId,
        eventId: id,
        endpointId: e.id,
        status: "pending" as const,
        nextAttemptAt: createdAt,
      })),
    );
    // Delivered on commit only, so workers wake for rows they can already see.
    await tx.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, ${args.merchantId})`);
  }
  return id;
}
