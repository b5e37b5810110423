import { pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ownedByMerchant, timestamps } from "./columns";

export type AdminRole = "owner" | "viewer";

export const adminUsers = pgTable(
  "admin_users",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<AdminRole>().notNull(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("admin_users_email_uq").on(t.email)],
);
export type AdminUser = typeof adminUsers.$inferSelect;
