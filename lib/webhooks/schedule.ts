// Retry schedule for a failed delivery: exponential steps capped at 8 h, each with
// ±20 % jitter so endpoints that failed together do not get hit together again. Retries
// go on for at least RETRY_WINDOW_MS after the first attempt; the attempt that finds
// the window over is the last one.
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000] as const;
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const JITTER = 0.2;

/** Delay before the next try after `attempts` failed tries (1 = the first one failed). */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const step = Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1;
  const base: number = RETRY_DELAYS_MS[step] ?? 28_800_000;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** When to try again, or null when the retry window is over and the delivery has failed. */
export function nextAttemptAt(args: { attempts: number; firstAttemptAt: Date; now: Date; random?: () => number }): Date | null {
  if (args.now.getTime() - args.firstAttemptAt.getTime() >= RETRY_WINDOW_MS) return null;
  return new Date(args.now.getTime() + retryDelayMs(args.attempts, args.random));
}
