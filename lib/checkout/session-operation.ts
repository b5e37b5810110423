import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations, type Operation } from "@/db/schema";
import { isId } from "@/lib/ids";

/**
 * The payer's page names an attempt by its session and operation ids: the operation, only
 * if it belongs to that session (the session id is what the page was given). Null for
 * malformed ids and for another session's operation alike.
 */
export async function sessionOperation(sessionId: string, operationId: string): Promise<Pick<Operation, "id" | "merchantId" | "sessionId" | "status"> | null> {
  if (!isId("session", sessionId) || !isId("operation", operationId)) return null;
  const db = await getDb();
  const [op] = await db
    .select({ id: operations.id, merchantId: operations.merchantId, sessionId: operations.sessionId, status: operations.status })
    .from(operations)
    .where(and(eq(operations.id, operationId), eq(operations.sessionId, sessionId)))
    .limit(1);
  return op ?? null;
}
