import { and, eq, sql, type SQL } from "drizzle-orm";
import { getDb, runPrepared, type Queryable, type StatementRunner } from "@/db/client";
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
 * How a POST's work and the answer stored under its key meet, so that a crash leaves both
 * or neither (docs/adr/0012-idempotency-with-the-work.md):
 * - `statement`: the work is one data-modifying statement, run through the handler's
 *   `storeAnswer` runner, which adds the key's row to that statement (no transaction round
 *   trips). An answer given without running it (a 400, a 422) is stored on its own.
 * - `transaction`: the work runs in the transaction that then writes the key's row.
 * - `claim`: the key is claimed (in flight) before the work and completed after it. For work
 *   that calls a provider, which no database transaction can include; the provider call
 *   must itself be safe to repeat, since a crash between the two leaves the claim to expire
 *   and a later retry runs the work again.
 */
export type IdempotencyMode = "statement" | "transaction" | "claim";

/** What the work gets: where to write, and in `statement` mode the runner that stores the answer with the write. */
export interface IdempotentWork {
  db: Queryable;
  /** For an answer with this status: runs the one write statement and stores the answer in it when it returns rows. */
  storeAnswer: (status: number) => StatementRunner | undefined;
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

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_RE.test(key);
}

const inFlight = () =>
  new AppError("idempotency_in_flight", "A request with this Idempotency-Key is still being processed. Retry shortly.", { retryAfterSeconds: 1 });

/** A record that no longer counts: kept past its 24 h, or a claim whose owner died. */
const replaceable = (r: IdempotencyRecord) => r.expired || (r.state === "in_flight" && !r.locked);

/** The first answer to replay, an error, or null when the request is to run. */
function judge(record: IdempotencyRecord | null, hash: string): (StoredResponse & { replayed: true }) | null {
  if (!record || replaceable(record)) return null;
  if (record.requestHash !== hash) {
    throw new AppError("idempotency_mismatch", "This Idempotency-Key was already used with a different request.");
  }
  if (record.state === "completed" && record.responseStatus !== null) {
    return { status: record.responseStatus, body: record.responseBody, replayed: true };
  }
  throw inFlight();
}

interface Key {
  merchantId: string;
  key: string;
  requestHash: string;
}

const sameKey = (k: Key) => and(eq(idempotencyKeys.merchantId, k.merchantId), eq(idempotencyKeys.key, k.key));

async function readRecord(db: Queryable, k: Key): Promise<IdempotencyRecord | null> {
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
    .where(sameKey(k))
    .limit(1);
  return row ?? null;
}

async function removeIfReplaceable(db: Queryable, k: Key): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        sameKey(k),
        sql`(${idempotencyKeys.expiresAt} < now() or (${idempotencyKeys.state} = 'in_flight' and ${idempotencyKeys.lockedUntil} < now()))`,
      ),
    );
}

/** Another request holds the key: its row's insert hit the primary key. */
class KeyTaken extends Error {}

function keyTaken(e: unknown): boolean {
  for (let cause: unknown = e; cause instanceof Error; cause = cause.cause) {
    const pg = cause as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (pg.code === "23505" && String(pg.constraint_name ?? pg.constraint ?? "").startsWith("idempotency_keys_")) return true;
  }
  return false;
}

/** Insert the key's row; throws KeyTaken when another request wrote it first (waiting for that one to commit). */
async function insertKey(q: Queryable, k: Key, state: { state: "completed"; response: StoredResponse } | { state: "in_flight" }): Promise<void> {
  const now = new Date();
  try {
    await q.insert(idempotencyKeys).values({
      ...k,
      state: state.state,
      responseStatus: state.state === "completed" ? state.response.status : null,
      responseBody: state.state === "completed" ? state.response.body : null,
      lockedUntil: state.state === "completed" ? now : new Date(now.getTime() + IN_FLIGHT_LOCK_MS),
      createdAt: now,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
    });
  } catch (e) {
    if (keyTaken(e)) throw new KeyTaken();
    throw e;
  }
}

/**
 * Runs `statement` (data-modifying, with RETURNING) with the key's row written by the same
 * statement when it returns rows: one round trip, one commit for both. Another request's
 * row under the key aborts the whole statement, so its work is undone with it.
 */
