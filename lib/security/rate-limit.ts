import { sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";

// Fixed-window counters in the `rate_limits` table, so every app instance shares one
// limit. One upsert per hit: a new window starts when the stored one is older than
// `windowMs`; otherwise the count goes up. The database clock decides, not the caller's.
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the current window ends (0 when allowed). */
  retryAfterSeconds: number;
  count: number;
}

export async function hit(key: string, limit: number, windowMs: number, db?: Queryable): Promise<RateLimitDecision> {
  const q = db ?? (await getDb());
  const seconds = windowMs / 1000;
  const rows = await q.execute<{ count: number; reset_in: number | string }>(sql`
    insert into rate_limits (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      window_start = case when rate_limits.window_start <= now() - make_interval(secs => ${seconds}) then now() else rate_limits.window_start end,
      count = case when rate_limits.window_start <= now() - make_interval(secs => ${seconds}) then 1 else rate_limits.count + 1 end
    returning count, extract(epoch from (window_start + make_interval(secs => ${seconds}) - now())) as reset_in
  `);
  const row = rowsOf<{ count: number; reset_in: number | string }>(rows)[0];
  const count = Number(row?.count ?? 1);
  const allowed = count <= limit;
  return { allowed, count, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(Number(row?.reset_in ?? seconds))) };
}

/** Forget a key (e.g. after a successful sign-in, the per-account counter starts over). */
export async function reset(key: string, db?: Queryable): Promise<void> {
  const q = db ?? (await getDb());
  await q.execute(sql`delete from rate_limits where key = ${key}`);
}

/** Delete windows that ended long ago; run from a periodic job. */
export async function pruneRateLimits(olderThanMs = 24 * 3600_000, db?: Queryable): Promise<number> {
  const q = db ?? (await getDb());
  const rows = await q.execute<{ key: string }>(sql`delete from rate_limits where window_start < now() - make_interval(secs => ${olderThanMs / 1000}) returning key`);
  return rowsOf(rows).length;
}

// postgres-js returns an array; PGlite returns { rows }.
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: T[] }).rows;
  return rows ?? [];
}
