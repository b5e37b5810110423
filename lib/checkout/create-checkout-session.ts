import { sql } from "drizzle-orm";
import { getDb, runPrepared, type Queryable, type StatementRunner } from "@/db/client";
import { rowParams, rowPlaceholders } from "@/db/row-values";
import { checkoutSessions, type CheckoutSession, type Merchant } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { unpayableBecause } from "@/lib/providers/registry";
import { err, ok, type Result } from "@/lib/result";
import { DEFAULT_SESSION_TTL_MS, type CreateSessionInput } from "./create-session-input";
import { presentSession, type SessionJson } from "./present-session";

function insertIfAccount() {
  const { columns, values } = rowPlaceholders(checkoutSessions);
  return sql`insert into checkout_sessions (${columns})
    select ${values}
    where exists (select 1 from provider_accounts where merchant_id = ${sql.placeholder("merchant_id")} and provider = ${sql.placeholder("provider")})
    returning id`;
}

/**
 * A new open session. The write is one statement; `run`, when given, runs it instead so the
 * caller can store its answer in the same statement (the merchant API's Idempotency-Key).
 */
export async function createCheckoutSession(args: { merchant: Merchant; input: CreateSessionInput; db?: Queryable; run?: StatementRunner }): Promise<Result<SessionJson>> {
  const { merchant, input } = args;
  const provider = input.provider ?? merchant.defaultProvider;
  const unpayable = await unpayableBecause(provider, input);
  if (unpayable.length > 0) return err(new AppError("unprocessable", "This checkout session could never be paid.", { fields: unpayable }));
  const now = new Date();
  const session: CheckoutSession = {
    id: newId("session"),
    merchantId: merchant.id,
    status: "open",
    amount: input.amount,
    currency: input.currency,
    customerId: input.customer_id,
    customer: input.customer ?? null,
    successUrl: input.success_url,
    cancelUrl: input.cancel_url,
    description: input.description ?? null,
    locale: input.locale ?? null,
    provider,
    metadata: input.metadata ?? {},
    expiresAt: input.expires_at ?? new Date(now.getTime() + DEFAULT_SESSION_TTL_MS),
    operationId: null,
    createdAt: now,
    updatedAt: now,
  };
  // The provider-account check and the insert are one statement (one round trip): the row
  // is written only if the merchant has an account with the session's provider.
  const json = presentSession(session);
  const db = args.db ?? (await getDb());
  const run: StatementRunner = args.run ?? ((name, statement, values) => runPrepared(db, name, statement, values));
  const inserted = await run<{ id: string }>("checkout_session_create", insertIfAccount, { ...rowParams(checkoutSessions, session), merchant_id: merchant.id, provider }, json);
  if (inserted.length === 0) {
    return err(
      new AppError("unprocessable", "This merchant has no account with that provider.", {
        fields: [{ path: "provider", message: `No ${provider} account is configured for this merchant` }],
      }),
    );
  }
  return ok(json);
}
