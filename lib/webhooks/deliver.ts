import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookDelivery } from "@/db/schema";
import { refusesPrivateTargets } from "@/lib/env";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { open } from "@/lib/crypto/secret-box";
import { recordOperationEvent } from "@/lib/operations/apply-updates";
import type { Resolver } from "./address-policy";
import { existingOperationOfEvent } from "./operation-of-event";
import { nextAttemptAt } from "./schedule";
import { sendOnce, type SendOutcome } from "./send";
import { signatureHeader } from "./signature";

// A claimed delivery is leased for longer than one send can take (15 s timeout), so a
// live worker never loses its lease mid-send and a dead worker's lease runs out soon.
export const LEASE_MS = 60_000;

export interface DeliverOptions {
  workerId: string;
  limit?: number;
  db?: Db;
  // Only this merchant's deliveries (tests sharing one database; operators draining one merchant).
  merchantId?: string;
  // Overrides for tests: production-mode address checks and DNS.
  refusePrivate?: boolean;
  resolve?: Resolver;
  timeoutMs?: number;
}

/**
 * Claim due deliveries for this worker: one statement that locks candidate rows with
 * SKIP LOCKED and stamps a lease on them, so concurrent workers (in this process or in
 * other instances) never claim the same delivery, and a crashed worker's deliveries
 * become claimable again when its lease expires.
 */
export async function claimDueDeliveries(db: Db, workerId: string, limit: number, merchantId?: string): Promise<string[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        merchantId ? eq(webhookDeliveries.merchantId, merchantId) : undefined,
        lte(webhookDeliveries.nextAttemptAt, sql`now()`),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(webhookDeliveries)
    .set({ lockedBy: workerId, lockedUntil: sql`now() + ${`${LEASE_MS} milliseconds`}::interval` })
    .where(inArray(webhookDeliveries.id, due))
    .returning({ id: webhookDeliveries.id });
  return claimed.map((c) => c.id);
}

/** Claim and send every due delivery (up to `limit`); returns how many were attempted. */
export async function deliverDueOnce(options: DeliverOptions): Promise<number> {
  const db = options.db ?? (await getDb());
  const ids = await claimDueDeliveries(db, options.workerId, options.limit ?? 10, options.merchantId);
  await Promise.all(
    ids.map((id) =>
      deliverClaimed(db, id, options).catch((e: unknown) => {
        // The lease runs out and another pass retries it.
        log.error("webhook delivery crashed", { deliveryId: id, error: e });
      }),
    ),
  );
  return ids.length;
}

type Final = "succeeded" | "failed" | "disabled";

async function deliverClaimed(db: Db, deliveryId: string, options: DeliverOptions): Promise<void> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, event: webhookEvents, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, and(eq(webhookEvents.id, webhookDeliveries.eventId), eq(webhookEvents.merchantId, webhookDeliveries.merchantId)))
    .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.id, webhookDeliveries.endpointId), eq(webhookEndpoints.merchantId, webhookDeliveries.merchantId)))
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.lockedBy, options.workerId)))
    .limit(1);
  if (!row) return;
  const { delivery, event, endpoint } = row;

  if (!endpoint.enabled || endpoint.deletedAt) {
    await db
      .update(webhookDeliveries)
      .set({ status: "disabled", nextAttemptAt: null, lockedBy: null, lockedUntil: null, lastError: "endpoint disabled", updatedAt: new Date() })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.lockedBy, options.workerId)));
    return;
  }

  const now = new Date();
  let secrets: string[];
  try {
    secrets = [await open<string>(endpoint.secretSealed)];
    if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
      secrets.push(await open<string>(endpoint.previousSecretSealed));
    }
  } catch (e) {
    // Nothing is sent unsigned; the attempt shows in the log and retries on schedule.
    log.error("webhook signing secret could not be opened", { endpointId: endpoint.id, error: e });
    const outcome: SendOutcome = { status: null, durationMs: 0, error: "signing secret could not be decrypted", refused: false };
    await recordAttempt(db, { delivery, eventPayload: event.payload, eventType: event.type, outcome, attemptedAt: now, workerId: options.workerId });
    return;
  }
  const body = JSON.stringify({ id: event.id, ...event.payload });
  const timestamp = Math.floor(now.getTime() / 1000);
  const outcome = await sendOnce({
    url: endpoint.url,
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "HostedCheckout-Webhooks/1.0",
      "webhook-id": event.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signatureHeader(secrets, event.id, timestamp, body),
    },
    refusePrivate: options.refusePrivate ?? refusesPrivateTargets(),
    resolve: options.resolve,
    timeoutMs: options.timeoutMs,
  });
  await recordAttempt(db, { delivery, eventPayload: event.payload, eventType: event.type, outcome, attemptedAt: now, workerId: options.workerId });
}

