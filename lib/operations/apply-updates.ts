import { and, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { checkoutSessions, operationEvents, operations, type CheckoutSession, type Operation } from "@/db/schema";
import type { EventOutcome, EventSource } from "@/db/schema/operation-events";
import { newId } from "@/lib/ids";
import { notFound } from "@/lib/errors";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";
import type { SessionStatus } from "@/lib/checkout/session-status";
import { transitionSession } from "@/lib/checkout/transition-session";
import type { ProviderUpdate } from "@/lib/providers/types";
import { deadlineFor } from "./browser-steps";
import { decide, isFinal, type OperationStatus } from "./status";
import { presentOperation } from "./present-operation";

export const OPERATION_CHANNEL = "operation_updates";

export interface ApplyResult {
  operation: Operation;
  outcomes: Array<"applied" | "duplicate" | "stale" | "ignored">;
  changed: boolean;
}

/** What the session becomes when its operation reaches `status`. */
function sessionStatusFor(op: OperationStatus, session: CheckoutSession): SessionStatus {
  if (session.status === "paid" || session.status === "cancelled" || session.status === "expired") return session.status;
  if (op === "succeeded") return "paid";
  if (op === "expired") return "expired";
  // A declined, failed or cancelled attempt leaves the session open for another card.
  if (isFinal(op)) return session.expiresAt.getTime() <= Date.now() ? "expired" : "open";
  return "processing";
}

/**
 * Apply provider facts to an operation, in one transaction with the row locked: each
 * update is de-duplicated by its key, ordered by the status machine, written to the
 * history whatever its outcome, and every status change goes to the webhook outbox and
 * to listeners (LISTEN/NOTIFY) on commit.
 */
export async function applyProviderUpdates(args: {
  merchantId: string;
  operationId: string;
  updates: ProviderUpdate[];
  source: EventSource;
  actor?: string;
  /**
   * Keep a history row for each repeat of a fact already seen. Callers that replay a
   * provider's whole history on every read-back (polls, verified callbacks) pass false
   * and record the delivery itself once instead, so a stuck operation's history does not
   * grow by the length of its history on every poll.
   */
  recordDuplicates?: boolean;
}): Promise<ApplyResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(operations)
      .where(and(eq(operations.id, args.operationId), eq(operations.merchantId, args.merchantId)))
      .for("update")
      .limit(1);
    if (!locked) throw notFound("Operation");
    let op = locked;
    const outcomes: ApplyResult["outcomes"] = [];
    let changed = false;

    for (const u of args.updates) {
      const seen = await tx
        .select({ id: operationEvents.id })
        .from(operationEvents)
        .where(and(eq(operationEvents.operationId, op.id), eq(operationEvents.dedupeKey, u.dedupeKey)))
        .limit(1);
      const base = {
        merchantId: op.merchantId,
        operationId: op.id,
        source: args.source,
        type: u.providerStatus,
        providerTime: u.providerTime,
        actor: args.actor ?? null,
        payload: u.raw,
      };
      if (seen.length > 0) {
        outcomes.push("duplicate");
        if (args.recordDuplicates === false) continue;
        await tx.insert(operationEvents).values({ ...base, id: newId("event"), outcome: "duplicate", fromStatus: op.status, toStatus: op.status, dedupeKey: null });
        continue;
      }
      const isNewAction = u.action !== undefined && JSON.stringify(u.action) !== JSON.stringify(op.nextAction);
      const d = decide({ status: op.status, lastEventAt: op.lastEventAt }, { status: u.status, providerTime: u.providerTime, newAction: isNewAction });
      outcomes.push(d.outcome);
      await tx.insert(operationEvents).values({
        ...base,
        id: newId("event"),
        outcome: d.outcome,
        fromStatus: op.status,
        toStatus: d.outcome === "applied" ? d.next.status : op.status,
        dedupeKey: u.dedupeKey,
      });
      if (d.outcome !== "applied") {
        // Facts that do not move the status may still fill in what we did not know.
        const fill: Partial<Operation> = {};
        if (u.providerReference && !op.providerReference) fill.providerReference = u.providerReference;
        if (u.attention && !op.attention && !isFinal(op.status)) fill.attention = u.attention;
        if (u.state && Object.entries(u.state).some(([k, v]) => op.connectorState[k] !== v)) fill.connectorState = { ...op.connectorState, ...u.state };
        if (Object.keys(fill).length > 0) {
          [op] = (await tx.update(operations).set({ ...fill, updatedAt: new Date() }).where(eq(operations.id, op.id)).returning()) as [Operation];
        }
        continue;
      }
      const final = isFinal(d.next.status);
      const now = new Date();
      // A new action starts a browser step: its time is taken from now, and its timer (if any) is set.
      const actionStep = isNewAction && u.action && !final ? { actionSetAt: now, actionCompletedAt: null, dueAt: deadlineFor(u.action, now) } : {};
      const [updated] = await tx
        .update(operations)
        .set({
          status: d.next.status,
          providerStatus: u.providerStatus,
          lastEventAt: d.next.lastEventAt,
          nextAction: final ? null : (u.action ?? (d.next.status === "requires_action" ? op.nextAction : null)),
          redirectCount: u.action?.kind === "redirect" && isNewAction ? op.redirectCount + 1 : op.redirectCount,
          declineCode: u.decline?.code ?? op.declineCode,
          declineReason: u.decline?.reason ?? op.declineReason,
          threeDs: u.threeDs ? { ...(op.threeDs ?? {}), ...u.threeDs } : op.threeDs,
          providerReference: u.providerReference ?? op.providerReference,
          connectorState: u.state ? { ...op.connectorState, ...u.state } : op.connectorState,
          attention: u.attention ?? op.attention,
          finalizedAt: final ? now : null,
          ...actionStep,
          ...(final ? { dueAt: null } : {}),
          updatedAt: now,
        })
        .where(eq(operations.id, op.id))
        .returning();
      if (!updated) throw new Error("operation vanished inside its own lock");
      const statusChanged = updated.status !== op.status;
      op = updated;
      changed = true;
      if (statusChanged) await onStatusChanged(tx, op);
    }
    // The connector asked to be asked again soon (a transfer still settling): the step
    // worker reads the status back then, unless something is due earlier.
    const recheck = Math.min(...args.updates.map((u) => u.recheckAfterMs ?? Infinity));
    if (!isFinal(op.status) && Number.isFinite(recheck)) {
      const at = new Date(Date.now() + recheck);
      [op] = (await tx
        .update(operations)
        .set({ dueAt: sql`least(${operations.dueAt}, ${at.toISOString()}::timestamptz)` })
        .where(eq(operations.id, op.id))
        .returning()) as [Operation];
    }
    if (changed) await tx.execute(sql`select pg_notify(${OPERATION_CHANNEL}, ${op.id})`);
    return { operation: op, outcomes, changed };
  });
}

