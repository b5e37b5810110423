import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ownedByMerchant, timestamps } from "./columns";
import { checkoutSessions } from "./checkout-sessions";
import type { ProviderName } from "@/lib/providers/names";
import type { OperationStatus } from "@/lib/operations/status";
import type { ConnectorState, NextAction, ThreeDsFacts } from "@/lib/providers/types";

// One row per payment attempt. Card data is limited to brand, first six and last four.
export const operations = pgTable(
  "operations",
  {
    id: text("id").primaryKey(),
    ...ownedByMerchant,
    sessionId: text("session_id")
      .notNull()
      .references(() => checkoutSessions.id),
    provider: text("provider").$type<ProviderName>().notNull(),
    providerReference: text("provider_reference"),
    status: text("status").$type<OperationStatus>().notNull(),
    providerStatus: text("provider_status"),
    paymentMethod: text("payment_method").$type<"card" | "bank" | "wallet" | "invoice">().notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    customerId: text("customer_id").notNull(),
    cardBrand: text("card_brand"),
    cardFirst6: text("card_first6"),
    cardLast4: text("card_last4"),
    threeDs: jsonb("three_ds").$type<ThreeDsFacts>(),
    nextAction: jsonb("next_action").$type<NextAction>(),
    // The connector's own per-operation facts (authentication id, order id), see ConnectorState.
    connectorState: jsonb("connector_state").$type<ConnectorState>().notNull().default({}),
    redirectCount: integer("redirect_count").notNull().default(0),
    declineCode: text("decline_code"),
    declineReason: text("decline_reason"),
    // SHA-256 of the per-operation callback token; the token itself only lives in the URL.
    callbackTokenHash: text("callback_token_hash").notNull(),
    // SHA-256 of the token in the URLs a 3DS method or challenge notifies (given to the
    // issuer's ACS, so kept apart from the callback token).
    stepTokenHash: text("step_token_hash"),
    // When next_action was set, and when the browser step it asks for was claimed as done
    // (by its notification or its timeout): a step is carried to the provider once.
    actionSetAt: timestamp("action_set_at", { withTimezone: true }),
    actionCompletedAt: timestamp("action_completed_at", { withTimezone: true }),
    // When the step worker must look at this operation: a 3DS method's timeout, or a
    // read-back the connector asked for (ProviderUpdate.recheckAfterMs). Also its lease.
    dueAt: timestamp("due_at", { withTimezone: true }),
    // Provider time of the last applied event: later events with an older time are stale.
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    // Reconciliation's lease: no instance polls this operation again before this time.
    // Kept apart from updated_at so a poll that changed nothing does not look like a change.
    reconcileAfter: timestamp("reconcile_after", { withTimezone: true }),
    finalizedAt: timestamp("finalized_at", { withTimezone: true }),
    // Why an admin should look at this operation (an outcome we could not learn, a
    // provider claim that contradicts ours); null when nothing needs a person.
    attention: text("attention"),
    ...timestamps,
  },
  (t) => [
    // Admin list: newest first per merchant, keyset on (created_at, id).
    index("operations_merchant_created_idx").on(t.merchantId, t.createdAt.desc(), t.id.desc()),
    index("operations_merchant_status_created_idx").on(t.merchantId, t.status, t.createdAt.desc(), t.id.desc()),
    index("operations_merchant_provider_created_idx").on(t.merchantId, t.provider, t.createdAt.desc(), t.id.desc()),
    index("operations_merchant_customer_idx").on(t.merchantId, t.customerId),
    index("operations_merchant_last4_idx").on(t.merchantId, t.cardLast4),
    index("operations_provider_reference_idx").on(t.provider, t.providerReference),
    // Admin search by provider reference within one merchant (any provider).
    index("operations_merchant_reference_idx").on(t.merchantId, t.providerReference),
    index("operations_session_idx").on(t.sessionId),
    // Admin filter "needs attention": few rows, so a partial index.
    index("operations_merchant_attention_idx").on(t.merchantId, t.createdAt.desc()).where(sql`${t.attention} is not null`),
    // Reconciliation: non-final operations by age.
    index("operations_status_updated_idx").on(t.status, t.updatedAt),
    // Step worker: the few operations with something due.
    index("operations_due_idx").on(t.dueAt).where(sql`${t.dueAt} is not null`),
  ],
);
export type Operation = typeof operations.$inferSelect;
