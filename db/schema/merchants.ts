import { pgTable, text } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import type { ProviderName } from "@/lib/providers/names";

export const merchants = pgTable("merchants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  // Branding the hosted page shows (lib/merchants/branding.ts validates it): the name
  // payers see (else `name`), an https logo, a #rrggbb colour and the merchant's legal links.
  displayName: text("display_name"),
  logoUrl: text("logo_url"),
  brandColor: text("brand_color"),
  termsUrl: text("terms_url"),
  privacyUrl: text("privacy_url"),
  defaultProvider: text("default_provider").$type<ProviderName>().notNull().default("onramp"),
  ...timestamps,
});
export type Merchant = typeof merchants.$inferSelect;
