import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";
import { adminSessions, adminUsers, merchants, type AdminRole } from "@/db/schema";
import { newId } from "@/lib/ids";
import type { AdminContext } from "./admin-context";

// Server-side admin sessions. The next-auth cookie is a signed token that only carries the
// session id; whether it still opens the admin is decided here on every request, so ending
// a session takes effect at once on every instance. A session ends on sign-out, when the
// admin's role changes (the row keeps the role it was opened with), when the admin is
// removed (rows cascade), and after SESSION_MAX_AGE_SECONDS without use.

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
// Sliding expiry is written at most this often per session, not on every request.
const EXTEND_AFTER_SECONDS = 15 * 60;

export async function startAdminSession(admin: { id: string; merchantId: string; role: AdminRole }, db?: Queryable): Promise<string> {
  const q = db ?? (await getDb());
  const id = newId("adminSession");
  await q.insert(adminSessions).values({
    id,
    merchantId: admin.merchantId,
    adminUserId: admin.id,
    role: admin.role,
    expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
  });
  return id;
}

/** Sign-out: this session stops working everywhere, whatever copies of the cookie exist. */
export async function endAdminSession(sessionId: string, db?: Queryable): Promise<void> {
  const q = db ?? (await getDb());
  await q
    .update(adminSessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(adminSessions.id, sessionId), isNull(adminSessions.endedAt)));
}

/**
 * The admin a live session belongs to, read fresh (role, merchant), or null when the
 * session is unknown, ended, expired, or the admin's role is no longer the one it was
 * opened with. The session id is the credential: the query needs no merchant id.
 */
export async function loadSessionAdmin(sessionId: string): Promise<AdminContext | null> {
  const db = await getDb();
  const [row] = await db
    .select({ session: adminSessions, user: adminUsers, merchantName: merchants.name })
    .from(adminSessions)
    .innerJoin(adminUsers, and(eq(adminUsers.id, adminSessions.adminUserId), eq(adminUsers.merchantId, adminSessions.merchantId)))
    .innerJoin(merchants, eq(merchants.id, adminUsers.merchantId))
    .where(and(eq(adminSessions.id, sessionId), isNull(adminSessions.endedAt), gt(adminSessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!row) return null;
  if (row.session.role !== row.user.role) {
    // Ended for good: changing the role back later does not revive it.
    await endAdminSession(sessionId, db);
    return null;
  }
  const refreshBefore = new Date(Date.now() + (SESSION_MAX_AGE_SECONDS - EXTEND_AFTER_SECONDS) * 1000);
  if (row.session.expiresAt < refreshBefore) {
    await db
      .update(adminSessions)
      .set({ expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) })
      .where(and(eq(adminSessions.id, sessionId), isNull(adminSessions.endedAt), lt(adminSessions.expiresAt, refreshBefore)));
  }
  const u = row.user;
  return { id: u.id, email: u.email, name: u.name, role: u.role, merchantId: u.merchantId, merchantName: row.merchantName };
}
