import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, openDatabase } from "@/db/client";

type Handle = Awaited<ReturnType<typeof openDatabase>>;
import { merchants, providerAccounts } from "@/db/schema";
import { seedDemo } from "./seed-demo";

// seedDemo only seeds an empty database, so each case gets its own in-memory one.
let h: Handle | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function emptyDb() {
  h = await openDatabase({ url: null, dataDir: null });
  await migrate(h);
  return h.db;
}

const base = {
  apiKey: "sk_test_seed_demo_key_0123456789",
  adminEmail: "owner@demo.test",
  adminPassword: "owner-password",
  viewerEmail: "viewer@demo.test",
  viewerPassword: "viewer-password",
  sandboxUrl: "http://localhost:4010",
};

describe("seedDemo", () => {
  it("brands the demo merchant as asked, validated like the admin form", async () => {
    const db = await emptyDb();
    const r = await seedDemo(db, { ...base, branding: { displayName: "Demo Café", brandColor: "#FFD000", termsUrl: "https://shop.example/terms" } });
    expect(r.seeded).toBe(true);
    const [m] = await db.select().from(merchants).where(eq(merchants.id, r.merchantId ?? ""));
    expect(m).toMatchObject({ name: "Demo Shop", displayName: "Demo Café", brandColor: "#ffd000", termsUrl: "https://shop.example/terms", logoUrl: null, privacyUrl: null });
  });

  it("refuses branding the admin form would refuse", async () => {
    const db = await emptyDb();
    await expect(seedDemo(db, { ...base, branding: { logoUrl: "http://cdn.example/logo.png" } })).rejects.toThrow(/logoUrl/);
  });

  it("gives the second merchant its own sandbox accounts", async () => {
    const db = await emptyDb();
    await seedDemo(db, { ...base, otherMerchant: { adminEmail: "owner@second.test", adminPassword: "second-password" } });
    const rows = await db.select({ merchantId: providerAccounts.merchantId, provider: providerAccounts.provider }).from(providerAccounts);
    expect(new Set(rows.map((r) => r.merchantId)).size).toBe(2);
  });
});