function classify(outcome: SendOutcome): { kind: "success" | "gone" | "retry"; error: string | null } {
  const s = outcome.status;
  if (s !== null && s >= 200 && s < 300) return { kind: "success", error: null };
  if (s === 410) return { kind: "gone", error: "endpoint answered 410 Gone; endpoint disabled" };
  if (s !== null && s >= 300 && s < 400) return { kind: "retry", error: `redirect (${s}) not followed` };
  if (s !== null) return { kind: "retry", error: `HTTP ${s}` };
  return { kind: "retry", error: outcome.error ?? "no response" };
}

async function recordAttempt(
  db: Db,
  args: { delivery: WebhookDelivery; eventPayload: Record<string, unknown>; eventType: string; outcome: SendOutcome; attemptedAt: Date; workerId: string },
): Promise<void> {
  const { delivery, outcome } = args;
  const attempts = delivery.attempts + 1;
  const firstAttemptAt = delivery.firstAttemptAt ?? args.attemptedAt;
  const verdict = classify(outcome);
  let status: WebhookDelivery["status"] = "pending";
  let next: Date | null = null;
  if (verdict.kind === "success") status = "succeeded";
  else if (verdict.kind === "gone") status = "disabled";
  else {
    next = nextAttemptAt({ attempts, firstAttemptAt, now: new Date() });
    if (!next) status = "failed";
  }

  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      id: newId("webhookAttempt"),
      merchantId: delivery.merchantId,
      deliveryId: delivery.id,
      attemptedAt: args.attemptedAt,
      responseStatus: outcome.status,
      durationMs: outcome.durationMs,
      error: verdict.error,
      meta: { attempt: attempts, worker: args.workerId },
    });
    const updated = await tx
      .update(webhookDeliveries)
      .set({
        status,
        attempts,
        nextAttemptAt: next,
        firstAttemptAt,
        lastAttemptAt: args.attemptedAt,
        lastResponseStatus: outcome.status,
        lastResponseMs: outcome.durationMs,
        lastError: verdict.error,
        lockedBy: null,
        lockedUntil: null,
        updatedAt: new Date(),
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.lockedBy, args.workerId)))
      .returning({ id: webhookDeliveries.id });
    if (updated.length === 0) {
      log.warn("webhook delivery lease lost before its attempt was recorded", { deliveryId: delivery.id });
      return;
    }
    if (verdict.kind === "gone") {
      await tx
        .update(webhookEndpoints)
        .set({ enabled: false, disabledReason: "The endpoint answered 410 Gone.", updatedAt: new Date() })
        .where(and(eq(webhookEndpoints.id, delivery.endpointId), eq(webhookEndpoints.merchantId, delivery.merchantId)));
      await tx
        .update(webhookDeliveries)
        .set({ status: "disabled", nextAttemptAt: null, lastError: "endpoint disabled (410 Gone)", updatedAt: new Date() })
        .where(and(eq(webhookDeliveries.endpointId, delivery.endpointId), eq(webhookDeliveries.merchantId, delivery.merchantId), eq(webhookDeliveries.status, "pending")));
    }
    if (status !== "pending") await noteOnOperation(tx, args, status, attempts);
  });
  log.info("webhook attempt", { deliveryId: delivery.id, eventType: args.eventType, status: outcome.status, durationMs: outcome.durationMs, error: verdict.error, result: status });
}

async function noteOnOperation(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  args: { delivery: WebhookDelivery; eventPayload: Record<string, unknown>; eventType: string; outcome: SendOutcome },
  status: Final,
  attempts: number,
): Promise<void> {
  const operationId = await existingOperationOfEvent(tx, args.delivery.merchantId, args.eventPayload);
  if (!operationId) return;
  await recordOperationEvent(tx, {
    merchantId: args.delivery.merchantId,
    operationId,
    source: "webhook",
    type: `webhook.${status}`,
    payload: {
      event_id: args.delivery.eventId,
      event_type: args.eventType,
      endpoint_id: args.delivery.endpointId,
      delivery_id: args.delivery.id,
      attempts,
      response_status: args.outcome.status,
    },
  });
}
