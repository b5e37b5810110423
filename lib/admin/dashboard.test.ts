import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import type { AdminContext } from "./admin-context";
import { OTHER_REASONS, TOP_DECLINE_REASONS, loadDashboard, rankDeclines } from "./dashboard";
import { resolveDashboardRange } from "./dashboard-range";

const at = (iso: string) => new Date(iso);

describe("admin dashboard aggregates", () => {
  let admin: AdminContext;
  let merchantId: string;
  beforeAll(async () => {
    await testDb();
    const { merchant } = await createMerchant();
    merchantId = merchant.id;
    const other = await createMerchant();
    admin = { id: "adm_x", email: "a@example.test", name: "A", role: "viewer", merchantId: merchant.id, merchantName: merchant.name };
    const s = await createSession(merchant.id);
    // 2025-03-05 (UTC): four ON/RAMP attempts; 23:59:59.999 still counts for that day.
    await createOperation(merchant.id, s.id, { status: "succeeded", amount: 1000, createdAt: at("2025-03-05T00:00:00Z") });
    await createOperation(merchant.id, s.id, { status: "succeeded", amount: 500, createdAt: at("2025-03-05T12:00:00Z") });
    await createOperation(merchant.id, s.id, { status: "declined", declineReason: "INSUFFICIENT_FUNDS", createdAt: at("2025-03-05T13:00:00Z") });
    await createOperation(merchant.id, s.id, { status: "processing", createdAt: at("2025-03-05T23:59:59.999Z") });
    // 2025-03-04, shortly before midnight UTC (the next day in Warsaw): Paysecure and a JPY sale.
    await createOperation(merchant.id, s.id, { status: "declined", provider: "paysecure", declineReason: "Card is Blocked", createdAt: at("2025-03-04T23:30:00Z") });
    await createOperation(merchant.id, s.id, { status: "declined", provider: "paysecure", declineReason: null, declineCode: "51", createdAt: at("2025-03-04T10:00:00Z") });
    await createOperation(merchant.id, s.id, { status: "succeeded", currency: "JPY", amount: 700, createdAt: at("2025-03-04T09:00:00Z") });
    // Outside the range on both sides.
    await createOperation(merchant.id, s.id, { status: "succeeded", createdAt: at("2025-03-06T00:00:00Z") });
    await createOperation(merchant.id, s.id, { status: "succeeded", createdAt: at("2025-03-01T23:59:59.999Z") });
    // Another merchant's operation on the same day never counts.
    const os = await createSession(other.merchant.id);
    await createOperation(other.merchant.id, os.id, { status: "succeeded", amount: 99999, provider: "fenige", createdAt: at("2025-03-05T10:00:00Z") });
  });

  const range = () => resolveDashboardRange({ from: "2025-03-02", to: "2025-03-05" }).range;

  it("fills every day of the range for every provider seen, zeros included, by UTC day", async () => {
    const d = await loadDashboard(await testDb(), admin, range());
    expect(d.days).toEqual(["2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05"]);
    expect(d.providers).toEqual(["onramp", "paysecure"]);
    expect(d.daily).toHaveLength(8);
    expect(d.daily.find((r) => r.day === "2025-03-05" && r.provider === "onramp")).toEqual({ day: "2025-03-05", provider: "onramp", total: 4, succeeded: 2, declined: 1, final: 3 });
    expect(d.daily.find((r) => r.day === "2025-03-04" && r.provider === "paysecure")).toMatchObject({ total: 2, declined: 2, final: 2, succeeded: 0 });
    expect(d.daily.find((r) => r.day === "2025-03-03" && r.provider === "onramp")).toMatchObject({ total: 0, final: 0 });
    expect(d.totals).toEqual({ total: 7, succeeded: 3, declined: 3, final: 6 });
  });

  it("sums succeeded volume per currency, never across currencies", async () => {
    const d = await loadDashboard(await testDb(), admin, range());
    expect(d.volume).toEqual([
      { currency: "EUR", succeededAmount: 1500, succeededCount: 2 },
      { currency: "JPY", succeededAmount: 700, succeededCount: 1 },
    ]);
  });

  it("ranks decline reasons with a count per provider, naming a code when there is no reason", async () => {
    const d = await loadDashboard(await testDb(), admin, range());
    expect(d.declines).toEqual([
      { reason: "51", total: 1, byProvider: { paysecure: 1 } },
      { reason: "Card is Blocked", total: 1, byProvider: { paysecure: 1 } },
      { reason: "INSUFFICIENT_FUNDS", total: 1, byProvider: { onramp: 1 } },
    ]);
  });

  it("shows nothing for a range without operations, and only this merchant's", async () => {
    const empty = await loadDashboard(await testDb(), admin, resolveDashboardRange({ from: "2024-01-01", to: "2024-01-07" }).range);
    expect(empty.providers).toEqual([]);
    expect(empty.daily).toEqual([]);
    expect(empty.days).toHaveLength(7);
    expect(empty.totals.total).toBe(0);
    const other = await loadDashboard(await testDb(), { ...admin, merchantId: `${merchantId}x` }, range());
    expect(other.totals.total).toBe(0);
  });
});

describe("rankDeclines", () => {
  it("keeps the top reasons and folds the rest into one row, per provider", () => {
    const groups = Array.from({ length: TOP_DECLINE_REASONS + 3 }, (_, i) => ({ provider: i % 2 ? ("onramp" as const) : ("paysecure" as const), reason: `R${String(i).padStart(2, "0")}`, count: 100 - i }));
    const rows = rankDeclines(groups);
    expect(rows).toHaveLength(TOP_DECLINE_REASONS + 1);
    expect(rows[0]).toEqual({ reason: "R00", total: 100, byProvider: { paysecure: 100 } });
    const other = rows.at(-1);
    expect(other?.reason).toBe(OTHER_REASONS);
    expect(other?.total).toBe(groups.slice(TOP_DECLINE_REASONS).reduce((n, g) => n + g.count, 0));
    expect(rankDeclines(groups.slice(0, TOP_DECLINE_REASONS + 1))).toHaveLength(TOP_DECLINE_REASONS + 1);
  });
});
