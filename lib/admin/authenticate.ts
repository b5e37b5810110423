import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { adminUsers, merchants } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/crypto/password";
import { hit, reset } from "@/lib/security/rate-limit";
import { err, ok, type Result } from "@/lib/result";
import { log } from "@/lib/log";
import type { AdminContext } from "./admin-context";

// Limits on sign-in attempts: per account (guessing one password) and per client address
// (spraying many accounts). Both are counted in Postgres so every instance shares them.
export const SIGN_IN_LIMITS = {
  perEmail: { limit: 10, windowMs: 15 * 60_000 },
  perIp: { limit: 50, windowMs: 15 * 60_000 },
} as const;

let dummyHash: Promise<string> | null = null;

/**
 * Check an email and password. An unknown email costs the same scrypt work as a wrong
 * password so response times do not reveal which accounts exist.
 */
export async function authenticateAdmin(input: { email: string; password: string; ip: string | null }): Promise<Result<AdminContext>> {
  const email = input.email.trim().toLowerCase();
  const byIp = input.ip ? await hit(`admin-login:ip:${input.ip}`, SIGN_IN_LIMITS.perIp.limit, SIGN_IN_LIMITS.perIp.windowMs) : null;
  const byEmail = await hit(`admin-login:email:${email}`, SIGN_IN_LIMITS.perEmail.limit, SIGN_IN_LIMITS.perEmail.windowMs);
  const refused = [byIp, byEmail].find((d) => d && !d.allowed);
  if (refused) {
    log.warn("admin sign-in rate limited", { email, ip: input.ip });
    return err(new AppError("rate_limited", "Too many sign-in attempts. Wait a few minutes and try again.", { retryAfterSeconds: refused.retryAfterSeconds }));
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
  await reset(`admin-login:email:${email}`);
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
