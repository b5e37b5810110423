import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { JWK } from "jose";

// Key pairs the payer's browser encrypts card data to (JWE RSA-OAEP-256 + A256GCM).
// The newest unretired key is current; a retired key still decrypts until expires_at so
// a page loaded just before a rotation can still pay. The private key is sealed at rest.
export const cardEncryptionKeys = pgTable(
  "card_encryption_keys",
  {
    kid: text("kid").primaryKey(),
    publicJwk: jsonb("public_jwk").$type<JWK>().notNull(),
    privateKeySealed: text("private_key_sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    // Set when retired: after this the key no longer decrypts and may be deleted.
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [index("card_encryption_keys_created_idx").on(t.createdAt)],
);
export type CardEncryptionKey = typeof cardEncryptionKeys.$inferSelect;
