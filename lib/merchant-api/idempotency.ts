import { and, eq, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto/hash";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// A request that has not finished in this long is taken to have died; its key is freed.
const IN_FLIGHT_LOCK_MS = 60_000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Canonical JSON (sorted keys) so whitespace and key order do not change the hash. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function requestHash(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method.toUpperCase()} ${path}\n${canonical(body)}`);
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/**
 * Run `execute` at most once per (merchant, key): the same key with the same request
 * replays the first answer, with another request is a 422, and while the first is still
 * running a 409. 5xx answers are not kept, so the client may retry them.
 */
export async function withIdempotency(
  args: { merchantId: string; key: string | null; method: string; path: string; body: unknown },
  execute: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (args.key === null) return { ...(await execute()), replayed: false };
  if (!KEY_RE.test(args.key)) {
    throw new AppError("validation_failed", "The Idempotency-Key header must be 1-255 visible ASCII characters.", {
      fields: [{ path: "Idempotency-Key", message: "1-255 visible ASCII characters" }],
    });
  }
  const db = await getDb();
  const hash = requestHash(args.method, args.path, args.body);
  const where = and(eq(idempotencyKeys.merchantId, args.merchantId), eq(idempotencyKeys.key, args.key));

  for (let attempt = 0; attempt < 3; attempt++) {
    const now = new Date();
    const inserted = await db
      .insert(idempotencyKeys)
      .values({
        merchantId: args.merchantId,
        key: args.key,
        requestHash: hash,
        state: "in_flight",
        lockedUntil: new Date(now.getTime() + IN_FLIGHT_LOCK_MS),
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });

    let claimed = inserted.length > 0;
    if (!claimed) {
      const [row] = await db.select().from(idempotencyKeys).where(where).limit(1);
      if (!row) continue; // deleted between our insert and select: try again
      if (row.expiresAt < now) {
        await db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, now)));
        continue;
      }
      if (row.requestHash !== hash) {
        throw new AppError("idempotency_mismatch", "This Idempotency-Key was already used with a different request.");
      }
      if (row.state === "completed" && row.responseStatus !== null) {
        return { status: row.responseStatus, body: row.responseBody, replayed: true };
      }
      if (row.lockedUntil > now) {
        throw new AppError("idempotency_in_flight", "A request with this Idempotency-Key is still being processed. Retry shortly.", {
          retryAfterSeconds: 1,
        });
      }
      const taken = await db
        .update(idempotencyKeys)
        .set({ lockedUntil: new Date(now.getTime() + IN_FLIGHT_LOCK_MS) })
        .where(and(where, eq(idempotencyKeys.state, "in_flight"), lt(idempotencyKeys.lockedUntil, now)))
        .returning({ key: idempotencyKeys.key });
      claimed = taken.length > 0;
      if (!claimed) continue;
    }

    let response: StoredResponse;
    try {
      response = await execute();
    } catch (e) {
      await db.delete(idempotencyKeys).where(where);
      throw e;
    }
    if (response.status >= 500) {
      await db.delete(idempotencyKeys).where(where);
    } else {
      await db
        .update(idempotencyKeys)
        .set({ state: "completed", responseStatus: response.status, responseBody: response.body })
        .where(where);
    }
    return { ...response, replayed: false };
  }
  throw new AppError("idempotency_in_flight", "A request with this Idempotency-Key is still being processed. Retry shortly.", {
    retryAfterSeconds: 1,
  });
}