async function onStatusChanged(tx: Tx, op: Operation): Promise<void> {
  await enqueueWebhookEvent(tx, { merchantId: op.merchantId, type: `operation.${op.status}`, data: presentOperation(op) });
  const [session] = await tx
    .select()
    .from(checkoutSessions)
    .where(and(eq(checkoutSessions.id, op.sessionId), eq(checkoutSessions.merchantId, op.merchantId)))
    .for("update")
    .limit(1);
  if (!session) return;
  await transitionSession(tx, session, sessionStatusFor(op.status, session), { operation: op });
}

/** A history entry that changes no status: an admin action, a note from the system. */
export async function recordOperationEvent(
  db: Tx | Awaited<ReturnType<typeof getDb>>,
  args: { merchantId: string; operationId: string; source: EventSource; type: string; actor?: string; payload?: unknown; outcome?: EventOutcome },
): Promise<void> {
  await db.insert(operationEvents).values({
    id: newId("event"),
    merchantId: args.merchantId,
    operationId: args.operationId,
    source: args.source,
    type: args.type,
    outcome: args.outcome ?? "recorded",
    actor: args.actor ?? null,
    payload: args.payload ?? null,
  });
}

/** One outcome for a delivery that carried several facts: what it did as a whole. */
export function summarizeOutcomes(result: ApplyResult): EventOutcome {
  if (result.changed) return "applied";
  if (result.outcomes.length > 0 && result.outcomes.every((o) => o === "duplicate")) return "duplicate";
  if (result.outcomes.includes("stale")) return "stale";
  return "ignored";
}
