import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import pLimit from "p-limit";
import { getDb } from "@/db/client";
import { checkoutSessions, operations, type Operation } from "@/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { repeat } from "@/lib/system/repeat";
import { transitionSession } from "@/lib/checkout/transition-session";
import { getConnector } from "@/lib/providers/registry";
import { loadProviderAccount } from "@/lib/providers/load-account";
import { refreshOperation } from "./actions";
import { onlyMerchant } from "./merchant-scope";
import { operationRef } from "./load-operation";
import { OPERATION_STATUSES, isFinal } from "./status";

const NON_FINAL = OPERATION_STATUSES.filter((s) => !isFinal(s));
const BATCH = 25;
/**
 * Read-backs in flight at once in one pass: a provider that answers only at its timeout
 * (10 s) must not hold up every other operation of the pass behind it.
 */
const READ_BACKS_IN_FLIGHT = 8;

export interface ReconcileReport {
  polled: number;
  changed: number;
  failed: number;
  expiredSessions: number;
}

/**
 * Claim a batch of quiet non-final operations. The claim is a lease written into the row:
 * under FOR UPDATE SKIP LOCKED the batch's reconcile_after moves `minAgeMs` ahead, so another instance
 * (or this one's next pass) leaves them alone for the next `minAgeMs` while the provider
 * calls run outside any transaction.
 */
async function claimStuckOperations(now: Date, minAgeMs: number, limit: number, merchantId: string | undefined) {
  const db = await getDb();
  // Every quiet non-final operation, those without the provider's reference included:
  // refreshOperation reads back what the provider allows and gives the rest a defined end.
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(operations)
      .where(
        and(
          inArray(operations.status, NON_FINAL),
          lte(operations.updatedAt, new Date(now.getTime() - minAgeMs)),
          or(isNull(operations.reconcileAfter), lte(operations.reconcileAfter, now)),
          onlyMerchant(operations.merchantId, merchantId),
        ),
      )
      .orderBy(asc(operations.updatedAt))
      .limit(limit)
      .for("no key update", { skipLocked: true });
    if (rows.length > 0) {
      await tx
        .update(operations)
        .set({ reconcileAfter: new Date(now.getTime() + minAgeMs) })
        .where(inArray(operations.id, rows.map((r) => r.id)));
    }
    return rows;
  });
}

/** Open sessions past their expiry become expired, each with its webhook, in one transaction per batch. */
async function expireSessions(now: Date, limit: number, merchantId: string | undefined): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(checkoutSessions)
      .where(and(eq(checkoutSessions.status, "open"), lte(checkoutSessions.expiresAt, now), onlyMerchant(checkoutSessions.merchantId, merchantId)))
      .orderBy(asc(checkoutSessions.expiresAt))
      .limit(limit)
      .for("no key update", { skipLocked: true });
    for (const session of due) await transitionSession(tx, session, "expired", { now });
    return due.length;
  });
}

/**
 * One reconciliation pass: poll the provider for operations stuck in a non-final state
 * (a lost callback, a crash between our write and the provider's answer) and apply what
 * it says, then expire open sessions whose time is up and drop card data held for
 * attempts that ended or ran out of time.
 */
export async function reconcileOnce(
  options: {
    now?: Date;
    minAgeMs?: number;
    batchSize?: number;
    bulkReadBack?: boolean;
    /** One merchant's operations and sessions only (an operator settling one merchant; tests sharing a database). */
    merchantId?: string;
  } = {},
): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const batch = options.batchSize ?? BATCH;
  const report: ReconcileReport = { polled: 0, changed: 0, failed: 0, expiredSessions: 0 };
  const claimed = await claimStuckOperations(now, options.minAgeMs ?? env.RECONCILE_MIN_AGE_MS, batch, options.merchantId);
  const unchanged = options.bulkReadBack === false ? new Set<string>() : await unchangedAtProvider(claimed);
  const limit = pLimit(READ_BACKS_IN_FLIGHT);
  await Promise.all(
    claimed.map((op) =>
      limit(async () => {
        report.polled += 1;
        // Shown by one bulk answer to be where we have it: a read-back would apply nothing.
        if (unchanged.has(op.id)) return;
        const result = await refreshOperation({ merchantId: op.merchantId, operationId: op.id, actor: { kind: "system", id: "reconcile" } }).catch((e: unknown) => {
          log.error("reconcile refresh threw", { operationId: op.id, error: e });
          return null;
        });
        if (!result || !result.ok) {
          report.failed += 1;
          if (result && !result.ok) log.warn("reconcile refresh failed", { operationId: op.id, code: result.error.code });
          return;
        }
        if (result.value.updatedAt.getTime() > now.getTime()) report.changed += 1;
      }),
    ),
  );
  report.expiredSessions = await expireSessions(now, batch, options.merchantId);
  return report;
}

/**
 * Ask each provider that can answer for many operations at once (Connector.unchangedAmong)
 * which of the claimed operations have not moved, one merchant account at a time. Only
 * operations the provider can be asked about go in; a failed bulk call leaves every
 * operation of that account to the one-by-one read-back.
 */
async function unchangedAtProvider(claimed: readonly Operation[]): Promise<Set<string>> {
  const groups = new Map<string, Operation[]>();
  for (const op of claimed) {
    const key = `${op.merchantId}\u0000${op.provider}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  const unchanged = new Set<string>();
  const db = await getDb();
  const limit = pLimit(READ_BACKS_IN_FLIGHT);
  await Promise.all(
    [...groups.values()].map((ops) =>
      limit(async () => {
        const first = ops[0];
        if (!first) return;
        try {
          const connector = await getConnector(first.provider);
          if (!connector.unchangedAmong) return;
          const askable = ops.filter((o) => o.providerReference !== null || connector.capabilities.lookupByOwnId);
          if (askable.length === 0) return;
          const account = await loadProviderAccount(db, first.merchantId, first.provider);
          for (const id of await connector.unchangedAmong(account, askable.map(operationRef))) unchanged.add(id);
        } catch (e) {
          log.warn("bulk status read failed; reading operations one by one", { provider: first.provider, error: e });
        }
      }),
    ),
  );
  return unchanged;
}

/** The reconciliation loop of this instance; returns a stop that waits for the pass in flight. */
export function startReconcileLoop(intervalMs = env.RECONCILE_INTERVAL_MS): () => Promise<void> {
  return repeat(
    async () => {
      const r = await reconcileOnce();
      if (r.polled > 0 || r.expiredSessions > 0) log.info("reconcile pass", { ...r });
    },
    intervalMs,
    (e) => log.error("reconcile pass failed", { error: e }),
  );
}

/** Starts this instance's reconciliation loop and stops it on shutdown (lib/system/workers.ts). */
export async function runReconciler(): Promise<void> {
  const { onShutdown } = await import("@/lib/system/boot");
  onShutdown(startReconcileLoop());
}
