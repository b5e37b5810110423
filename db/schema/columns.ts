import { text, timestamp } from "drizzle-orm/pg-core";
import { merchants } from "./merchants";

// Column sets every table shares. Times are timestamptz; ids are generated in code
// (lib/ids.ts) so the SQL runs unchanged on Postgres 15 and PGlite.
export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
};

export const ownedByMerchant = {
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
};
