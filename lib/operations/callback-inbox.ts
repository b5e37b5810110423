import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { insertJsonRows } from "@/db/json-rows";
import { callbackInbox, operationEvents, type CallbackInboxRow } from "@/db/schema";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { groupCommit } from "@/lib/system/group-commit";
import { repeat } from "@/lib/system/repeat";
import type { ProviderUpdate } from "@/lib/providers/types";
import { applyInTransaction, summarizeOutcomes, type ApplyArgs } from "./apply-updates";
import { onlyMerchant } from "./merchant-scope";

/**
 * Provider callbacks are accepted into an inbox and applied in batches (docs/adr/0015).
 *
 * Accepting is one INSERT: the callback is durable before the provider hears "received",
 * so a crash after the answer loses nothing. The instance that accepted it applies it a
 * moment later, together with whatever else arrived meanwhile: one transaction locks the
 * batch's operations and sessions, decides every fact in arrival order (de-duplication by
 * key and the status machine, as for any other source), writes the history, the outbox and
 * the deliveries' own history rows, and deletes the batch's inbox rows in the same commit.
 * Every instance also looks for rows left behind (a crash between accept and apply) once a
 * second; rows are claimed with SKIP LOCKED, so instances never apply the same row twice.
 */

// Deliveries per transaction. While the applier keeps up, batches stay small (50): a large
// one holds the event loop and its rows longer and slows the callbacks being accepted
// meanwhile. Once a batch comes back full there is a backlog, and each next one may be
// twice as large (up to 400), which costs less per delivery; the first batch that is not
// full brings it back to 50 (bench/README.md).
const BATCH = 50;
const MAX_BATCH = 400;
const POLL_MS = 1_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export interface AcceptedCallback {
  merchantId: string;
  operationId: string;
  sessionId: string;
  actor: string;
  updates: ProviderUpdate[];
  /** What the history keeps of the delivery itself, written once applied with what it did. */
  delivery: { type: string; payload: unknown };
}

/**
 * Keep one delivery for the applier; it is applied shortly after (this instance kicks its
 * applier). Resolves once the delivery is committed.
 *
 * Deliveries accepted while two inserts are in flight wait for one of them and then go
 * together in the next (group commit): under load one statement and one commit serve many
 * callbacks, where one insert per delivery was most of the accept path's cost
 * (bench/README.md). A delivery alone goes at once.
 */
export function acceptCallback(c: AcceptedCallback): Promise<void> {
  const now = new Date();
  const row: InboxInsert = {
    id: newId("callbackDelivery"),
    merchantId: c.merchantId,
    operationId: c.operationId,
    sessionId: c.sessionId,
    actor: c.actor,
    updates: c.updates.map((u) => ({ ...u, providerTime: u.providerTime?.toISOString() ?? null })),
    delivery: { type: c.delivery.type, payload: c.delivery.payload },
    receivedAt: now,
    availableAt: now,
  };
  return keep(row).then(kick);
}

type InboxInsert = typeof callbackInbox.$inferInsert;

// Two inserts in flight at most (two measured better than one or four: bench/README.md),
// up to 200 deliveries each, so one statement stays small.
const keep = groupCommit<InboxInsert, true>({
  maxInFlight: 2,
  maxBatch: 200,
  run: async (rows) => {
    await insertJsonRows(await getDb(), callbackInbox, rows);
    return rows.map(() => true as const);
  },
});

function revive(raw: unknown[]): ProviderUpdate[] {
  return raw.map((u) => {
    const fact = u as ProviderUpdate & { providerTime: string | null };
    return { ...fact, providerTime: fact.providerTime ? new Date(fact.providerTime) : null };
  });
}

