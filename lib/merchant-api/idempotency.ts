import { and, eq, sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto/hash";
import { crashPoint } from "@/lib/system/crash-point";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// A claimed request that has not finished in this long is taken to have died; its key is freed.
const IN_FLIGHT_LOCK_MS = 60_000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** What is stored under a key, with its times already judged by the database clock. */
export interface IdempotencyRecord {
  requestHash: string;
  state: "in_flight" | "completed";
  responseStatus: number | null;
  responseBody: unknown;
  /** An in-flight claim whose owner may still be working. */
  locked: boolean;
  /** Kept past its 24 h: as good as absent. */
  expired: boolean;
}

/**
 * How a POST's work and its key meet:
 * - `transaction`: the work runs in the transaction that also writes the key with the
 *   answer, so a crash leaves either both or neither. Work that only touches the database.
 * - `claim`: the key is claimed (in flight) before the work and completed after it. For work
 *   that calls a provider, which no database transaction can include; the provider call
 *   must itself be safe to repeat, since a crash between the two leaves the claim to expire
 *   and a later retry runs the work again.
 */
export type IdempotencyMode = "transaction" | "claim";

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

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_RE.test(key);
}

const inFlight = () =>
  new AppError("idempotency_in_flight", "A request with this Idempotency-Key is still being processed. Retry shortly.", { retryAfterSeconds: 1 });

/** The first answer to replay, an error, or null when the request is to run (nothing usable is stored). */
function judge(record: IdempotencyRecord | null, hash: string): (StoredResponse & { replayed: true }) | null {
  if (!record || record.expired) return null;
  if (record.requestHash !== hash) {
    throw new AppError("idempotency_mismatch", "This Idempotency-Key was already used with a different request.");
  }
  if (record.state === "completed" && record.responseStatus !== null) {
    return { status: record.responseStatus, body: record.responseBody, replayed: true };
  }
  if (record.locked) throw inFlight();
  return null; // a claim whose owner died: the key is free again
}

async function readRecord(db: Queryable, merchantId: string, key: string): Promise<IdempotencyRecord | null> {
  const [row] = await db
    .select({
      requestHash: idempotencyKeys.requestHash,
      state: idempotencyKeys.state,
      responseStatus: idempotencyKeys.responseStatus,
      responseBody: idempotencyKeys.responseBody,
      locked: sql<boolean>`${idempotencyKeys.lockedUntil} > now()`,
      expired: sql<boolean>`${idempotencyKeys.expiresAt} < now()`,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.merchantId, merchantId), eq(idempotencyKeys.key, key)))
    .limit(1);
  return row ?? null;
}

// A stored row may be replaced only when it no longer counts: kept past its 24 h, or a claim
// for this same request whose owner died.
const replaceable = sql`${idempotencyKeys.expiresAt} < now() or (${idempotencyKeys.state} = 'in_flight' and ${idempotencyKeys.lockedUntil} < now() and ${idempotencyKeys.requestHash} = excluded.request_hash)`;

/** Write the key; false when another request holds it. Waits for a concurrent writer of the same key to finish. */
async function writeKey(
  q: Queryable,
  row: { merchantId: string; key: string; requestHash: string } & ({ state: "completed"; response: StoredResponse } | { state: "in_flight" }),
): Promise<boolean> {
  const now = new Date();
  const values = {
    requestHash: row.requestHash,
    state: row.state,
    responseStatus: row.state === "completed" ? row.response.status : null,
    responseBody: row.state === "completed" ? row.response.body : null,
    lockedUntil: row.state === "completed" ? now : new Date(now.getTime() + IN_FLIGHT_LOCK_MS),
    createdAt: now,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
  };
  const written = await q
    .insert(idempotencyKeys)
    .values({ merchantId: row.merchantId, key: row.key, ...values })
    .onConflictDoUpdate({ target: [idempotencyKeys.merchantId, idempotencyKeys.key], set: values, setWhere: replaceable })
    .returning({ key: idempotencyKeys.key });
  return written.length > 0;
}

class KeyTaken extends Error {}
class Discarded extends Error {
  constructor(readonly response: StoredResponse) {
    super("answer discarded");
  }
}

/**
 * Run `execute` at most once per (merchant, key): the same key with the same request
 * replays the first answer, with another request is a 422, and while a claimed request is
 * still running a 409. `stored` is what the caller already read under the key (or null).
 * 5xx answers are not kept, so the client may retry them; in `transaction` mode their work
 * is rolled back too.
 */
export async function withIdempotency(
  args: { merchantId: string; key: string | null; method: string; path: string; body: unknown; stored: IdempotencyRecord | null; mode: IdempotencyMode },
  execute: (db: Queryable) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const db = await getDb();
  if (args.key === null) return { ...(await execute(db)), replayed: false };
  if (!isValidIdempotencyKey(args.key)) {
    throw new AppError("validation_failed", "The Idempotency-Key header must be 1-255 visible ASCII characters.", {
      fields: [{ path: "Idempotency-Key", message: "1-255 visible ASCII characters" }],
    });
  }
  const key = { merchantId: args.merchantId, key: args.key, requestHash: requestHash(args.method, args.path, args.body) };
  let record = args.stored;
  for (let attempt = 0; attempt < 3; attempt++) {
    const replay = judge(record, key.requestHash);
    if (replay) return replay;
    const done = args.mode === "transaction" ? await inOneTransaction(db, key, execute) : await claimed(db, key, execute);
    if (done) return { ...done, replayed: false };
    // Another request wrote the key first: answer from what it stored.
    record = await readRecord(db, args.merchantId, args.key);
  }
  throw inFlight();
}

/** The work and the key's answer in one transaction; null when another request owns the key. */
async function inOneTransaction(
  db: Queryable,
  key: { merchantId: string; key: string; requestHash: string },
  execute: (db: Queryable) => Promise<StoredResponse>,
): Promise<StoredResponse | null> {
  try {
    const response = await db.transaction(async (tx) => {
      const r = await execute(tx);
      if (r.status >= 500) throw new Discarded(r);
      await crashPoint("idempotency:before-complete");
      // A concurrent request with the same key blocks here until the first commits, then
      // finds the key taken and throws its own work away.
      if (!(await writeKey(tx, { ...key, state: "completed", response: r }))) throw new KeyTaken();
      return r;
    });
    await crashPoint("idempotency:after-commit");
    return response;
  } catch (e) {
    if (e instanceof Discarded) return e.response;
    if (e instanceof KeyTaken) return null;
    throw e;
  }
}

/** Claim the key, run the work outside any transaction, then keep its answer; null when the key is taken. */
async function claimed(
  db: Queryable,
  key: { merchantId: string; key: string; requestHash: string },
  execute: (db: Queryable) => Promise<StoredResponse>,
): Promise<StoredResponse | null> {
  if (!(await writeKey(db, { ...key, state: "in_flight" }))) return null;
  const ours = and(eq(idempotencyKeys.merchantId, key.merchantId), eq(idempotencyKeys.key, key.key), eq(idempotencyKeys.state, "in_flight"));
  let response: StoredResponse;
  try {
    response = await execute(db);
  } catch (e) {
    await db.delete(idempotencyKeys).where(ours);
    throw e;
  }
  if (response.status >= 500) {
    await db.delete(idempotencyKeys).where(ours);
  } else {
    await db.update(idempotencyKeys).set({ state: "completed", responseStatus: response.status, responseBody: response.body }).where(ours);
  }
  return response;
}
