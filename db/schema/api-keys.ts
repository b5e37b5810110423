import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ownedByMerchant, timestamps } from "./columns";

// Only the SHA-256 of a key is stored; `prefix` is the part shown in lists so a
// merchant can tell keys apart without the secret.
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("api_keys_key_hash_uq").on(t.keyHash), index("api_keys_merchant_idx").on(t.merchantId, t.createdAt)],
);
export type ApiKey = typeof apiKeys.$inferSelect;

