import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { operations, type Operation } from "@/db/schema";
import type { OperationRef } from "@/lib/providers/types";
import { isId } from "@/lib/ids";

export async function findOperation(db: Queryable, merchantId: string, operationId: string): Promise<Operation | null> {
  // Not one of our ids (a typo, or text no query can carry): nothing to look up.
  if (!isId("operation", operationId)) return null;
  const [op] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.id, operationId), eq(operations.merchantId, merchantId)))
    .limit(1);
  return op ?? null;
}

export function operationRef(op: Operation): OperationRef {
  return {
    id: op.id,
    providerReference: op.providerReference,
    amount: op.amount,
    currency: op.currency,
    customerId: op.customerId,
    sessionId: op.sessionId,
    status: op.status,
    connectorState: op.connectorState,
  };
}
