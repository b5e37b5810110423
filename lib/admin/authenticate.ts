import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { adminUsers, merchants } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/crypto/password";
import { hit, reset } from "@/lib/security/rate-limit";
import { err, ok, type Result } from "@/lib/result";
import { log } from "@/lib/log";
import type { AdminContext } from "./admin-context";

// Limits on sign-in attempts, counted in Postgres so every instance shares them. Guessing
// is limited per (account, client address) pair, with a backoff: each step is a longer
// window, so an address that keeps failing waits a minute, then a quarter of an hour, then
// a day. One address spraying many accounts is limited on its own. No limit is per account
// alone: failures from anywhere else must not lock the owner out of their own account.
export const SIGN_IN_LIMITS = {
  perAccountAndIp: [
    { limit: 5, windowMs: 60_000 },
    { limit: 10, windowMs: 15 * 60_000 },
    { limit: 20, windowMs: 24 * 60 * 60_000 },
  ],
  perIp: { limit: 50, windowMs: 15 * 60_000 },
} as const;

const pairLimits = (email: string, ip: string) =>
  SIGN_IN_LIMITS.perAccountAndIp.map((rule, step) => ({ key: `admin-login:pair:${step}:${email}|${ip}`, ...rule }));

let dummyHash: Promise<string> | null = null;

/**
 * Check an email and password. An unknown email costs the same scrypt work as a wrong
 * password so response times do not reveal which accounts exist.
 */
export async function authenticateAdmin(input: { email: string; password: string; ip: string }): Promise<Result<AdminContext>> {
  const email = input.email.trim().toLowerCase();
  const decisions = [await hit(`admin-login:ip:${input.ip}`, SIGN_IN_LIMITS.perIp.limit, SIGN_IN_LIMITS.perIp.windowMs)];
  const pairs = pairLimits(email, input.ip);
  for (const pair of pairs) decisions.push(await hit(pair.key, pair.limit, pair.windowMs));
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length > 0) {
    log.warn("admin sign-in rate limited", { email, ip: input.ip });
    const retryAfterSeconds = Math.max(...refused.map((d) => d.retryAfterSeconds));
    return err(new AppError("rate_limited", "Too many sign-in attempts. Wait a few minutes and try again.", { retryAfterSeconds }));
  }
  const db = await getDb();
  const [row] = await db
    .select({ user: adminUsers, merchantName: merchants.name })
    .from(adminUsers)
    .innerJoin(merchants, eq(merchants.id, adminUsers.merchantId))
    .where(sql`lower(${adminUsers.email}) = ${email}`)
    .limit(1);
  dummyHash ??= hashPassword("not a real password");
  const valid = await verifyPassword(input.password, row?.user.passwordHash ?? (await dummyHash));
  if (!row || !valid) {
    log.info("admin sign-in refused", { email, ip: input.ip });
    return err(new AppError("unauthenticated", "The email or password is not right."));
  }
  await db.update(adminUsers).set({ lastLoginAt: new Date() }).where(eq(adminUsers.id, row.user.id));
  for (const pair of pairs) await reset(pair.key);
  log.info("admin signed in", { adminId: row.user.id, merchantId: row.user.merchantId });
  return ok({
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.user.role,
    merchantId: row.user.merchantId,
    merchantName: row.merchantName,
  });
}

/** The admin behind a session, read fresh so a removed account or changed role counts at once. */
export async function loadAdmin(adminId: string): Promise<AdminContext | null> {
  const db = await getDb();
  const [row] = await db
    .select({ user: adminUsers, merchantName: merchants.name })
    .from(adminUsers)
    .innerJoin(merchants, eq(merchants.id, adminUsers.merchantId))
    .where(eq(adminUsers.id, adminId))
    .limit(1);
  if (!row) return null;
  return { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role, merchantId: row.user.merchantId, merchantName: row.merchantName };
}
