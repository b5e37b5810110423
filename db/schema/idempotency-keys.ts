import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { ownedByMerchant } from "./columns";

// A POST's first answer, kept for replay. `request_hash` covers method, path and body so
// the same key with another request is refused.
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    ...ownedByMerchant,
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    state: text("state").$type<"in_flight" | "completed">().notNull(),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body").$type<unknown>(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);
