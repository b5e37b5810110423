import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { operations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { err, ok, type Result } from "@/lib/result";
import { OPERATION_STATUSES } from "./status";
import { presentOperation, type OperationJson } from "./present-operation";
import { findOperation } from "./load-operation";

export const ListOperationsInput = z.object({
  session_id: z.string().min(1).max(100).optional(),
  status: z.enum(OPERATION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  // The id of the last operation of the previous page.
  starting_after: z.string().min(1).max(100).optional(),
});
export type ListOperationsInput = z.infer<typeof ListOperationsInput>;

export interface OperationList {
  object: "list";
  data: OperationJson[];
  has_more: boolean;
  next_starting_after: string | null;
}

/**
 * Newest first, keyset-paginated on (created_at desc, id desc): a page costs the same
 * however deep it is, and rows inserted meanwhile never shift later pages.
 */
export async function listOperations(args: { merchantId: string; input: ListOperationsInput }): Promise<Result<OperationList>> {
  const { merchantId, input } = args;
  const db = await getDb();
  const where: SQL[] = [eq(operations.merchantId, merchantId)];
  if (input.session_id) where.push(eq(operations.sessionId, input.session_id));
  if (input.status) where.push(eq(operations.status, input.status));
  if (input.starting_after) {
    const cursor = await findOperation(db, merchantId, input.starting_after);
    if (!cursor) {
      return err(new AppError("validation_failed", "The request has invalid fields.", { fields: [{ path: "starting_after", message: "No such operation" }] }));
    }
    // Compare against the cursor row's own created_at in SQL: a JS Date keeps only
    // milliseconds and would skip rows created in the same millisecond.
    where.push(
      sql`(${operations.createdAt}, ${operations.id}) < (select c.created_at, c.id from operations c where c.id = ${cursor.id} and c.merchant_id = ${merchantId})`,
    );
  }
  const rows = await db
    .select()
    .from(operations)
    .where(and(...where))
    .orderBy(sql`${operations.createdAt} desc nulls last`, sql`${operations.id} desc nulls last`)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const hasMore = rows.length > input.limit;
  return ok({ object: "list", data: page.map(presentOperation), has_more: hasMore, next_starting_after: hasMore ? (page.at(-1)?.id ?? null) : null });
}
