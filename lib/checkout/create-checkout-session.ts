import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutSessions, providerAccounts, type Merchant } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { unpayableBecause } from "@/lib/providers/registry";
import { err, ok, type Result } from "@/lib/result";
import { DEFAULT_SESSION_TTL_MS, type CreateSessionInput } from "./create-session-input";
import { presentSession, type SessionJson } from "./present-session";

export async function createCheckoutSession(args: { merchant: Merchant; input: CreateSessionInput }): Promise<Result<SessionJson>> {
  const { merchant, input } = args;
  const provider = input.provider ?? merchant.defaultProvider;
  const unpayable = await unpayableBecause(provider, input);
  if (unpayable.length > 0) return err(new AppError("unprocessable", "This checkout session could never be paid.", { fields: unpayable }));
  const db = await getDb();
  const [account] = await db
    .select({ id: providerAccounts.id })
    .from(providerAccounts)
    .where(and(eq(providerAccounts.merchantId, merchant.id), eq(providerAccounts.provider, provider)))
    .limit(1);
  if (!account) {
    return err(
      new AppError("unprocessable", "This merchant has no account with that provider.", {
        fields: [{ path: "provider", message: `No ${provider} account is configured for this merchant` }],
      }),
    );
  }
  const [session] = await db
    .insert(checkoutSessions)
    .values({
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
      provider,
      metadata: input.metadata ?? {},
      expiresAt: input.expires_at ?? new Date(Date.now() + DEFAULT_SESSION_TTL_MS),
    })
    .returning();
  if (!session) throw new Error("insert returned no row");
  return ok(presentSession(session));
}
