import { log } from "@/lib/log";
import { pruneExpiredIdempotencyKeys } from "@/lib/merchant-api/prune-idempotency-keys";
import { pruneRateLimits } from "@/lib/security/rate-limit";
import { repeat } from "./repeat";

const HOUR = 3600_000;

/**
 * Hourly clean-up of rows that only ever mattered for a while: rate-limit buckets that have
 * left their window and idempotency records past their replay window. Without it both
 * tables grow with every request ever made. Deleting is idempotent, so instances running
 * it side by side do no harm.
 */
export function startHousekeeping(intervalMs = HOUR): () => Promise<void> {
  return repeat(
    async () => {
      const [buckets, keys] = await Promise.all([pruneRateLimits(0), pruneExpiredIdempotencyKeys()]);
      if (buckets > 0 || keys > 0) log.info("housekeeping", { rateLimitBuckets: buckets, idempotencyKeys: keys });
    },
    intervalMs,
    (e) => log.error("housekeeping failed", { error: e }),
  );
}

/** Starts housekeeping and stops it on shutdown (lib/system/workers.ts). */
export async function runHousekeeping(): Promise<void> {
  const { onShutdown } = await import("./boot");
  onShutdown(startHousekeeping());
}
