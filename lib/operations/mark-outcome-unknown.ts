import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations, type Operation } from "@/db/schema";
import { OUTCOME_UNKNOWN } from "@/lib/checkout/payment-progress";
import { OPERATION_CHANNEL, recordOperationEvent } from "./apply-updates";
import { OPERATION_STATUSES, isFinal } from "./status";

const NON_FINAL = OPERATION_STATUSES.filter((s) => !isFinal(s));

/**
 * The request left for the provider and no usable answer came back (timeout, reset, 5xx,
 * an unreadable body). The provider may have the payment, so nothing is decided: the
 * operation stays open, its history says why, the payer's page says we are confirming it,
 * and reconciliation settles it from the provider's own status. A fact that arrived in the
 * meantime (a callback racing the lost answer) is left as it is.
 */
export async function markOutcomeUnknown(op: Pick<Operation, "id" | "merchantId">, details: { kind: string; status: number | null }): Promise<Operation | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(operations)
      .set({ providerStatus: OUTCOME_UNKNOWN, updatedAt: new Date() })
      .where(and(eq(operations.id, op.id), eq(operations.merchantId, op.merchantId), inArray(operations.status, NON_FINAL), sql`${operations.providerStatus} is null`))
      .returning();
    await recordOperationEvent(tx, { merchantId: op.merchantId, operationId: op.id, source: "checkout", type: "provider_outcome_unknown", payload: details });
    if (updated) await tx.execute(sql`select pg_notify(${OPERATION_CHANNEL}, ${op.id})`);
    return updated ?? null;
  });
}
