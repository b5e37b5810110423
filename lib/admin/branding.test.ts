import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createAdmin, createMerchant, createSession } from "@/test/factories";
import { auditLog } from "@/db/schema";
import { loadPaymentPage } from "@/lib/checkout/load-payment-page";
import { NO_BRANDING } from "@/lib/merchants/branding";
import { loadAdmin } from "./authenticate";
import type { AdminContext } from "./admin-context";
import { getBranding, updateBranding } from "./branding";

describe("admin branding", () => {
  let owner: AdminContext;
  let viewer: AdminContext;
  let otherOwner: AdminContext;
  let merchantId: string;
  beforeAll(async () => {
    await testDb();
    const m = await createMerchant({ name: "Nordlicht GmbH" });
    merchantId = m.merchant.id;
    const other = await createMerchant();
    const load = async (id: string) => (await loadAdmin(id)) ?? Promise.reject(new Error("no admin"));
    owner = await load((await createAdmin(m.merchant.id, "owner")).user.id);
    viewer = await load((await createAdmin(m.merchant.id, "viewer")).user.id);
    otherOwner = await load((await createAdmin(other.merchant.id, "owner")).user.id);
  });

  const branding = {
    displayName: "Nordlicht Café",
    logoUrl: "https://cdn.nordlicht.example/logo.svg",
    brandColor: "#ffd000",
    termsUrl: "https://nordlicht.example/terms",
    privacyUrl: "https://nordlicht.example/privacy",
  };

  it("lets an owner set it, audits what changed, and the hosted page shows it", async () => {
    const saved = await updateBranding(owner, branding);
    expect(saved.ok).toBe(true);
    expect(await getBranding(await testDb(), owner)).toEqual({ name: "Nordlicht GmbH", ...branding });

    const entries = await (await testDb()).select().from(auditLog).where(and(eq(auditLog.merchantId, merchantId), eq(auditLog.action, "merchant.branding_update")));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({ changes: { brandColor: { from: null, to: "#ffd000" }, displayName: { from: null, to: "Nordlicht Café" } } });
    expect(entries[0]?.actorEmail).toBe(owner.email);

    const session = await createSession(merchantId);
    const page = await loadPaymentPage(session.id);
    expect(page?.merchant).toMatchObject({ name: "Nordlicht Café", logoUrl: branding.logoUrl, termsUrl: branding.termsUrl, privacyUrl: branding.privacyUrl });
    expect(page?.merchant.palette).toMatchObject({ chosen: "#ffd000", adjusted: true });
  });

  it("writes no audit entry when nothing changed", async () => {
    const db = await testDb();
    const count = async () => (await db.select().from(auditLog).where(eq(auditLog.merchantId, merchantId))).length;
    const before = await count();
    expect((await updateBranding(owner, branding)).ok).toBe(true);
    expect(await count()).toBe(before);
  });

  it("refuses a viewer and never touches another merchant", async () => {
    const refused = await updateBranding(viewer, NO_BRANDING);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("forbidden");
    expect((await updateBranding(otherOwner, { ...NO_BRANDING, displayName: "Hijack" })).ok).toBe(true);
    expect((await getBranding(await testDb(), owner)).displayName).toBe("Nordlicht Café");
  });

  it("clearing it brings back the merchant's name and the checkout's colour", async () => {
    expect((await updateBranding(owner, NO_BRANDING)).ok).toBe(true);
    const page = await loadPaymentPage((await createSession(merchantId)).id);
    expect(page?.merchant).toMatchObject({ name: "Nordlicht GmbH", logoUrl: null, palette: null, termsUrl: null, privacyUrl: null });
  });
});
