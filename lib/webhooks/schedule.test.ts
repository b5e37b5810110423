import { describe, expect, it } from "vitest";
import { RETRY_DELAYS_MS, RETRY_WINDOW_MS, nextAttemptAt, retryDelayMs } from "./schedule";

describe("retry schedule", () => {
  it("grows exponentially with ±20 % jitter and caps at the last step", () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(1, () => 0)).toBe(4_000);
    expect(retryDelayMs(1, () => 1)).toBe(6_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(50, () => 0.5)).toBe(RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1]);
  });

  it("keeps retrying for at least 24 hours even with the shortest jitter, then gives up", () => {
    const first = new Date("2026-01-01T00:00:00Z");
    let now = first;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt({ attempts, firstAttemptAt: first, now, random: () => 0 });
      if (!next) break;
      now = next;
      attempts += 1;
    }
    expect(now.getTime() - first.getTime()).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(attempts).toBeGreaterThanOrEqual(10);
  });
});
