import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { auditLog, type AuditEntry } from "@/db/schema";
import { newId } from "@/lib/ids";
import { redact } from "@/lib/log";
import type { AdminContext } from "./admin-context";

export type AuditAction =
  | "operation.cancel"
  | "operation.refresh"
  | "operation.approve"
  | "operation.reject"
  | "api_key.create"
  | "api_key.revoke"
  | "merchant.branding_update";

/** Record what an admin did, to what, and how it went. Details are redacted like logs. */
export async function writeAudit(
  db: Queryable,
  admin: AdminContext,
  entry: { action: AuditAction; targetType: string; targetId: string; details?: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditLog).values({
    id: newId("audit"),
    merchantId: admin.merchantId,
    actorId: admin.id,
    actorEmail: admin.email,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: redact(entry.details ?? {}) as Record<string, unknown>,
  });
}

export interface AuditPage {
  rows: AuditEntry[];
  next: string | null;
}

/** The merchant's audit log, newest first, keyset-paginated on (created_at, id). */
export async function listAudit(db: Queryable, args: { merchantId: string; after?: string | null; limit?: number }): Promise<AuditPage> {
  const limit = args.limit ?? 50;
  const where = [eq(auditLog.merchantId, args.merchantId)];
  const cursor = decodeAuditCursor(args.after);
  if (cursor) where.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id})`);
  const raw = await db
    .select({ entry: auditLog, ts: sql<string>`${auditLog.createdAt}::text` })
    .from(auditLog)
    .where(and(...where))
    // Matches audit_log_merchant_created_idx (DESC NULLS LAST) so the index gives the order.
    .orderBy(sql`${auditLog.createdAt} desc nulls last`, sql`${auditLog.id} desc nulls last`)
    .limit(limit + 1);
  const page = raw.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => r.entry),
    next: raw.length > limit && last ? Buffer.from(`${last.ts}|${last.entry.id}`).toString("base64url") : null,
  };
}

function decodeAuditCursor(value: string | null | undefined): { createdAt: string; id: string } | null {
  if (!value || value.length > 200) return null;
  const text = Buffer.from(value, "base64url").toString("utf8");
  const bar = text.lastIndexOf("|");
  const createdAt = text.slice(0, bar);
  const id = text.slice(bar + 1);
  if (bar < 1 || !/^\d{4}-\d{2}-\d{2} [\d:.]+[+-][\d:]+$/.test(createdAt) || !/^aud_[0-9a-f]{32}$/.test(id)) return null;
  return { createdAt, id };
}
