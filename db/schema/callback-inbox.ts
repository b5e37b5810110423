import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ownedByMerchant } from "./columns";
import { operations } from "./operations";

// Provider callbacks accepted and not yet applied (lib/operations/callback-inbox.ts). A row
// is one delivery: the facts its read-back gave and what the history keeps of it. It is
// deleted by the transaction that applies it, so what is here is the backlog. Ids are
// time-ordered (UUIDv7), so the primary key is also the arrival order.
export const callbackInbox = pgTable(
  "callback_inbox",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    operationId: text("operation_id")
      .notNull()
      .references(() => operations.id),
    sessionId: text("session_id").notNull(),
    actor: text("actor").notNull(),
    // ProviderUpdate[] with providerTime as an ISO string.
    updates: jsonb("updates").$type<unknown[]>().notNull(),
    // The history row of the delivery itself (callback_received), written with its outcome.
    delivery: jsonb("delivery").$type<Record<string, unknown>>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("callback_inbox_available_idx").on(t.availableAt)],
);
export type CallbackInboxRow = typeof callbackInbox.$inferSelect;
