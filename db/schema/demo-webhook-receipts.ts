import { boolean, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// What the demo shop's webhook receiver got: it stands in for a merchant's own server,
// so it is not owned by a merchant row. Every receipt is kept, duplicates included, so
// retries are visible on /demo/webhooks.
export const demoWebhookReceipts = pgTable(
  "demo_webhook_receipts",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id"),
    eventType: text("event_type"),
    verified: boolean("verified").notNull(),
    error: text("error"),
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("demo_webhook_receipts_received_idx").on(t.receivedAt.desc())],
);
export type DemoWebhookReceipt = typeof demoWebhookReceipts.$inferSelect;
