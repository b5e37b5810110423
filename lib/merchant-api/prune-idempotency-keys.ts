import { and, asc, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";

const BATCH = 5_000;
const MAX_BATCHES = 20;

/**
 * Delete idempotency records whose replay window has passed. A key is only ever looked up
 * by a retry within that window, and an expired row is replaced when its key comes back,
 * so without this job the table would keep every key a merchant ever sent. Deleted in
 * batches (oldest first, through the expiry index) so that one pass never holds many row
 * locks or runs for long; what is left goes in the next pass. Instances running it side by
 * side at most delete the same rows twice, which deletes nothing.
 */
export async function pruneExpiredIdempotencyKeys(options: { now?: Date; batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const db = await getDb();
  const now = options.now ?? new Date();
  const batch = options.batchSize ?? BATCH;
  let deleted = 0;
  for (let i = 0; i < (options.maxBatches ?? MAX_BATCHES); i++) {
    const due = db
      .select({ merchantId: idempotencyKeys.merchantId, key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(lt(idempotencyKeys.expiresAt, now))
      .orderBy(asc(idempotencyKeys.expiresAt))
      .limit(batch);
    const gone = await db
      .delete(idempotencyKeys)
      .where(and(lt(idempotencyKeys.expiresAt, now), inArray(sql`(${idempotencyKeys.merchantId}, ${idempotencyKeys.key})`, due)))
      .returning({ key: idempotencyKeys.key });
    deleted += gone.length;
    if (gone.length < batch) break;
  }
  return deleted;
}
