import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Checkpoint } from "@/lib/providers/types";
import { OPERATION_STATUSES, isFinal } from "./status";

const NON_FINAL = OPERATION_STATUSES.filter((s) => !isFinal(s));

/**
 * Keep what a connector learnt in the middle of a call (a provider reference, its own
 * state) before its next provider call can fail. Refused once the operation has ended
 * (an invalid_state error): a connector about to send money checkpoints first, so nothing
 * is sent for an attempt the checkout already closed. `evenIfEnded` records a reference
 * learnt from an answer that came back anyway (a callback may have ended it meanwhile).
 */
export async function checkpointOperation(op: { id: string; merchantId: string }, patch: Checkpoint, options: { evenIfEnded?: boolean } = {}): Promise<void> {
  const db = await getDb();
  const updated = await db
    .update(operations)
    .set({
      ...(patch.providerReference ? { providerReference: patch.providerReference } : {}),
      ...(patch.state ? { connectorState: sql`${operations.connectorState} || ${JSON.stringify(patch.state)}::jsonb` } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(operations.id, op.id), eq(operations.merchantId, op.merchantId), ...(options.evenIfEnded ? [] : [inArray(operations.status, NON_FINAL)])))
    .returning({ id: operations.id });
  if (updated.length === 0 && !options.evenIfEnded) throw new AppError("invalid_state", "The payment attempt has already ended.");
}
