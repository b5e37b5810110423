import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ownedByMerchant, timestamps } from "./columns";
import type { ProviderName } from "@/lib/providers/names";

// One account per merchant and provider. Credentials are a sealed JWE (lib/crypto/secret-box).
export const providerAccounts = pgTable(
  "provider_accounts",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    provider: text("provider").$type<ProviderName>().notNull(),
    baseUrl: text("base_url").notNull(),
    credentialsSealed: text("credentials_sealed").notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("provider_accounts_merchant_provider_uq").on(t.merchantId, t.provider)],
);
export type ProviderAccount = typeof providerAccounts.$inferSelect;
