import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import type { AdminContext } from "./admin-context";
import { loadDashboard } from "./dashboard";

describe("admin dashboard aggregates", () => {
  let admin: AdminContext;
  beforeAll(async () => {
    await testDb();
    const { merchant } = await createMerchant();
    const other = await createMerchant();
    admin = { id: "adm_x", email: "a@example.test", name: "A", role: "viewer", merchantId: merchant.id, merchantName: merchant.name };
    const s = await createSession(merchant.id);
    const today = new Date();
    const yesterday = new Date(Date.now() - 86400_000);
    await createOperation(merchant.id, s.id, { status: "succeeded", amount: 1000, createdAt: today });
    await createOperation(merchant.id, s.id, { status: "succeeded", amount: 500, createdAt: today });
    await createOperation(merchant.id, s.id, { status: "declined", declineReason: "INSUFFICIENT_FUNDS", createdAt: today });
    await createOperation(merchant.id, s.id, { status: "processing", createdAt: today });
    await createOperation(merchant.id, s.id, { status: "declined", provider: "paysecure", declineReason: "Card is Blocked", createdAt: yesterday });
    await createOperation(merchant.id, s.id, { status: "succeeded", currency: "JPY", amount: 700, createdAt: yesterday });
    await createOperation(merchant.id, s.id, { status: "succeeded", createdAt: new Date(Date.now() - 40 * 86400_000) });
    const os = await createSession(other.merchant.id);
    await createOperation(other.merchant.id, os.id, { status: "succeeded", amount: 99999 });
  });

  it("counts by day and provider, rates approval over finished operations, sums volume per currency", async () => {
    const d = await loadDashboard(await testDb(), admin);
    const day = new Date().toISOString().slice(0, 10);
    const todayOnramp = d.days.find((r) => r.day === day && r.provider === "onramp");
    expect(todayOnramp).toMatchObject({ total: 4, succeeded: 2, declined: 1, final: 3 });
    expect(d.days.reduce((n, r) => n + r.total, 0)).toBe(6);
    expect(d.volume.find((v) => v.currency === "EUR")).toEqual({ currency: "EUR", succeededAmount: 1500, succeededCount: 2 });
    expect(d.volume.find((v) => v.currency === "JPY")).toEqual({ currency: "JPY", succeededAmount: 700, succeededCount: 1 });
    expect(d.declines).toEqual(
      expect.arrayContaining([
        { provider: "onramp", reason: "INSUFFICIENT_FUNDS", count: 1 },
        { provider: "paysecure", reason: "Card is Blocked", count: 1 },
      ]),
    );
  });
});
