import { pgTable, text } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import type { ProviderName } from "@/lib/providers/names";

export const merchants = pgTable("merchants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  logoUrl: text("logo_url"),
  defaultProvider: text("default_provider").$type<ProviderName>().notNull().default("onramp"),
  ...timestamps,
});
export type Merchant = typeof merchants.$inferSelect;