/** Take up to `limit` rows no other pass holds, oldest first; they are gone once the transaction commits. */
async function claim(tx: Tx, now: Date, limit: number, only?: { id?: string; merchantId?: string }): Promise<CallbackInboxRow[]> {
  const due = tx
    .select({ id: callbackInbox.id })
    .from(callbackInbox)
    .where(
      only?.id
        ? eq(callbackInbox.id, only.id)
        : and(lte(callbackInbox.availableAt, now), onlyMerchant(callbackInbox.merchantId, only?.merchantId)),
    )
    .orderBy(asc(callbackInbox.id))
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await tx.delete(callbackInbox).where(inArray(callbackInbox.id, due)).returning();
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Apply claimed rows in the caller's transaction; throws (rolling it back) if any cannot be applied. */
async function applyRows(tx: Tx, rows: CallbackInboxRow[]): Promise<void> {
  const calls: ApplyArgs[] = rows.map((r) => ({ merchantId: r.merchantId, operationId: r.operationId, updates: revive(r.updates), source: "callback", actor: r.actor, recordDuplicates: false }));
  const results = await applyInTransaction(tx, calls, rows.map((r) => r.sessionId));
  const received = rows.map((r, i) => {
    const result = results[i];
    if (!result || result instanceof Error) throw result ?? new Error("no result for a callback delivery");
    return {
      id: newId("event"),
      merchantId: r.merchantId,
      operationId: r.operationId,
      source: "callback" as const,
      type: String(r.delivery.type ?? "callback_received"),
      outcome: summarizeOutcomes(result),
      actor: r.actor,
      receivedAt: r.receivedAt,
      payload: r.delivery.payload ?? null,
    };
  });
  await insertJsonRows(tx, operationEvents, received);
}

export interface InboxPass {
  applied: number;
  failed: number;
}

/**
 * One batch: claim up to `limit` rows, apply them in one transaction. A batch that fails
 * is taken again row by row, so one bad delivery fails alone; it goes back to the inbox
 * with a growing delay and the error in the log.
 */
export async function applyCallbackInboxOnce(
  options: {
    now?: Date;
    limit?: number;
    /** One merchant's deliveries only (tests sharing a database pass their own). */
    merchantId?: string;
  } = {},
): Promise<InboxPass> {
  const db = await getDb();
  const now = options.now ?? new Date();
  let claimedIds: string[] = [];
  try {
    const applied = await db.transaction(async (tx) => {
      const rows = await claim(tx, now, options.limit ?? BATCH, { merchantId: options.merchantId });
      claimedIds = rows.map((r) => r.id);
      if (rows.length > 0) await applyRows(tx, rows);
      return rows.length;
    });
    return { applied, failed: 0 };
  } catch (e) {
    if (claimedIds.length === 0) throw e;
    log.warn("callback batch failed; applying its deliveries one by one", { count: claimedIds.length, error: e });
  }
  const pass: InboxPass = { applied: 0, failed: 0 };
  for (const id of claimedIds) {
    try {
      pass.applied += await db.transaction(async (tx) => {
        const rows = await claim(tx, now, 1, { id });
        if (rows.length > 0) await applyRows(tx, rows);
        return rows.length;
      });
    } catch (e) {
      pass.failed += 1;
      log.error("a callback delivery could not be applied; it stays in the inbox", { deliveryId: id, error: e });
      await db
        .update(callbackInbox)
        .set({
          attempts: sql`${callbackInbox.attempts} + 1`,
          availableAt: sql`now() + least(interval '1 second' * power(2, ${callbackInbox.attempts}), make_interval(secs => ${MAX_BACKOFF_MS / 1000}))`,
        })
        .where(eq(callbackInbox.id, id));
    }
  }
  return pass;
}

// This instance's applier: one pass at a time, another right after while batches come full
// or a kick arrived during the pass.
let running: Promise<void> | null = null;
let again = false;
const idle: Array<() => void> = [];

function kick(): void {
  if (running) {
    again = true;
    return;
  }
  running = drain().finally(() => {
    running = null;
    if (again) kick();
    else for (const done of idle.splice(0)) done();
  });
}

async function drain(): Promise<void> {
  do {
    again = false;
    try {
      for (let limit = BATCH; (await applyCallbackInboxOnce({ limit })).applied >= limit; limit = Math.min(limit * 2, MAX_BATCH)) {
        // A full batch: more is waiting.
      }
    } catch (e) {
      log.error("callback inbox pass failed", { error: e });
      return;
    }
  } while (again);
}

/** Resolves once this instance's applier has nothing in flight. */
export function callbackInboxIdle(): Promise<void> {
  if (!running) return Promise.resolve();
  return new Promise((resolve) => idle.push(resolve));
}

/**
 * Resolves once no delivery for the operation waits in the inbox: every one kept so far has
 * been applied and committed, by this instance or another (tests wait on it).
 */
export async function callbacksApplied(operationId: string, timeoutMs = 10_000): Promise<void> {
  const db = await getDb();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await callbackInboxIdle();
    const [waiting] = await db.select({ id: callbackInbox.id }).from(callbackInbox).where(eq(callbackInbox.operationId, operationId)).limit(1);
    if (!waiting) return;
    if (Date.now() > deadline) throw new Error(`deliveries for ${operationId} still waiting after ${timeoutMs} ms`);
    // Left by a pass that did not commit (another instance stopped mid-batch): take it up
    // here as the every-second look would.
    kick();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How many deliveries wait to be applied, and the age of the oldest (health and scale checks). */
export async function callbackBacklog(): Promise<{ count: number; oldestMs: number | null }> {
  const db = await getDb();
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${callbackInbox.receivedAt})` })
    .from(callbackInbox);
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return { count: Number(row?.count ?? 0), oldestMs: oldest === null ? null : Math.max(0, Date.now() - oldest) };
}

/** This instance's look for rows left behind; returns a stop that waits for the pass in flight. */
export function startCallbackApplier(intervalMs = POLL_MS): () => Promise<void> {
  const stop = repeat(
    async () => {
      kick();
      await callbackInboxIdle();
    },
    intervalMs,
    (e) => log.error("callback applier failed", { error: e }),
  );
  return async () => {
    await stop();
    await callbackInboxIdle();
  };
}

/** Starts the applier and stops it on shutdown (lib/system/workers.ts). */
export async function runCallbackApplier(): Promise<void> {
  const { onShutdown } = await import("@/lib/system/boot");
  onShutdown(startCallbackApplier());
}
