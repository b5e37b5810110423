import { describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { newId } from "@/lib/ids";
import { hit, pruneRateLimits, reset } from "./rate-limit";

describe("rate limit", () => {
  it("allows up to the limit in one window, then refuses with a retry time", async () => {
    const db = await testDb();
    const key = `test:${newId("audit")}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hit(key, 3, 60_000, db));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3]?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("starts a new window once the old one has passed", async () => {
    const db = await testDb();
    const key = `test:${newId("audit")}`;
    expect((await hit(key, 1, 50, db)).allowed).toBe(true);
    expect((await hit(key, 1, 50, db)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 80));
    expect((await hit(key, 1, 50, db)).allowed).toBe(true);
  });

  it("keeps keys apart and forgets a key on reset", async () => {
    const db = await testDb();
    const a = `test:${newId("audit")}`;
    const b = `test:${newId("audit")}`;
    await hit(a, 1, 60_000, db);
    expect((await hit(a, 1, 60_000, db)).allowed).toBe(false);
    expect((await hit(b, 1, 60_000, db)).allowed).toBe(true);
    await reset(a, db);
    expect((await hit(a, 1, 60_000, db)).allowed).toBe(true);
  });

  it("prunes windows that ended long ago", async () => {
    const db = await testDb();
    const key = `test:${newId("audit")}`;
    await hit(key, 5, 10, db);
    await new Promise((r) => setTimeout(r, 30));
    expect(await pruneRateLimits(10, db)).toBeGreaterThanOrEqual(1);
  });
});
