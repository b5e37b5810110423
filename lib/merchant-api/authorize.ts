import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { getDb, runPrepared } from "@/db/client";
import { merchants, type Merchant } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto/hash";
import { err, ok, type Result } from "@/lib/result";
import { decide, rateLimitCtes, rateLimitValues, type RateLimitDecision, type RateLimitRule } from "@/lib/security/rate-limit";
import type { IdempotencyRecord } from "./idempotency";

const BEARER = /^Bearer\s+(\S+)$/i;

export interface AuthorizedRequest {
  merchant: Merchant;
  /** The merchant's rate-limit decision for this request, when one was asked for. */
  rate: RateLimitDecision | null;
  /** What is stored under the request's Idempotency-Key, when it sent one and one is stored. */
  idempotency: IdempotencyRecord | null;
}

/** The per-merchant budget of the merchant API, shared by every instance. */
export function apiRateLimitKey(merchantId: string): string {
  return `api:${merchantId}`;
}

// The merchant's columns are selected and decoded from the schema, so a column added to
// `merchants` reaches the handlers without touching this statement.
const merchantColumns = Object.entries(getTableColumns(merchants)) as Array<[keyof Merchant, PgColumn]>;
const selectMerchant = sql.join(
  merchantColumns.map(([prop, column]) => sql`m.${sql.identifier(column.name)} as ${sql.identifier(`m_${prop}`)}`),
  sql`, `,
);

function merchantOf(row: Record<string, unknown>): Merchant {
  const entries = merchantColumns.map(([prop, column]) => {
    const value = row[`m_${prop}`];
    return [prop, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
  });
  return Object.fromEntries(entries) as Merchant;
}

interface Row extends Record<string, unknown> {
  rate_count: number | string | null;
  i_request_hash: string | null;
  i_state: "in_flight" | "completed" | null;
  i_response_status: number | null;
  i_response_body: unknown;
  i_locked: boolean | null;
  i_expired: boolean | null;
}

// One statement, one round trip: the key's merchant, its last use (kept to the minute so a
// busy key does not write on every request), one hit on the merchant's rate limit, and the
// idempotency record the request names. Nothing is counted for an unknown key. Its commit
// does not wait for the WAL flush (synchronous_commit off for this statement's own
// transaction): a database crash may forget the last few hits and last-use times, which a
// rate limit can afford, and the request does not wait a disk flush before its real work.
function statement(countsRate: boolean): SQL {
  const rateCtes = countsRate ? sql`, ${rateLimitCtes(sql`'api:' || (select m_id from k)`)}` : sql``;
  const rateCount = countsRate ? sql`(select count from rate_limit)` : sql`null::int`;
  return sql`with k as (
      select ak.id as key_id, ak.last_used_at, ${selectMerchant}
      from api_keys ak join merchants m on m.id = ak.merchant_id
      where ak.key_hash = ${sql.placeholder("key_hash")} and ak.revoked_at is null
      limit 1
    ),
    touched as (
      update api_keys set last_used_at = now() from k
      where api_keys.id = k.key_id and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute')
    )${rateCtes}
    select k.*, ${rateCount} as rate_count, set_config('synchronous_commit', 'off', true) as async_commit,
      i.request_hash as i_request_hash, i.state as i_state, i.response_status as i_response_status, i.response_body as i_response_body,
      i.locked_until > now() as i_locked, i.expires_at < now() as i_expired
    from k left join idempotency_keys i on i.merchant_id = k.m_id and i.key = ${sql.placeholder("idempotency_key")}::text`;
}

/**
 * Everything a merchant API request needs to know before its own work, in one round trip:
 * the merchant behind `Authorization: Bearer <api key>`, the merchant's rate limit, and
 * the record stored under the request's Idempotency-Key.
 */
export async function authorizeApiRequest(args: { authorization: string | null; idempotencyKey: string | null; rate: RateLimitRule | null }): Promise<Result<AuthorizedRequest>> {
  const m = args.authorization ? BEARER.exec(args.authorization.trim()) : null;
  const unauthenticated = new AppError("unauthenticated", "Send a valid API key as `Authorization: Bearer <key>`.");
  if (!m?.[1]) return err(unauthenticated);
  const db = await getDb();
  const values = { key_hash: sha256Hex(m[1]), idempotency_key: args.idempotencyKey, ...(args.rate ? rateLimitValues(args.rate) : {}) };
  const [row] = args.rate
    ? await runPrepared<Row>(db, "merchant_api_authorize", () => statement(true), values)
    : await runPrepared<Row>(db, "merchant_api_authenticate", () => statement(false), values);
  if (!row) return err(unauthenticated);
  const merchant = merchantOf(row);
  const rate = args.rate && row.rate_count !== null ? await decide(db, apiRateLimitKey(merchant.id), args.rate, Number(row.rate_count)) : null;
  const idempotency: IdempotencyRecord | null =
    row.i_state === null || row.i_request_hash === null
      ? null
      : {
          requestHash: row.i_request_hash,
          state: row.i_state,
          responseStatus: row.i_response_status,
          responseBody: row.i_response_body,
          locked: row.i_locked === true,
          expired: row.i_expired === true,
        };
  return ok({ merchant, rate, idempotency });
}
