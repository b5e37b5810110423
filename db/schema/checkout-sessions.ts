import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ownedByMerchant, timestamps } from "./columns";
import type { ProviderName } from "@/lib/providers/names";
import type { SessionStatus } from "@/lib/checkout/session-status";
import type { CustomerDetails } from "@/lib/checkout/customer";
import type { Locale } from "@/lib/i18n/locales";

export const checkoutSessions = pgTable(
  "checkout_sessions",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    status: text("status").$type<SessionStatus>().notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    customerId: text("customer_id").notNull(),
    customer: jsonb("customer").$type<CustomerDetails>(),
    successUrl: text("success_url").notNull(),
    cancelUrl: text("cancel_url").notNull(),
    description: text("description"),
    // The payer page's language when the payer has not chosen one (lib/i18n/locales.ts).
    locale: text("locale").$type<Locale>(),
    provider: text("provider").$type<ProviderName>().notNull(),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    // The operation that settled the session, once one did.
    operationId: text("operation_id"),
    ...timestamps,
  },
  (t) => [
    index("checkout_sessions_merchant_created_idx").on(t.merchantId, t.createdAt, t.id),
    index("checkout_sessions_open_expiry_idx").on(t.status, t.expiresAt),
  ],
);
export type CheckoutSession = typeof checkoutSessions.$inferSelect;
