import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createAdmin, createMerchant } from "@/test/factories";
import { adminSessions, adminUsers } from "@/db/schema";
import { authenticateAdmin, SIGN_IN_LIMITS } from "./authenticate";
import type { Session, User } from "next-auth";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-header";
import { authOptions } from "./auth-options";
import { resolveAdmin } from "./require-admin";
import { endAdminSession, SESSION_MAX_AGE_SECONDS, startAdminSession } from "./sessions";
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

  it("locks out the address that guesses, not the account: the owner elsewhere still gets in", async () => {
    const a = await createAdmin(merchantId, "owner", "right password here");
    const attacker = "198.51.100.10";
    const [first] = SIGN_IN_LIMITS.perAccountAndIp;
    for (let i = 0; i < (first?.limit ?? 0); i++) {
      const r = await authenticateAdmin({ email: a.email, password: `guess ${i}`, ip: attacker });
      expect(!r.ok && r.error.code).toBe("unauthenticated");
    }
    // The guessing address is refused even with the right password...
    const blocked = await authenticateAdmin({ email: a.email, password: "right password here", ip: attacker });
    expect(!blocked.ok && blocked.error.code).toBe("rate_limited");
    expect(!blocked.ok && blocked.error.retryAfterSeconds).toBeGreaterThan(0);
    // ...while the owner on their own address signs in, and after that keeps working.
    const owner = await authenticateAdmin({ email: a.email, password: "right password here", ip: "203.0.113.200" });
    expect(owner.ok).toBe(true);
    // Guesses spread over many addresses lock nobody out either.
    for (let i = 0; i < 12; i++) await authenticateAdmin({ email: a.email, password: `guess ${i}`, ip: `192.0.2.${i + 1}` });
    expect((await authenticateAdmin({ email: a.email, password: "right password here", ip: "203.0.113.201" })).ok).toBe(true);
  });

  it("backs off: an address that keeps failing waits longer at each step", async () => {
    const a = await createAdmin(merchantId, "owner", "right password here");
    const ip = "198.51.100.11";
    const db = await testDb();
    const steps = SIGN_IN_LIMITS.perAccountAndIp;
    const retryAfter = async () => {
      const r = await authenticateAdmin({ email: a.email, password: "wrong", ip });
      return r.ok || r.error.code !== "rate_limited" ? 0 : (r.error.retryAfterSeconds ?? 0);
    };
    // Which step a wait belongs to, by its length (each step's window is much longer).
    const stepOf = (wait: number) => steps.findIndex((r) => wait <= r.windowMs / 1000);
    // Time passing for the steps up to `upTo`: their windows end.
    const pass = async (upTo: number) => {
      for (let step = 0; step <= upTo; step++) {
        // A whole window later none of the step's hits is inside it any more.
        await db.execute(sql`delete from rate_limit_buckets where key = ${`admin-login:pair:${step}:${a.email}|${ip}`}`);
      }
    };
    const waits: number[] = [];
    for (let target = 0; target < steps.length; target++) {
      for (let i = 0; i < 50; i++) {
        const wait = await retryAfter();
        if (wait === 0) continue;
        if (stepOf(wait) < target) {
          await pass(stepOf(wait));
          continue;
        }
        waits.push(wait);
        break;
      }
      await pass(target);
    }
    expect(waits.map(stepOf)).toEqual([0, 1, 2]);
    expect(waits[0]).toBeLessThanOrEqual(60);
    expect(waits[2]).toBeGreaterThan(15 * 60);
    // Through all of it, the right password from another address works.
    expect((await authenticateAdmin({ email: a.email, password: "right password here", ip: "203.0.113.202" })).ok).toBe(true);
  }, 60_000);

  it("rate-limits one address spraying many accounts", async () => {
    const ip = "192.0.2.77";
    let last = null;
    for (let i = 0; i <= SIGN_IN_LIMITS.perIp.limit; i++) last = await authenticateAdmin({ email: `spray${i}@example.test`, password: "x", ip });
    expect(last && !last.ok && last.error.code).toBe("rate_limited");
  }, 120_000);

  it("resolves a live server-side session to its admin, and refuses missing, unknown or too-weak ones", async () => {
    const owner = await createAdmin(merchantId, "owner");
    const viewer = await createAdmin(merchantId, "viewer");
    const ownerSession = await startAdminSession({ id: owner.user.id, merchantId, role: "owner" });
    const viewerSession = await startAdminSession({ id: viewer.user.id, merchantId, role: "viewer" });
    expect(await resolveAdmin(null)).toBe("signed_out");
    expect(await resolveAdmin("ads_doesnotexist")).toBe("signed_out");
    // An admin id is not a session: the cookie must name a session row.
    expect(await resolveAdmin(owner.user.id)).toBe("signed_out");
    expect(await resolveAdmin(viewerSession, "owner")).toBe("forbidden");
    expect(await resolveAdmin(viewerSession)).toMatchObject({ role: "viewer", merchantId });
    expect(await resolveAdmin(ownerSession, "owner")).toMatchObject({ id: owner.user.id, role: "owner", merchantId });
  });

  it("ends sessions on the server: sign-out, role change, removal, expiry", async () => {
    const db = await testDb();
    const admin = await createAdmin(merchantId, "owner");
    const signIn = () => startAdminSession({ id: admin.user.id, merchantId, role: "owner" });

    // Sign-out ends that session, not the admin's other ones.
    const [laptop, phone] = [await signIn(), await signIn()];
    await endAdminSession(laptop);
    expect(await resolveAdmin(laptop)).toBe("signed_out");
    expect(await resolveAdmin(phone)).toMatchObject({ id: admin.user.id });

    // A role change ends every session opened with the old role, for good.
    await db.update(adminUsers).set({ role: "viewer" }).where(eq(adminUsers.id, admin.user.id));
    expect(await resolveAdmin(phone)).toBe("signed_out");
    await db.update(adminUsers).set({ role: "owner" }).where(eq(adminUsers.id, admin.user.id));
    expect(await resolveAdmin(phone)).toBe("signed_out");

    // Expired sessions are over; live ones slide forward when used.
    const stale = await signIn();
    await db.update(adminSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(adminSessions.id, stale));
    expect(await resolveAdmin(stale)).toBe("signed_out");
    const used = await signIn();
    await db.update(adminSessions).set({ expiresAt: new Date(Date.now() + 60_000) }).where(eq(adminSessions.id, used));
    expect(await resolveAdmin(used)).toMatchObject({ id: admin.user.id });
    const [slid] = await db.select().from(adminSessions).where(eq(adminSessions.id, used));
    expect(slid?.expiresAt.getTime()).toBeGreaterThan(Date.now() + (SESSION_MAX_AGE_SECONDS - 60) * 1000);

    // Removing the admin removes their sessions.
    const last = await signIn();
    await db.delete(adminUsers).where(eq(adminUsers.id, admin.user.id));
    expect(await resolveAdmin(last)).toBe("signed_out");
    expect(await db.select().from(adminSessions).where(eq(adminSessions.adminUserId, admin.user.id))).toEqual([]);
  });

  it("next-auth sign-in opens a server-side session and its sign-out ends it, cookie or not", async () => {
    const admin = await createAdmin(merchantId, "owner", "next-auth password");
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: Record<string, string>, r: { headers: Record<string, string> }) => Promise<User> } };
    const user = await provider.options.authorize({ email: admin.email, password: "next-auth password" }, { headers: { [PEER_ADDRESS_HEADER]: "203.0.113.210" } });
    const jwt = authOptions.callbacks?.jwt;
    const token = jwt ? await jwt({ token: {}, user, account: null, trigger: "signIn" }) : {};
    expect(token).toMatchObject({ adminId: admin.user.id, sessionId: user.sessionId });
    const sessionId = typeof token.sessionId === "string" ? token.sessionId : null;
    expect(await resolveAdmin(sessionId)).toMatchObject({ id: admin.user.id });
    await authOptions.events?.signOut?.({ token, session: {} as Session });
    // The same token (a replayed cookie) opens nothing any more.
    expect(await resolveAdmin(sessionId)).toBe("signed_out");
  });

  it("redirects after sign-in only within the app, and never fails on a malformed callbackUrl", async () => {
    const redirect = authOptions.callbacks?.redirect;
    const to = (url: string) => (redirect ? redirect({ url, baseUrl: "https://pay.example" }) : "");
    expect(await to("/admin/operations")).toBe("https://pay.example/admin/operations");
    expect(await to("https://pay.example/admin")).toBe("https://pay.example/admin");
    for (const url of ["0", "", "https://evil.example/admin", "//evil.example", "javascript:alert(1)"]) expect(await to(url)).toBe("https://pay.example");
  });

  it("only sends signed-in admins to admin paths", () => {
    expect(safeAdminPath("/admin/operations?status=declined")).toBe("/admin/operations?status=declined");
    expect(safeAdminPath("https://evil.example/admin")).toBe("/admin/operations");
    expect(safeAdminPath("//evil.example")).toBe("/admin/operations");
    expect(safeAdminPath("/admin/login")).toBe("/admin/operations");
    expect(safeAdminPath(null)).toBe("/admin/operations");
  });
});
