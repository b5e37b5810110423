import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb, inTransaction, type Queryable } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import { ok, err, type Result } from "@/lib/result";
import { seal } from "@/lib/crypto/secret-box";
import { auditWebhookAction, type AdminActor } from "./audit";
import { ROTATION_OVERLAP_DEFAULT_SECONDS, type CreateEndpointInput, type RotateSecretInput, type UpdateEndpointInput } from "./endpoint-input";
import { presentEndpoint, type EndpointJson, type EndpointWithSecretJson } from "./present-endpoint";
import { generateSecret } from "./signature";

// Endpoint management shared by the merchant API and the admin. Every query carries the
// merchant id; a deleted endpoint is a 404 everywhere but keeps its row for the log. The
// writes take an optional `db`: the caller's transaction (the merchant API's idempotency
// record), else they open their own.

export async function findEndpoint(db: Queryable, merchantId: string, endpointId: string, options: { lock?: boolean } = {}): Promise<WebhookEndpoint | null> {
  if (!isId("webhookEndpoint", endpointId)) return null;
  const q = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.merchantId, merchantId), isNull(webhookEndpoints.deletedAt)))
    .limit(1);
  const [row] = options.lock ? await q.for("update") : await q;
  return row ?? null;
}

export async function createEndpoint(args: { merchantId: string; input: CreateEndpointInput; actor?: AdminActor; db?: Queryable }): Promise<Result<EndpointWithSecretJson>> {
  const secret = generateSecret();
  const row = await inTransaction(args.db, async (tx) => {
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({
        id: newId("webhookEndpoint"),
        merchantId: args.merchantId,
        url: args.input.url,
        description: args.input.description ?? null,
        enabled: args.input.enabled ?? true,
        secretSealed: await seal(secret),
      })
      .returning();
    if (!created) throw new Error("insert returned no row");
    await auditWebhookAction(tx, { merchantId: args.merchantId, actor: args.actor, action: "webhook_endpoint.created", targetType: "webhook_endpoint", targetId: created.id, details: { url: created.url } });
    return created;
  });
  return ok({ ...presentEndpoint(row), secret });
}

export async function listEndpoints(merchantId: string): Promise<EndpointJson[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), isNull(webhookEndpoints.deletedAt)))
    .orderBy(desc(webhookEndpoints.id))
    .limit(100);
  const now = new Date();
  return rows.map((r) => presentEndpoint(r, now));
}

export async function getEndpoint(merchantId: string, endpointId: string): Promise<Result<EndpointJson>> {
  const row = await findEndpoint(await getDb(), merchantId, endpointId);
  return row ? ok(presentEndpoint(row)) : err(notFound("Webhook endpoint"));
}

async function stopPendingDeliveries(tx: Queryable, merchantId: string, endpointId: string, reason: string): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({ status: "disabled", nextAttemptAt: null, lastError: reason, updatedAt: new Date() })
    .where(and(eq(webhookDeliveries.merchantId, merchantId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending")));
}

/** Change URL, description or enabled. Disabling stops the endpoint's pending deliveries. */
export async function updateEndpoint(args: { merchantId: string; endpointId: string; input: UpdateEndpointInput; actor?: AdminActor; db?: Queryable }): Promise<Result<EndpointJson>> {
  return inTransaction(args.db, async (tx) => {
    const current = await findEndpoint(tx, args.merchantId, args.endpointId, { lock: true });
    if (!current) return err(notFound("Webhook endpoint"));
    const { url, description, enabled } = args.input;
    const disabling = enabled === false && current.enabled;
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled !== undefined ? { enabled, disabledReason: enabled ? null : "Disabled by the merchant." } : {}),
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, current.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    if (disabling) await stopPendingDeliveries(tx, args.merchantId, current.id, "endpoint disabled");
    await auditWebhookAction(tx, {
      merchantId: args.merchantId,
      actor: args.actor,
      action: "webhook_endpoint.updated",
      targetType: "webhook_endpoint",
      targetId: current.id,
      details: { ...(url !== undefined ? { url } : {}), ...(description !== undefined ? { description } : {}), ...(enabled !== undefined ? { enabled } : {}) },
    });
    return ok(presentEndpoint(updated));
  });
}

/**
 * A new signing secret, shown once. The old one keeps signing next to it (two `v1,`
 * signatures per delivery) until the overlap ends, so receivers can switch without
 * rejecting anything.
 */
export async function rotateEndpointSecret(args: { merchantId: string; endpointId: string; input: RotateSecretInput; actor?: AdminActor; db?: Queryable }): Promise<Result<EndpointWithSecretJson>> {
  const secret = generateSecret();
  return inTransaction(args.db, async (tx) => {
    const current = await findEndpoint(tx, args.merchantId, args.endpointId, { lock: true });
    if (!current) return err(notFound("Webhook endpoint"));
    const overlapSeconds = args.input.expires_in_seconds ?? ROTATION_OVERLAP_DEFAULT_SECONDS;
    const now = new Date();
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        secretSealed: await seal(secret),
        previousSecretSealed: overlapSeconds > 0 ? current.secretSealed : null,
        previousSecretExpiresAt: overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null,
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, current.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    await auditWebhookAction(tx, { merchantId: args.merchantId, actor: args.actor, action: "webhook_endpoint.secret_rotated", targetType: "webhook_endpoint", targetId: current.id, details: { overlap_seconds: overlapSeconds } });
    return ok({ ...presentEndpoint(updated, now), secret });
  });
}

/** Removes the endpoint from use: no new deliveries, pending ones stop; its log stays readable. */
export async function deleteEndpoint(args: { merchantId: string; endpointId: string; actor?: AdminActor; db?: Queryable }): Promise<Result<{ id: string; object: "webhook_endpoint"; deleted: true }>> {
  return inTransaction(args.db, async (tx) => {
    const current = await findEndpoint(tx, args.merchantId, args.endpointId, { lock: true });
    if (!current) return err(notFound("Webhook endpoint"));
    await tx
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: "Deleted.", deletedAt: new Date(), previousSecretSealed: null, previousSecretExpiresAt: null, updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, current.id));
    await stopPendingDeliveries(tx, args.merchantId, current.id, "endpoint deleted");
    await auditWebhookAction(tx, { merchantId: args.merchantId, actor: args.actor, action: "webhook_endpoint.deleted", targetType: "webhook_endpoint", targetId: current.id, details: { url: current.url } });
    return ok({ id: current.id, object: "webhook_endpoint" as const, deleted: true as const });
  });
}
