import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { idempotencyKeys } from "@/db/schema";
import { createMerchant } from "@/test/factories";
import { testDb } from "@/test/db";
import { pruneExpiredIdempotencyKeys } from "./prune-idempotency-keys";

const HOUR = 3600_000;

describe("pruning idempotency records", () => {
  it("deletes records past their replay window, in batches, and keeps every live one", async () => {
    const db = await testDb();
    const { merchant } = await createMerchant();
    const now = new Date();
    const row = (key: string, expiresAt: Date, state: "in_flight" | "completed" = "completed") => ({
      merchantId: merchant.id,
      key,
      requestHash: "h",
      state,
      responseStatus: state === "completed" ? 201 : null,
      responseBody: state === "completed" ? { id: key } : null,
      lockedUntil: now,
      expiresAt,
    });
    await db.insert(idempotencyKeys).values([
      ...Array.from({ length: 7 }, (_, i) => row(`old-${i}`, new Date(now.getTime() - (i + 1) * HOUR))),
      row("old-in-flight", new Date(now.getTime() - HOUR), "in_flight"),
      row("live", new Date(now.getTime() + HOUR)),
      row("live-in-flight", new Date(now.getTime() + HOUR), "in_flight"),
    ]);
    // Other merchants' expired records go too; only this merchant's rows are looked at here.
    const deleted = await pruneExpiredIdempotencyKeys({ now, batchSize: 3 });
    expect(deleted).toBeGreaterThanOrEqual(8);
    const left = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.merchantId, merchant.id));
    expect(left.map((r) => r.key).sort()).toEqual(["live", "live-in-flight"]);
  });

  it("stops after its batch budget and leaves the rest, oldest first, to the next pass", async () => {
    const db = await testDb();
    const { merchant } = await createMerchant();
    // Far in the past, so these are the oldest records in a database shared with other tests.
    const long = new Date("2001-01-01T00:00:00Z");
    await db.insert(idempotencyKeys).values(
      Array.from({ length: 5 }, (_, i) => ({ merchantId: merchant.id, key: `k${i}`, requestHash: "h", state: "completed" as const, lockedUntil: long, expiresAt: new Date(long.getTime() + i * HOUR) })),
    );
    expect(await pruneExpiredIdempotencyKeys({ now: new Date(long.getTime() + 10 * HOUR), batchSize: 2, maxBatches: 1 })).toBe(2);
    const left = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(and(eq(idempotencyKeys.merchantId, merchant.id)));
    expect(left.map((r) => r.key).sort()).toEqual(["k2", "k3", "k4"]);
  });
});
