import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations, type Operation } from "@/db/schema";
import type { NextAction } from "@/lib/providers/types";

// The browser steps a provider asks for inside our page (a 3DS method iframe, a challenge
// iframe, the card data the page holds) end exactly once: by the issuer's notification, or by the server's timer when
// the notification is late or never comes (a closed tab, a browser without JavaScript, an
// issuer page that is down). Whichever comes first claims the step; the other changes
// nothing. The timer is the operation's due_at, run by the step worker (step-worker.ts).

/** How long a challenge may stay unanswered before the checkout asks the provider how it ended. */
export const CHALLENGE_TIMEOUT_MS = 10 * 60_000;
/** After a claim, the step worker looks again this late if nothing settled the operation. */
export const STEP_LEASE_MS = 60_000;

export type BrowserStepKind = "method_iframe" | "challenge_iframe" | "card_data";

/** When the server stops waiting for an action's browser step; null for actions it never times out. */
export function deadlineFor(action: NextAction, from: Date): Date | null {
  if (action.kind === "method_iframe") return new Date(from.getTime() + action.timeoutMs);
  if (action.kind === "challenge_iframe") return new Date(from.getTime() + CHALLENGE_TIMEOUT_MS);
  if (action.kind === "card_data") return new Date(from.getTime() + action.timeoutMs);
  return null;
}

export interface ClaimedStep {
  operation: Operation;
  /** Whether the step's time was over when it was claimed (its notification came late, or never). */
  late: boolean;
  /** From the action being set to the claim (ms). */
  elapsedMs: number;
  /** The lease written by the claim; cleared again once the step is carried. */
  lease: Date;
}

/**
 * Claim the browser step of an operation's current action, once. Null when there is none
 * of this kind waiting (already claimed, another action by now, the operation ended).
 */
export async function claimBrowserStep(op: Pick<Operation, "id" | "merchantId">, kind: BrowserStepKind, now = new Date()): Promise<ClaimedStep | null> {
  const db = await getDb();
  const lease = new Date(now.getTime() + STEP_LEASE_MS);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(operations)
      .where(and(eq(operations.id, op.id), eq(operations.merchantId, op.merchantId)))
      .for("no key update")
      .limit(1);
    const action = current?.nextAction;
    if (!current || current.status !== "requires_action" || action?.kind !== kind || current.actionCompletedAt !== null) return null;
    const setAt = current.actionSetAt ?? current.updatedAt;
    const elapsedMs = Math.max(0, now.getTime() - setAt.getTime());
    const deadline = deadlineFor(action, setAt);
    const late = deadline !== null && now.getTime() > deadline.getTime();
    const facts = kind === "method_iframe" ? { methodMs: elapsedMs } : {};
    const [claimed] = await tx
      .update(operations)
      .set({
        actionCompletedAt: now,
        dueAt: lease,
        threeDs: sql`coalesce(${operations.threeDs}, '{}'::jsonb) || ${JSON.stringify(facts)}::jsonb`,
        updatedAt: now,
      })
      .where(and(eq(operations.id, current.id), isNull(operations.actionCompletedAt)))
      .returning();
    return claimed ? { operation: claimed, late, elapsedMs, lease } : null;
  });
}

/** Drop a claim's lease once its step was carried, unless something rescheduled the operation since. */
export async function releaseLease(op: Pick<Operation, "id" | "merchantId">, lease: Date): Promise<void> {
  const db = await getDb();
  await db
    .update(operations)
    .set({ dueAt: null })
    .where(and(eq(operations.id, op.id), eq(operations.merchantId, op.merchantId), eq(operations.dueAt, lease)));
}
