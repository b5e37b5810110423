import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { operations, type Operation } from "@/db/schema";
import type { OperationRef } from "@/lib/providers/types";

export async function findOperation(db: Queryable, merchantId: string, operationId: string): Promise<Operation | null> {
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
