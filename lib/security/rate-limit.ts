import { sql, type SQL } from "drizzle-orm";
import { getDb, runPrepared, type Queryable } from "@/db/client";

// Sliding-window counters in Postgres (`rate_limit_buckets`), so every app instance shares
// one limit (docs/adr/0011-rate-limit.md). A window is cut into BUCKETS_PER_WINDOW buckets;
// a hit adds one to the current bucket and counts every bucket still inside the window, so
// a hit leaves the count between `windowMs` minus one bucket and `windowMs` after it was
// made. Keys with a high limit spread each bucket over several shard rows, picked by the
// database connection, so concurrent hits on one busy key rarely wait on the same row
// lock. The database clock decides, not the caller's.
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until a hit would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
  count: number;
}

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

const BUCKETS_PER_WINDOW = 10;
const MAX_SHARDS = 16;
// One shard per this many allowed hits per window. The count a hit sees can miss hits that
// are in flight on other shards at the same instant (at most one per concurrent request),
// so sharding only pays, and only costs, where the limit is large next to the concurrency.
const HITS_PER_SHARD = 100;

/** Shards for a limit: 1 (exact, serialised on one row) below HITS_PER_SHARD allowed hits. */
export function shardsFor(limit: number): number {
  return Math.min(MAX_SHARDS, Math.max(1, Math.floor(limit / HITS_PER_SHARD)));
}

/**
 * The common table expressions of one hit on `key` (a text expression; NULL hits nothing),
 * for statements that fold a hit into other work in one round trip. They define
 * `rate_limit_hit` (the bucket row written) and `rate_limit` (one row, `count`: hits in the
 * window including this one, or no row when `key` was NULL). The rule comes in as the
 * placeholders `rateLimitValues(rule)` fills, so the statement's text stays the same.
 */
export function rateLimitCtes(key: SQL): SQL {
  const windowSecs = sql`${sql.placeholder("rl_window_secs")}::float8`;
  const bucketMs = sql`${sql.placeholder("rl_bucket_ms")}::numeric`;
  // The statement's own snapshot still holds this connection's shard row as it was before
  // the upsert, so that row is left out of the sum and the upsert's result added instead.
  return sql`rate_limit_hit as (
    insert into rate_limit_buckets as b (key, bucket_start, shard, count, expires_at)
    select h.key, h.bucket_start, h.shard, 1, h.bucket_start + make_interval(secs => ${windowSecs})
    from (
      select ${key}::text as key,
        to_timestamp(floor(extract(epoch from now()) * 1000 / ${bucketMs}) * ${bucketMs} / 1000) as bucket_start,
        pg_backend_pid() % ${sql.placeholder("rl_shards")}::int as shard
    ) h
    where h.key is not null
    on conflict (key, bucket_start, shard) do update set count = b.count + 1
    returning b.key, b.bucket_start, b.shard, b.count
  ),
  rate_limit as (
    select (h.count + coalesce((
      select sum(r.count) from rate_limit_buckets r
      where r.key = h.key
        and r.bucket_start > now() - make_interval(secs => ${windowSecs})
        and (r.bucket_start, r.shard) <> (h.bucket_start, h.shard)
    ), 0))::int as count
    from rate_limit_hit h
  )`;
}

/** The placeholder values of `rateLimitCtes` for a rule. */
export function rateLimitValues(rule: RateLimitRule): Record<string, unknown> {
  return { rl_window_secs: rule.windowMs / 1000, rl_bucket_ms: rule.windowMs / BUCKETS_PER_WINDOW, rl_shards: shardsFor(rule.limit) };
}

/**
 * The decision for a count from `rateLimitCtes`. A refused hit asks the database once more
 * when the oldest buckets leave the window, so the retry time is when a hit fits again.
 */
export async function decide(q: Queryable, key: string, rule: RateLimitRule, count: number): Promise<RateLimitDecision> {
  if (count <= rule.limit) return { allowed: true, count, retryAfterSeconds: 0 };
  return { allowed: false, count, retryAfterSeconds: await secondsUntilRoom(q, key, rule) };
}

const inWindowStatement = () =>
  sql`select extract(epoch from (bucket_start + make_interval(secs => ${sql.placeholder("window_secs")}::float8) - now()))::float8 as leaves_in, sum(count)::int as count
    from rate_limit_buckets
    where key = ${sql.placeholder("key")} and bucket_start > now() - make_interval(secs => ${sql.placeholder("window_secs")}::float8)
    group by bucket_start order by bucket_start`;

async function secondsUntilRoom(q: Queryable, key: string, rule: RateLimitRule): Promise<number> {
  const windowSecs = rule.windowMs / 1000;
  const buckets = await runPrepared<{ leaves_in: number | string; count: number | string }>(q, "rate_limit_buckets_in_window", inWindowStatement, { key, window_secs: windowSecs });
  let inWindow = buckets.reduce((n, b) => n + Number(b.count), 0);
  for (const b of buckets) {
    inWindow -= Number(b.count);
    if (inWindow + 1 <= rule.limit) return Math.max(1, Math.ceil(Number(b.leaves_in)));
  }
  return Math.max(1, Math.ceil(windowSecs));
}

const hitStatement = () => sql`with ${rateLimitCtes(sql`${sql.placeholder("key")}`)} select count from rate_limit`;

/** Count one hit on `key` and decide it against `limit` hits per `windowMs`. */
export async function hit(key: string, limit: number, windowMs: number, db?: Queryable): Promise<RateLimitDecision> {
  const q = db ?? (await getDb());
  const rule = { limit, windowMs };
  const [row] = await runPrepared<{ count: number | string }>(q, "rate_limit_hit", hitStatement, { key, ...rateLimitValues(rule) });
  return decide(q, key, rule, Number(row?.count ?? 1));
}

/** Forget a key (e.g. after a successful sign-in, the per-account counter starts over). */
export async function reset(key: string, db?: Queryable): Promise<void> {
  const q = db ?? (await getDb());
  await q.execute(sql`delete from rate_limit_buckets where key = ${key}`);
}

const pruneStatement = () =>
  sql`with gone as (delete from rate_limit_buckets where expires_at < now() - make_interval(secs => ${sql.placeholder("older_than_secs")}::float8) returning 1) select count(*)::int as n from gone`;

/** Delete buckets that left their window more than `olderThanMs` ago; run from a periodic job. */
export async function pruneRateLimits(olderThanMs = 24 * 3600_000, db?: Queryable): Promise<number> {
  const q = db ?? (await getDb());
  const [row] = await runPrepared<{ n: number | string }>(q, "rate_limit_prune", pruneStatement, { older_than_secs: olderThanMs / 1000 });
  return Number(row?.n ?? 0);
}
