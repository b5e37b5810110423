import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ownedByMerchant } from "./columns";
import { operations } from "./operations";
import type { OperationStatus } from "@/lib/operations/status";

export type EventSource = "api" | "checkout" | "callback" | "poll" | "admin" | "system" | "webhook";
export type EventOutcome = "applied" | "duplicate" | "stale" | "ignored" | "recorded";

// Every callback, poll, admin action and transition, in the order received. A repeat
// of an event already seen is kept too (outcome "duplicate", dedupe_key null) so the
// history is complete while the unique key still guarantees one application.
export const operationEvents = pgTable(
  "operation_events",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    operationId: text("operation_id")
      .notNull()
      .references(() => operations.id),
    source: text("source").$type<EventSource>().notNull(),
    type: text("type").notNull(),
    outcome: text("outcome").$type<EventOutcome>().notNull(),
    fromStatus: text("from_status").$type<OperationStatus>(),
    toStatus: text("to_status").$type<OperationStatus>(),
    providerTime: timestamp("provider_time", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    dedupeKey: text("dedupe_key"),
    actor: text("actor"),
    payload: jsonb("payload").$type<unknown>(),
  },
  (t) => [
    uniqueIndex("operation_events_dedupe_uq").on(t.operationId, t.dedupeKey),
    index("operation_events_operation_idx").on(t.merchantId, t.operationId, t.receivedAt),
  ],
);
export type OperationEvent = typeof operationEvents.$inferSelect;
