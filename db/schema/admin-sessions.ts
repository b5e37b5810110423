import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ownedByMerchant } from "./columns";
import { adminUsers, type AdminRole } from "./admin-users";

// One row per admin sign-in. The signed session cookie only names a row here; a request
// is an admin's only while the row is live, so sign-out, a role change or removing the
// admin ends the session on the server, whatever the cookie says.
export const adminSessions = pgTable(
  "admin_sessions",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    adminUserId: text("admin_user_id")
      .notNull()
      .references(() => adminUsers.id, { onDelete: "cascade" }),
    // The role at sign-in: a session never outlives a change of role.
    role: text("role").$type<AdminRole>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("admin_sessions_admin_user_idx").on(t.adminUserId)],
);
export type AdminSession = typeof adminSessions.$inferSelect;
