import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { ownedByMerchant } from "./columns";
import { checkoutSessions } from "./checkout-sessions";
import { operations } from "./operations";

// The payer's page makes one attempt key per press of Pay; the same key always maps to
// the same operation, so a double-click, a reload or a network retry never pays twice.
export const checkoutAttempts = pgTable(
  "checkout_attempts",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => checkoutSessions.id),
    attemptKey: text("attempt_key").notNull(),
    ...ownedByMerchant,
    operationId: text("operation_id")
      .notNull()
      .references(() => operations.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.attemptKey] })],
);
export type CheckoutAttempt = typeof checkoutAttempts.$inferSelect;
