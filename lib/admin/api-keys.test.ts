import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createAdmin, createMerchant } from "@/test/factories";
import { auditLog } from "@/db/schema";
import { authenticateMerchant } from "@/lib/merchant-api/authenticate";
import { loadAdmin } from "./authenticate";
import type { AdminContext } from "./admin-context";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { listAudit } from "./audit";

describe("admin API keys", () => {
  let owner: AdminContext;
  let viewer: AdminContext;
  let otherOwner: AdminContext;
  beforeAll(async () => {
    await testDb();
    const m = await createMerchant();
    const other = await createMerchant();
    const load = async (id: string) => (await loadAdmin(id)) ?? Promise.reject(new Error("no admin"));
    owner = await load((await createAdmin(m.merchant.id, "owner")).user.id);
    viewer = await load((await createAdmin(m.merchant.id, "viewer")).user.id);
    otherOwner = await load((await createAdmin(other.merchant.id, "owner")).user.id);
  });

  it("creates a key shown once that authenticates, lists it by prefix, and revokes it", async () => {
    const created = await createApiKey(owner, { name: "Server" });
    if (!created.ok) throw created.error;
    const { key, summary } = created.value;
    expect(key.startsWith(summary.prefix)).toBe(true);
    expect((await authenticateMerchant(`Bearer ${key}`)).ok).toBe(true);
    const listed = await listApiKeys(await testDb(), owner);
    expect(listed.find((k) => k.id === summary.id)).toMatchObject({ name: "Server", prefix: summary.prefix, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key);

    expect((await revokeApiKey(otherOwner, { keyId: summary.id })).ok).toBe(false);
    expect((await revokeApiKey(viewer, { keyId: summary.id })).ok).toBe(false);
    expect((await authenticateMerchant(`Bearer ${key}`)).ok).toBe(true);

    expect((await revokeApiKey(owner, { keyId: summary.id })).ok).toBe(true);
    expect((await authenticateMerchant(`Bearer ${key}`)).ok).toBe(false);
    const audit = await (await testDb()).select().from(auditLog).where(eq(auditLog.targetId, summary.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["api_key.create", "api_key.revoke"]);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it("refuses a viewer", async () => {
    const r = await createApiKey(viewer, { name: "Nope" });
    expect(!r.ok && r.error.code).toBe("forbidden");
  });

  it("pages the audit log by keyset within the merchant", async () => {
    for (let i = 0; i < 5; i++) await createApiKey(owner, { name: `k${i}` });
    const first = await listAudit(await testDb(), { merchantId: owner.merchantId, limit: 3 });
    expect(first.rows).toHaveLength(3);
    const second = await listAudit(await testDb(), { merchantId: owner.merchantId, after: first.next, limit: 3 });
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const others = await listAudit(await testDb(), { merchantId: otherOwner.merchantId });
    expect(others.rows).toHaveLength(0);
  });
});
