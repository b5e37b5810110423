import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ownedByMerchant } from "./columns";
import { operations } from "./operations";

// Card data a payer typed for a card the provider already knows (a wallet card's security
// code and expiry), held only between the press of Pay and the one provider call that sends
// it, across the 3-D Secure steps in between. The value is the browser's own JWE to the
// checkout's card key: never decrypted here, deleted when taken or when it expires.
export const heldCardData = pgTable("held_card_data", {
  operationId: text("operation_id")
    .primaryKey()
    .references(() => operations.id),
  ...ownedByMerchant,
  jwe: text("jwe").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type HeldCardData = typeof heldCardData.$inferSelect;
