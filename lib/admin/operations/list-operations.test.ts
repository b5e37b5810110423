import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { uuidOf } from "@/lib/ids";
import type { Operation } from "@/db/schema";
import { decodeCursor, encodeCursor, listOperations } from "./list-operations";
import { parseFilters } from "./filters";

describe("admin operations list", () => {
  let merchantId: string;
  let otherMerchantId: string;
  const ops: Operation[] = [];

  beforeAll(async () => {
    await testDb();
    const m = await createMerchant();
    const other = await createMerchant();
    merchantId = m.merchant.id;
    otherMerchantId = other.merchant.id;
    const session = await createSession(merchantId);
    // 23 operations an hour apart, newest last; the mix covers every filter.
    const base = Date.UTC(2025, 0, 10, 12, 0, 0);
    for (let i = 0; i < 23; i++) {
      ops.push(
        await createOperation(merchantId, session.id, {
          createdAt: new Date(base + i * 3600_000),
          status: i % 3 === 0 ? "succeeded" : i % 3 === 1 ? "declined" : "processing",
          provider: i % 2 === 0 ? "onramp" : "paysecure",
          amount: 100 * (i + 1),
          currency: i === 22 ? "JPY" : "EUR",
          customerId: `cust_${i % 4}`,
          cardLast4: i === 5 ? "1111" : "4242",
          providerReference: `ref-${i}`,
          attention: i === 7 ? "no_provider_reference" : null,
        }),
      );
    }
    // Two operations in the same millisecond: the cursor must keep them apart.
    const tie = new Date(base + 30 * 3600_000);
    ops.push(await createOperation(merchantId, session.id, { createdAt: tie }));
    ops.push(await createOperation(merchantId, session.id, { createdAt: tie }));
    const otherSession = await createSession(otherMerchantId);
    await createOperation(otherMerchantId, otherSession.id, { customerId: "cust_1", providerReference: "ref-1" });
  });

  const list = async (params: Record<string, string>, page: { after?: string | null; before?: string | null; limit?: number } = {}) =>
    listOperations(await testDb(), { merchantId, filters: parseFilters(params).filters, ...page });

  it("filters to the operations that need a person's attention", async () => {
    const page = await list({ attention: "1" });
    expect(page.rows.map((r) => r.id)).toEqual([ops[7]?.id]);
    expect(page.rows[0]?.attention).toBe("no_provider_reference");
    expect(parseFilters({ attention: "yes" }).invalid).toEqual(["attention"]);
  });

  it("lists only the merchant's operations, newest first", async () => {
    const page = await list({}, { limit: 100 });
    expect(page.rows).toHaveLength(25);
    const times = page.rows.map((r) => r.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(page.next).toBeNull();
    expect(page.prev).toBeNull();
    const other = await listOperations(await testDb(), { merchantId: otherMerchantId, filters: {} });
    expect(other.rows).toHaveLength(1);
  });

  it("walks every row once with Next and comes back with Previous", async () => {
    const seen: string[] = [];
    const cursors: Array<string | null> = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await list({}, { after, limit: 4 });
      cursors.push(after);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    // From the second page, Previous returns exactly the first page.
    const first = await list({}, { limit: 4 });
    const second = await list({}, { after: first.next, limit: 4 });
    expect(second.prev).not.toBeNull();
    const back = await list({}, { before: second.prev, limit: 4 });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.prev).toBeNull();
    expect(back.next).not.toBeNull();
  });

  it("filters by status, provider, date range and amount range", async () => {
    const declinedPaysecure = await list({ status: "declined", provider: "paysecure" }, { limit: 100 });
    const expected = ops.slice(0, 23).filter((_, i) => i % 3 === 1 && i % 2 === 1);
    expect(declinedPaysecure.rows.map((r) => r.id).sort()).toEqual(expected.map((o) => o.id).sort());

    const day = await list({ from: "2025-01-11", to: "2025-01-11" }, { limit: 100 });
    expect(day.rows.every((r) => r.createdAt.toISOString().startsWith("2025-01-11"))).toBe(true);
    expect(day.rows).toHaveLength(ops.filter((o) => o.createdAt.toISOString().startsWith("2025-01-11")).length);

    // EUR 5.00 to 7.00 = 500..700 minor; JPY 2300 (i=22) is 2300 major, outside.
    const amounts = await list({ min: "5", max: "7" }, { limit: 100 });
    expect(amounts.rows.map((r) => r.amount).sort((a, b) => a - b)).toEqual([500, 600, 700]);
    const yen = await list({ min: "2000", currency: "JPY" }, { limit: 100 });
    expect(yen.rows.map((r) => r.amount)).toEqual([2300]);
  });

  it("searches by id, provider reference, customer id, last four and the id's UUID form", async () => {
    const target = ops[7];
    if (!target) throw new Error("setup");
    expect((await list({ q: target.id })).rows.map((r) => r.id)).toEqual([target.id]);
    expect((await list({ q: "ref-7" })).rows.map((r) => r.id)).toEqual([target.id]);
    expect((await list({ q: uuidOf(target.id) })).rows.map((r) => r.id)).toEqual([target.id]);
    expect((await list({ q: "1111" })).rows.map((r) => r.id)).toEqual([ops[5]?.id]);
    const cust = await list({ q: "cust_3" }, { limit: 100 });
    expect(cust.rows.length).toBe(ops.slice(0, 23).filter((_, i) => i % 4 === 3).length);
    // Another merchant's reference and id are not found.
    expect((await list({ q: "ref-nothing" })).rows).toHaveLength(0);
  });

  it("rejects forged cursors instead of failing", async () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2025-01-01 00:00:00+00|op_x; drop table").toString("base64url"))).toBeNull();
    const c = { createdAt: "2025-01-10 12:00:00.123456+00", id: `op_${"a".repeat(32)}` };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    const page = await list({}, { after: "garbage" });
    expect(page.rows.length).toBeGreaterThan(0);
  });
});
