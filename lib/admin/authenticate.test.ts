import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createAdmin, createMerchant } from "@/test/factories";
import { adminUsers } from "@/db/schema";
import { authenticateAdmin, SIGN_IN_LIMITS } from "./authenticate";
import { resolveAdmin } from "./require-admin";
import { safeAdminPath } from "./safe-next";

describe("admin sign-in and guard", () => {
  let merchantId: string;
  beforeAll(async () => {
    await testDb();
    merchantId = (await createMerchant()).merchant.id;
  });

  it("signs in with the right password (any email case) and records the time", async () => {
    const a = await createAdmin(merchantId, "owner", "a long enough password");
    const r = await authenticateAdmin({ email: a.email.toUpperCase(), password: "a long enough password", ip: "203.0.113.1" });
    expect(r.ok && r.value).toMatchObject({ id: a.user.id, role: "owner", merchantId });
    const [row] = await (await testDb()).select().from(adminUsers).where(eq(adminUsers.id, a.user.id));
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
  });

  it("refuses a wrong password and an unknown email with the same message", async () => {
    const a = await createAdmin(merchantId, "viewer", "the real password");
    const wrong = await authenticateAdmin({ email: a.email, password: "not it", ip: "203.0.113.2" });
    const unknown = await authenticateAdmin({ email: "nobody@example.test", password: "x", ip: "203.0.113.2" });
    expect(!wrong.ok && wrong.error.code).toBe("unauthenticated");
    expect(!unknown.ok && unknown.error.message).toBe(!wrong.ok && wrong.error.message);
  });

  it("rate-limits repeated attempts on one account, even with the right password afterwards", async () => {
    const a = await createAdmin(merchantId, "owner", "right password here");
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.limit; i++) {
      const r = await authenticateAdmin({ email: a.email, password: `guess ${i}`, ip: `198.51.100.${i}` });
      expect(!r.ok && r.error.code).toBe("unauthenticated");
    }
    const blocked = await authenticateAdmin({ email: a.email, password: "right password here", ip: "198.51.100.200" });
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) {
      expect(blocked.error.code).toBe("rate_limited");
      expect(blocked.error.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it("rate-limits one address spraying many accounts", async () => {
    const ip = "192.0.2.77";
    let last = null;
    for (let i = 0; i <= SIGN_IN_LIMITS.perIp.limit; i++) last = await authenticateAdmin({ email: `spray${i}@example.test`, password: "x", ip });
    expect(last && !last.ok && last.error.code).toBe("rate_limited");
  }, 120_000);

  it("resolves a session to a live admin, and refuses missing, removed or too-weak ones", async () => {
    const owner = await createAdmin(merchantId, "owner");
    const viewer = await createAdmin(merchantId, "viewer");
    expect(await resolveAdmin(null)).toBe("signed_out");
    expect(await resolveAdmin("adm_doesnotexist")).toBe("signed_out");
    expect(await resolveAdmin(viewer.user.id, "owner")).toBe("forbidden");
    expect(await resolveAdmin(viewer.user.id)).toMatchObject({ role: "viewer", merchantId });
    expect(await resolveAdmin(owner.user.id, "owner")).toMatchObject({ role: "owner", merchantId });
    // A role change counts on the next request, not when the session ends.
    await (await testDb()).update(adminUsers).set({ role: "viewer" }).where(eq(adminUsers.id, owner.user.id));
    expect(await resolveAdmin(owner.user.id, "owner")).toBe("forbidden");
  });

  it("only sends signed-in admins to admin paths", () => {
    expect(safeAdminPath("/admin/operations?status=declined")).toBe("/admin/operations?status=declined");
    expect(safeAdminPath("https://evil.example/admin")).toBe("/admin/operations");
    expect(safeAdminPath("//evil.example")).toBe("/admin/operations");
    expect(safeAdminPath("/admin/login")).toBe("/admin/operations");
    expect(safeAdminPath(null)).toBe("/admin/operations");
  });
});
