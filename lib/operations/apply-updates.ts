import { asc, sql, type SQLWrapper } from "drizzle-orm";
import { getDb, handle, type Queryable, type Tx } from "@/db/client";
import { insertJsonRows, updateJsonRows } from "@/db/json-rows";
import { checkoutSessions, operationEvents, operations, webhookDeliveries, webhookEvents, type CheckoutSession, type Operation } from "@/db/schema";
import type { EventOutcome, EventSource } from "@/db/schema/operation-events";
import { newId } from "@/lib/ids";
import { notFound } from "@/lib/errors";
import { WEBHOOK_CHANNEL, webhookEventRows } from "@/lib/webhooks/outbox";
import type { SessionStatus } from "@/lib/checkout/session-status";
import { sessionTransition } from "@/lib/checkout/transition-session";
import type { ProviderUpdate } from "@/lib/providers/types";
import { deadlineFor } from "./browser-steps";
import { decide, isFinal, type OperationStatus } from "./status";
import { presentOperation } from "./present-operation";
import { groupCommit } from "@/lib/system/group-commit";

export const OPERATION_CHANNEL = "operation_updates";

export interface ApplyResult {
  operation: Operation;
  /** The operation's session as this call left it, when the call locked it (it brought something new). */
  session?: CheckoutSession;
  outcomes: Array<"applied" | "duplicate" | "stale" | "ignored">;
  changed: boolean;
}

