import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

// Sliding-window rate-limit counters in Postgres so every instance shares one limit. A key's
// window is cut into buckets; a busy key spreads each bucket over shards so no single row
// takes every hit (docs/adr/0011-rate-limit.md). `expires_at` is when the bucket has left
// every window, for pruning.
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    key: text("key").notNull(),
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    shard: integer("shard").notNull(),
    count: integer("count").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.bucketStart, t.shard] }), index("rate_limit_buckets_expires_idx").on(t.expiresAt)],
);
