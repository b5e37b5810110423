import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ownedByMerchant } from "./columns";

export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    actorId: text("actor_id").notNull(),
    actorEmail: text("actor_email").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_merchant_created_idx").on(t.merchantId, t.createdAt.desc(), t.id.desc())],
);
export type AuditEntry = typeof auditLog.$inferSelect;
