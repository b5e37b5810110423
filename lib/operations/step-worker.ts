import { and, asc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations } from "@/db/schema";
import { log } from "@/lib/log";
import { repeat } from "@/lib/system/repeat";
import { carryStep } from "@/lib/checkout/resume-payment";
import { refreshOperation } from "./actions";
import { claimBrowserStep, releaseLease, STEP_LEASE_MS } from "./browser-steps";
import { onlyMerchant } from "./merchant-scope";

// Runs what is due on an operation, on every instance, with Postgres as the only clock
// keeper: a 3DS method, challenge or card-data step whose time ran out (carried to the
// provider as method_timeout / challenge_timeout / card_data_timeout, exactly once, whether or not the payer's page is
// still open), and read-backs a connector asked for (a transfer still settling). Rows are
// claimed with FOR UPDATE SKIP LOCKED and a lease in due_at, so two instances never run
// the same one, and one that dies mid-way leaves it to be run again after the lease.

const BATCH = 20;
export const STEP_INTERVAL_MS = 500;

export interface StepReport {
  claimed: number;
  timeouts: number;
  rechecks: number;
}

async function claimDue(now: Date, limit: number, merchantId: string | undefined) {
  const db = await getDb();
  const lease = new Date(now.getTime() + STEP_LEASE_MS);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: operations.id, merchantId: operations.merchantId, status: operations.status, nextAction: operations.nextAction, actionCompletedAt: operations.actionCompletedAt })
      .from(operations)
      .where(and(isNotNull(operations.dueAt), lte(operations.dueAt, now), onlyMerchant(operations.merchantId, merchantId)))
      .orderBy(asc(operations.dueAt))
      .limit(limit)
      .for("no key update", { skipLocked: true });
    if (rows.length > 0) await tx.update(operations).set({ dueAt: lease }).where(inArray(operations.id, rows.map((r) => r.id)));
    return rows.map((r) => ({ ...r, lease }));
  });
}

/** One pass over what is due now. */
export async function runDueStepsOnce(
  options: {
    now?: Date;
    batchSize?: number;
    /** One merchant's operations only (tests sharing a database pass their own). */
    merchantId?: string;
  } = {},
): Promise<StepReport> {
  const now = options.now ?? new Date();
  const report: StepReport = { claimed: 0, timeouts: 0, rechecks: 0 };
  for (const due of await claimDue(now, options.batchSize ?? BATCH, options.merchantId)) {
    report.claimed += 1;
    try {
      const kind = due.nextAction?.kind;
      if (due.status === "requires_action" && due.actionCompletedAt === null && (kind === "method_iframe" || kind === "challenge_iframe" || kind === "card_data")) {
        const claimed = await claimBrowserStep(due, kind, now);
        if (claimed) {
          report.timeouts += 1;
          const timeout = kind === "method_iframe" ? "method_timeout" : kind === "challenge_iframe" ? "challenge_timeout" : "card_data_timeout";
          await carryStep(claimed.operation, { kind: timeout }, { elapsedMs: claimed.elapsedMs });
          await releaseLease(claimed.operation, claimed.lease);
        }
      } else {
        report.rechecks += 1;
        const result = await refreshOperation({ merchantId: due.merchantId, operationId: due.id, actor: { kind: "system", id: "step-worker" } });
        if (!result.ok) log.warn("step worker read-back failed", { operationId: due.id, code: result.error.code });
      }
    } catch (e) {
      log.error("step worker failed on an operation", { operationId: due.id, error: e });
    } finally {
      await releaseLease(due, due.lease);
    }
  }
  return report;
}

/** This instance's step loop; returns a stop that waits for the pass in flight. */
export function startStepLoop(intervalMs = STEP_INTERVAL_MS): () => Promise<void> {
  return repeat(
    async () => {
      const r = await runDueStepsOnce();
      if (r.claimed > 0) log.debug("step pass", { ...r });
    },
    intervalMs,
    (e) => log.error("step pass failed", { error: e }),
  );
}

/** Starts this instance's step loop and stops it on shutdown (lib/system/workers.ts). */
export async function runStepWorker(): Promise<void> {
  const { onShutdown } = await import("@/lib/system/boot");
  onShutdown(startStepLoop());
}

/** For tests: when an operation is next due. */
export async function dueAtOf(merchantId: string, operationId: string): Promise<Date | null> {
  const db = await getDb();
  const [row] = await db.select({ dueAt: operations.dueAt }).from(operations).where(and(eq(operations.id, operationId), eq(operations.merchantId, merchantId))).limit(1);
  return row?.dueAt ?? null;
}