function answerStoringRunner(db: Queryable, k: Key, response: (body: unknown) => StoredResponse, onStored: (r: StoredResponse) => void): StatementRunner {
  return async <T>(name: string, statement: () => SQL, values: Record<string, unknown>, body: unknown): Promise<T[]> => {
    const answer = response(body);
    const withKey = () => sql`with work as (${statement()}),
      kept as (
        insert into idempotency_keys (merchant_id, key, request_hash, state, response_status, response_body, locked_until, created_at, expires_at)
        select ${sql.placeholder("idem_merchant_id")}::text, ${sql.placeholder("idem_key")}::text, ${sql.placeholder("idem_request_hash")}::text, 'completed',
          ${sql.placeholder("idem_status")}::int, ${sql.placeholder("idem_body")}::jsonb, now(), now(), now() + make_interval(secs => ${sql.placeholder("idem_ttl_secs")}::float8)
        from (select 1 from work limit 1) done
      )
      select * from work`;
    try {
      const rows = await runPrepared<T>(db, `${name}+idempotency`, withKey, {
        ...values,
        idem_merchant_id: k.merchantId,
        idem_key: k.key,
        idem_request_hash: k.requestHash,
        idem_status: answer.status,
        idem_body: JSON.stringify(answer.body),
        idem_ttl_secs: IDEMPOTENCY_TTL_MS / 1000,
      });
      if (rows.length > 0) onStored(answer);
      return rows;
    } catch (e) {
      if (keyTaken(e)) throw new KeyTaken();
      throw e;
    }
  };
}

/**
 * Run `execute` at most once per (merchant, key): the same key with the same request
 * replays the first answer, with another request is a 422, and while a claimed request is
 * still running a 409; a request that meets another one with the same key in flight in
 * `statement` or `transaction` mode waits for it and replays its answer. `stored` is what the
 * caller already read under the key. 5xx answers are not kept, so the client may retry
 * them; in `transaction` mode their work is rolled back too.
 */
export async function withIdempotency(
  args: { merchantId: string; key: string | null; method: string; path: string; body: unknown; stored: IdempotencyRecord | null; mode: IdempotencyMode },
  execute: (work: IdempotentWork) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const db = await getDb();
  if (args.key === null) return { ...(await execute({ db, storeAnswer: () => undefined })), replayed: false };
  if (!isValidIdempotencyKey(args.key)) {
    throw new AppError("validation_failed", "The Idempotency-Key header must be 1-255 visible ASCII characters.", {
      fields: [{ path: "Idempotency-Key", message: "1-255 visible ASCII characters" }],
    });
  }
  const k: Key = { merchantId: args.merchantId, key: args.key, requestHash: requestHash(args.method, args.path, args.body) };
  let record = args.stored;
  for (let attempt = 0; attempt < 3; attempt++) {
    const replay = judge(record, k.requestHash);
    if (replay) return replay;
    if (record) await removeIfReplaceable(db, k);
    try {
      const run = args.mode === "statement" ? inOneStatement : args.mode === "transaction" ? inOneTransaction : claimed;
      return { ...(await run(db, k, execute)), replayed: false };
    } catch (e) {
      if (!(e instanceof KeyTaken)) throw e;
    }
    // Another request wrote the key first: answer from what it stored.
    record = await readRecord(db, k);
  }
  throw inFlight();
}

async function inOneStatement(db: Queryable, k: Key, execute: (work: IdempotentWork) => Promise<StoredResponse>): Promise<StoredResponse> {
  const kept: { answer: StoredResponse | null } = { answer: null };
  const response = await execute({
    db,
    storeAnswer: (status) => answerStoringRunner(db, k, (body) => ({ status, body }), (answer) => (kept.answer = answer)),
  });
  await crashPoint("idempotency:work-done");
  if (kept.answer === null) {
    // The work wrote nothing (a refusal): its answer is kept on its own.
    if (response.status < 500) await insertKey(db, k, { state: "completed", response });
  } else if (kept.answer.status !== response.status || kept.answer.body !== response.body) {
    throw new Error("the answer stored with the work is not the answer given");
  }
  await crashPoint("idempotency:committed");
  return response;
}

class Discarded extends Error {
  constructor(readonly response: StoredResponse) {
    super("answer discarded");
  }
}

async function inOneTransaction(db: Queryable, k: Key, execute: (work: IdempotentWork) => Promise<StoredResponse>): Promise<StoredResponse> {
  try {
    const response = await db.transaction(async (tx) => {
      const r = await execute({ db: tx, storeAnswer: () => undefined });
      if (r.status >= 500) throw new Discarded(r);
      await crashPoint("idempotency:work-done");
      // A concurrent request with the same key blocks here until the first commits, then
      // finds the key taken and its own work is rolled back.
      await insertKey(tx, k, { state: "completed", response: r });
      return r;
    });
    await crashPoint("idempotency:committed");
    return response;
  } catch (e) {
    if (e instanceof Discarded) return e.response;
    throw e;
  }
}

async function claimed(db: Queryable, k: Key, execute: (work: IdempotentWork) => Promise<StoredResponse>): Promise<StoredResponse> {
  await insertKey(db, k, { state: "in_flight" });
  const ours = and(sameKey(k), eq(idempotencyKeys.state, "in_flight"));
  let response: StoredResponse;
  try {
    response = await execute({ db, storeAnswer: () => undefined });
  } catch (e) {
    await db.delete(idempotencyKeys).where(ours);
    throw e;
  }
  await crashPoint("idempotency:work-done");
  if (response.status >= 500) {
    await db.delete(idempotencyKeys).where(ours);
  } else {
    await db.update(idempotencyKeys).set({ state: "completed", responseStatus: response.status, responseBody: response.body }).where(ours);
  }
  return response;
}