export interface ApplyArgs {
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
 * Apply provider facts to an operation as if in one transaction with the row locked: each
 * update is de-duplicated by its key, ordered by the status machine, written to the
 * history whatever its outcome, and every status change goes to the webhook outbox (and
 * moves the session) in the same transaction, and to listeners (LISTEN/NOTIFY) on commit.
 *
 * How it stays cheap at callback rates (bench/callback-ingest.ts):
 * - Most facts repeat what is known (providers retry; a read-back returns the whole
 *   history). A key in the history stays there, so a call whose every fact is already known
 *   is a duplicate whoever holds the lock: it is answered from one read, no transaction.
 * - The rest is decided in memory under the lock and written in a handful of statements
 *   sent together: history rows in one insert (the unique dedupe index refuses a second
 *   copy), each operation and session once, the outbox rows together.
 * - Calls that arrive while others are being written are applied together in the next
 *   transaction (group commit): operations and sessions are locked in id order, each call's
 *   facts are decided in arrival order, and each caller gets its own result. A batch that
 *   fails is retried call by call, so one bad call fails alone.
 */
export function applyProviderUpdates(args: ApplyArgs): Promise<ApplyResult> {
  return applyGrouped(args);
}

// Six transactions in flight at most, so the rest of the pool stays free for everything
// else. An operation a batch in flight holds is not batched again: its later calls wait for
// that batch rather than on the row lock.
const applyGrouped = groupCommit<ApplyArgs, ApplyResult>({ maxInFlight: 6, maxBatch: 64, run: applyBatch, key: (a) => a.operationId });

// Statements here are named (`.prepare(name)`, and db/client.ts names every other one): a
// named statement goes out in one trip, pipelined with the statements around it, where an
// unnamed one with parameters costs a describe round trip first.

/**
 * The dedupe keys among the calls' facts that an operation's history already holds, as a
 * column of a select from `operations`. Each operation's own keys go with it (a JSON object
 * from operation id to keys, passed as text and parsed once by its own sub-select: the
 * generic plan of a prepared statement would otherwise parse it again for every operation),
 * so a batch of n deliveries costs n index probes. Matching every key of the batch against
 * every operation of it cost n² and took hundreds of milliseconds at 400 deliveries.
 */
function seenKeysColumn(calls: readonly ApplyArgs[]) {
  const keysByOp: Record<string, string[]> = {};
  for (const c of calls) {
    const keys = (keysByOp[c.operationId] ??= []);
    for (const u of c.updates) if (!keys.includes(u.dedupeKey)) keys.push(u.dedupeKey);
  }
  return sql<string[] | null>`(select array_agg(e.dedupe_key) from operation_events e
    where e.operation_id = "operations"."id"
      and e.dedupe_key = any(array(select jsonb_array_elements_text((select ${JSON.stringify(keysByOp)}::text::jsonb) -> "operations"."id"))))`;
}

function seenMap(rows: ReadonlyArray<{ id: string; seen: string[] | null }>): Map<string, Set<string>> {
  return new Map(rows.map((r) => [r.id, new Set(r.seen ?? [])]));
}

/** `column = any($1)`: one statement text whatever the number of ids, so it is prepared once. */
function anyOf(column: SQLWrapper, values: readonly string[]) {
  return sql`${column} = any(${sql.param([...values])})`;
}

type EventRow = typeof operationEvents.$inferInsert;

/**
 * Whether two JSON values are the same whatever their keys' order: an action stored as
 * jsonb comes back with its keys reordered, and a fact repeating it is not a new action.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

async function applyBatch(calls: ApplyArgs[]): Promise<Array<ApplyResult | Error>> {
  const db = await getDb();
  const opIds = [...new Set(calls.map((c) => c.operationId))];
  const known = await db.select({ op: operations, seen: seenKeysColumn(calls) }).from(operations).where(anyOf(operations.id, opIds)).prepare("apply_known").execute();
  const knownById = new Map(known.map((r) => [r.op.id, r.op]));
  const seenBefore = seenMap(known.map((r) => ({ id: r.op.id, seen: r.seen })));
  const results: Array<ApplyResult | Error | undefined> = calls.map(() => undefined);
  const duplicates: EventRow[] = [];
  const rest: number[] = [];
  calls.forEach((c, i) => {
    const op = knownById.get(c.operationId);
    if (!op || op.merchantId !== c.merchantId) {
      results[i] = notFound("Operation");
      return;
    }
    // A request to be asked again (recheckAfterMs) may move the operation's due time.
    const recheck = c.updates.some((u) => u.recheckAfterMs !== undefined) && !isFinal(op.status);
    if (recheck || !c.updates.every((u) => seenBefore.get(op.id)?.has(u.dedupeKey))) {
      rest.push(i);
      return;
    }
    if (c.recordDuplicates !== false) for (const u of c.updates) duplicates.push(duplicateRow(op, u, c));
    results[i] = { operation: op, outcomes: c.updates.map(() => "duplicate"), changed: false };
  });
  if (duplicates.length > 0) await db.insert(operationEvents).values(duplicates).prepare("apply_duplicates").execute();
  if (rest.length > 0) {
    const lockCalls = rest.map((i) => calls[i] as ApplyArgs);
    // An operation's session never changes, so the unlocked read names the sessions to lock.
    const sessionIds = [...new Set(lockCalls.map((c) => knownById.get(c.operationId)?.sessionId ?? ""))].sort();
    const applied = await applyLocked(lockCalls, sessionIds);
    rest.forEach((i, k) => (results[i] = applied[k]));
  }
  return results.map((r) => r ?? new Error("no result"));
}

/**
 * One transaction for the calls that bring something new. On Postgres it goes out in two
 * flights on a connection of its own: BEGIN with the locking reads, then the writes with
 * COMMIT. A statement that fails aborts the transaction, so the COMMIT behind it rolls it
 * back and the batch is retried call by call. The embedded database runs the same
 * statements in an ordinary transaction.
 */
async function applyLocked(calls: ApplyArgs[], sessionIds: string[]): Promise<Array<ApplyResult | Error>> {
  const h = await handle();
  if (!h.reserved) return h.db.transaction((tx) => decideAndWrite(tx, calls, sessionIds, null));
  return h.reserved(async (db) => {
    let open = false;
    try {
      const begun = db.execute(sql`begin`).then(() => {
        open = true;
      });
      const results = await decideAndWrite(db, calls, sessionIds, { begun, commit: () => db.execute(sql`commit`).then(() => void (open = false)) });
      return results;
    } finally {
      if (open) await db.execute(sql`rollback`);
    }
  });
}

/**
 * Apply many calls inside a transaction the caller holds (the callback inbox applies its
 * batches this way, with the inbox rows' deletion in the same commit). `sessionIds` are the
 * calls' operations' sessions, locked after the operations, in id order.
 */
export function applyInTransaction(tx: Queryable, calls: ApplyArgs[], sessionIds: readonly string[]): Promise<Array<ApplyResult | Error>> {
  return decideAndWrite(tx, calls, [...new Set(sessionIds)].sort(), null);
}

async function decideAndWrite(
  tx: Queryable,
  calls: ApplyArgs[],
  sessionIds: string[],
  pipeline: { begun: Promise<void>; commit: () => Promise<void> } | null,
): Promise<Array<ApplyResult | Error>> {
  const opIds = [...new Set(calls.map((c) => c.operationId))].sort();
  {
    // Statements sent at once on the transaction's connection, which Postgres runs in
    // the order sent: the history is read only after the operations are locked. (A statement
    // that waited for a lock still reads with the snapshot it started with, so reading the
    // history in the locking statement would miss what the previous holder just committed;
    // locked rows themselves are re-read once locked.) Locks are taken in id order so that
    // concurrent batches never wait on each other in a circle. FOR NO KEY UPDATE, as everywhere
    // an operation or session is locked (ids never change, rows are never deleted): it still
    // excludes every other writer, but not the key-share lock an insert that references the row
    // takes, so a callback being accepted into the inbox or a history row being written never
    // waits for a batch to commit.
    const lockingOps = tx
      .select({
        op: operations,
        endpoints: sql<string[] | null>`(select array_agg(w.id) from webhook_endpoints w where w.merchant_id = "operations"."merchant_id" and w.enabled)`,
      })
      .from(operations)
      .where(anyOf(operations.id, opIds))
      .orderBy(asc(operations.id))
      .for("no key update")
      .prepare("apply_lock_operations")
      .execute();
    const lockingSessions = tx.select().from(checkoutSessions).where(anyOf(checkoutSessions.id, sessionIds)).orderBy(asc(checkoutSessions.id)).for("no key update").prepare("apply_lock_sessions").execute();
    const readingHistory = tx.select({ id: operations.id, seen: seenKeysColumn(calls) }).from(operations).where(anyOf(operations.id, opIds)).prepare("apply_history").execute();
    const [, lockedOps, lockedSessions, history] = await Promise.all([pipeline?.begun, lockingOps, lockingSessions, readingHistory]);
    const seen = seenMap(history);
    const endpointsByMerchant = new Map(lockedOps.map((r) => [r.op.merchantId, r.endpoints ?? []]));

    const ops = new Map(lockedOps.map((r) => [r.op.id, r.op]));
    const sessions = new Map(lockedSessions.map((s) => [s.id, s]));
    const endpointsOf = (merchantId: string) => endpointsByMerchant.get(merchantId) ?? [];
    const dirtyOps = new Set<string>();
    const dirtySessions = new Map<string, Partial<CheckoutSession>>();
    const events: EventRow[] = [];
    const outbox: Array<ReturnType<typeof webhookEventRows>> = [];
    const changedOps = new Set<string>();

    const results = calls.map((c): ApplyResult | Error => {
      let op = ops.get(c.operationId);
      if (!op || op.merchantId !== c.merchantId) return notFound("Operation");
      const known = seen.get(op.id) ?? new Set<string>();
      seen.set(op.id, known);
      const outcomes: ApplyResult["outcomes"] = [];
      let changed = false;
      for (const u of c.updates) {
        if (known.has(u.dedupeKey)) {
          outcomes.push("duplicate");
          if (c.recordDuplicates !== false) events.push(duplicateRow(op, u, c));
          continue;
        }
        known.add(u.dedupeKey);
        const isNewAction = u.action !== undefined && !sameJson(u.action, op.nextAction);
        const d = decide({ status: op.status, lastEventAt: op.lastEventAt }, { status: u.status, providerTime: u.providerTime, newAction: isNewAction });
        outcomes.push(d.outcome);
        events.push({ ...eventBase(op, u, c), outcome: d.outcome, fromStatus: op.status, toStatus: d.outcome === "applied" ? d.next.status : op.status, dedupeKey: u.dedupeKey });
        if (d.outcome !== "applied") {
          // Facts that do not move the status may still fill in what we did not know.
          const fill: Partial<Operation> = {};
          if (u.providerReference && !op.providerReference) fill.providerReference = u.providerReference;
          if (u.attention && !op.attention && !isFinal(op.status)) fill.attention = u.attention;
          if (u.state && Object.entries(u.state).some(([k, v]) => op?.connectorState[k] !== v)) fill.connectorState = { ...op.connectorState, ...u.state };
          if (Object.keys(fill).length > 0) {
            op = { ...op, ...fill, updatedAt: new Date() };
            dirtyOps.add(op.id);
          }
          continue;
        }
        const final = isFinal(d.next.status);
        const now = new Date();
        // A new action starts a browser step: its time is taken from now, and its timer (if any) is set.
        const actionStep = isNewAction && u.action && !final ? { actionSetAt: now, actionCompletedAt: null, dueAt: deadlineFor(u.action, now) } : {};
        const next: Operation = {
          ...op,
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
        };
        const statusChanged = next.status !== op.status;
        op = next;
        changed = true;
        dirtyOps.add(op.id);
        changedOps.add(op.id);
        if (!statusChanged) continue;
        // The status change's own event, then the session's move and its event, in that order.
        outbox.push(webhookEventRows({ merchantId: op.merchantId, type: `operation.${op.status}`, data: presentOperation(op) }, endpointsOf(op.merchantId)));
        const session = sessions.get(op.sessionId);
        if (!session) continue;
        const t = sessionTransition(session, sessionStatusFor(op.status, session), { operation: op });
        if (!t) continue;
        sessions.set(session.id, t.updated);
        dirtySessions.set(session.id, { ...dirtySessions.get(session.id), ...t.set });
        if (t.webhook) outbox.push(webhookEventRows(t.webhook, endpointsOf(session.merchantId)));
      }
      // The connector asked to be asked again soon (a transfer still settling): the step
      // worker reads the status back then, unless something is due earlier.
      const recheck = Math.min(...c.updates.map((u) => u.recheckAfterMs ?? Infinity));
      if (!isFinal(op.status) && Number.isFinite(recheck)) {
        const at = new Date(Date.now() + recheck);
        if (op.dueAt === null || op.dueAt.getTime() > at.getTime()) {
          op = { ...op, dueAt: at };
          dirtyOps.add(op.id);
        }
      }
      ops.set(op.id, op);
      return { operation: op, outcomes, changed, session: sessions.get(op.sessionId) };
    });

    // The writes go out together too, in this order (deliveries after the events they
    // reference), and commit as one. A key already in the history fails the insert on the
    // unique dedupe index and rolls the whole transaction back: keys are checked under the
    // lock, so only a writer that skipped the lock could get here.
    const deliveries = outbox.flatMap((w) => w.deliveries);
    const writes: Array<Promise<unknown>> = [];
    if (events.length > 0) writes.push(insertJsonRows(tx, operationEvents, events));
    if (dirtyOps.size > 0) writes.push(updateOperations(tx, [...dirtyOps].map((id) => ops.get(id) as Operation)));
    if (dirtySessions.size > 0) writes.push(updateJsonRows(tx, checkoutSessions, [...dirtySessions].map(([id, set]) => ({ ...set, id }))));
    if (outbox.length > 0) writes.push(insertJsonRows(tx, webhookEvents, outbox.map((w) => w.event)));
    if (deliveries.length > 0) writes.push(insertJsonRows(tx, webhookDeliveries, deliveries));
    // Every notification in one statement (delivered on commit, in this order): the webhook
    // workers for each merchant with new deliveries, then the progress streams of each changed operation.
    const notify = [...[...new Set(deliveries.map((d) => d.merchantId))].map((m) => [WEBHOOK_CHANNEL, m] as const), ...[...changedOps].map((id) => [OPERATION_CHANNEL, id] as const)];
    if (notify.length > 0) {
      writes.push(
        tx.execute(sql`select pg_notify(n.channel, n.payload) from unnest(${sql.param(notify.map(([c]) => c))}::text[], ${sql.param(notify.map(([, p]) => p))}::text[]) as n(channel, payload)`),
      );
    }
    if (pipeline) writes.push(pipeline.commit());
    await Promise.all(writes);
    return results;
  }
}

function eventBase(op: Operation, u: ProviderUpdate, args: { source: EventSource; actor?: string }) {
  return {
    id: newId("event"),
    merchantId: op.merchantId,
    operationId: op.id,
    source: args.source,
    type: u.providerStatus,
    providerTime: u.providerTime,
    actor: args.actor ?? null,
    payload: u.raw,
  };
}

function duplicateRow(op: Operation, u: ProviderUpdate, args: { source: EventSource; actor?: string }): EventRow {
  return { ...eventBase(op, u, args), outcome: "duplicate", fromStatus: op.status, toStatus: op.status, dedupeKey: null };
}

/**
 * Every changed operation of a batch in one statement, every column a fact may change as
 * the operation now stands in memory.
 */
function updateOperations(tx: Queryable, changed: Operation[]) {
  return updateJsonRows(
    tx,
    operations,
    changed.map((op) => ({
      id: op.id,
      status: op.status,
      providerStatus: op.providerStatus,
      lastEventAt: op.lastEventAt,
      nextAction: op.nextAction,
      redirectCount: op.redirectCount,
      declineCode: op.declineCode,
      declineReason: op.declineReason,
      threeDs: op.threeDs,
      providerReference: op.providerReference,
      connectorState: op.connectorState,
      attention: op.attention,
      finalizedAt: op.finalizedAt,
      actionSetAt: op.actionSetAt,
      actionCompletedAt: op.actionCompletedAt,
      dueAt: op.dueAt,
      updatedAt: op.updatedAt,
    })),
  );
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
