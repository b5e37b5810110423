import { describe, expect, it } from "vitest";
import { asc, eq, inArray } from "drizzle-orm";
import { checkoutSessions, operationEvents } from "@/db/schema";
import { newId } from "@/lib/ids";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { insertJsonRows, updateJsonRows } from "./json-rows";

describe("rows sent as one JSON text", () => {
  it("inserts rows with different columns, keeping each left-out column's default, and values of every kind as the query builder would", async () => {
    const db = await testDb();
    const { merchant } = await createMerchant();
    const session = await createSession(merchant.id);
    const op = await createOperation(merchant.id, session.id);
    const at = new Date("2026-01-02T03:04:05.678Z");
    const ids = [newId("event"), newId("event"), newId("event")];
    await insertJsonRows(db, operationEvents, [
      { id: ids[0] ?? "", merchantId: merchant.id, operationId: op.id, source: "callback", type: "A", outcome: "applied", providerTime: at, payload: { nested: { n: 1, s: "x'y\"z" }, list: [1, null] }, dedupeKey: "k:1" },
      { id: ids[1] ?? "", merchantId: merchant.id, operationId: op.id, source: "system", type: "B", outcome: "recorded", payload: null },
      { id: ids[2] ?? "", merchantId: merchant.id, operationId: op.id, source: "callback", type: "C", outcome: "recorded", payload: "just text", receivedAt: at },
    ]);
    const rows = await db.select().from(operationEvents).where(inArray(operationEvents.id, ids)).orderBy(asc(operationEvents.type));
    expect(rows.map((r) => [r.type, r.providerTime?.toISOString() ?? null, r.payload, r.dedupeKey])).toEqual([
      ["A", at.toISOString(), { nested: { n: 1, s: "x'y\"z" }, list: [1, null] }, "k:1"],
      ["B", null, null, null],
      ["C", null, "just text", null],
    ]);
    // receivedAt left out: the column's default (now), not null.
    expect(rows[1]?.receivedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(rows[2]?.receivedAt.toISOString()).toBe(at.toISOString());
  });

  it("updates only the columns each row carries", async () => {
    const db = await testDb();
    const { merchant } = await createMerchant();
    const a = await createSession(merchant.id, { status: "open" });
    const b = await createSession(merchant.id, { status: "open" });
    const at = new Date("2026-03-04T05:06:07.000Z");
    await updateJsonRows(db, checkoutSessions, [
      { id: a.id, status: "processing" },
      { id: b.id, status: "paid", updatedAt: at },
    ]);
    const [ra] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, a.id));
    const [rb] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, b.id));
    expect(ra?.status).toBe("processing");
    expect(ra?.updatedAt.toISOString()).toBe(a.updatedAt.toISOString());
    expect(ra?.amount).toBe(a.amount);
    expect(rb?.status).toBe("paid");
    expect(rb?.updatedAt.toISOString()).toBe(at.toISOString());
  });
});
