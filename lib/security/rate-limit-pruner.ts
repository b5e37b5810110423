import { log } from "@/lib/log";
import { pruneRateLimits } from "./rate-limit";

const HOUR = 3600_000;

/**
 * Hourly clean-up of rate-limit buckets that have left their window, so the table holds only
 * live counters. Deleting is idempotent, so instances running it side by side do no harm.
 */
export function startRateLimitPruner(intervalMs = HOUR): () => Promise<void> {
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = pruneRateLimits(0)
      .then((n) => {
        if (n > 0) log.info("rate limit windows pruned", { count: n });
      })
      .catch((e: unknown) => log.error("rate limit prune failed", { error: e }));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await inFlight;
  };
}

/** Starts the pruner and stops it on shutdown (lib/system/workers.ts). */
export async function runRateLimitPruner(): Promise<void> {
  const { onShutdown } = await import("@/lib/system/boot");
  onShutdown(startRateLimitPruner());
}
