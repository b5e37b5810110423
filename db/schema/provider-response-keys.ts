import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Our own key pairs that providers encrypt their answers to (Fenige's X-Encryption-Public-Key).
// The newest unretired key is current; the private key is sealed at rest (lib/crypto/secret-box).
// An answer comes back on the request that named the key, so a retired key is only kept
// for the requests in flight when it was replaced.
export const providerResponseKeys = pgTable("provider_response_keys", {
  kid: text("kid").primaryKey(),
  publicPem: text("public_pem").notNull(),
  privateKeySealed: text("private_key_sealed").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
});
export type ProviderResponseKey = typeof providerResponseKeys.$inferSelect;
