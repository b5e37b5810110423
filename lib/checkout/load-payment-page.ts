import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { checkoutSessions, merchants, operations, providerAccounts } from "@/db/schema";
import { currentCardKey, type PublicCardKey } from "@/lib/crypto/card-keys";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { isFinal } from "@/lib/operations/status";
import { getConnector } from "@/lib/providers/registry";
import type { Connector, PaymentMethodInput } from "@/lib/providers/types";
import { missingBillingFields } from "./billing-fields";
import { presentPaymentState, sessionIsPayable, type PaymentState } from "./payment-progress";
import { refreshPaymentState } from "./payment-progress-refresh";
import { merchantReturnUrl } from "./return-url";
import { cardBrandName } from "./card-brands";
import { payerBranding } from "@/lib/merchants/branding";

export type PayMethod = PaymentMethodInput["type"];

/**
 * What the hosted page needs to render a session. The session id in the URL is the
 * payer's capability (74 random bits), so this lookup is by id alone.
 *
 * `askProvider`: an attempt still under way is read back from the provider first (rate
 * limited per operation), so a payer who left the bank's page and comes back later sees
 * what the provider says now, not what we last heard.
 */
export async function loadPaymentPage(sessionId: string, options: { askProvider?: boolean } = {}) {
  if (!isId("session", sessionId)) return null;
  const page = await readPaymentPage(sessionId);
  // Most loads find no attempt under way and cost no second read.
  if (!options.askProvider || !page?.inProgress) return page;
  await refreshPaymentState(sessionId, page.inProgress.operationId);
  return readPaymentPage(sessionId);
}

// The page's read, built and named once per database handle: building this statement (a
// join, a lateral subquery, nested objects) costs more than running it.
function pageStatement(db: Db) {
  const latestAttempt = db
    .select()
    .from(operations)
    .where(and(eq(operations.merchantId, checkoutSessions.merchantId), eq(operations.sessionId, checkoutSessions.id)))
    .orderBy(desc(operations.createdAt), desc(operations.id))
    .limit(1)
    .as("latest_attempt");
  return db
    .select({
      session: checkoutSessions,
      merchant: {
        id: merchants.id,
        name: merchants.name,
        displayName: merchants.displayName,
        logoUrl: merchants.logoUrl,
        brandColor: merchants.brandColor,
        termsUrl: merchants.termsUrl,
        privacyUrl: merchants.privacyUrl,
      },
      accountBaseUrl: providerAccounts.baseUrl,
      latest: latestAttempt._.selectedFields,
    })
    .from(checkoutSessions)
    .innerJoin(merchants, eq(merchants.id, checkoutSessions.merchantId))
    .leftJoin(providerAccounts, and(eq(providerAccounts.merchantId, checkoutSessions.merchantId), eq(providerAccounts.provider, checkoutSessions.provider)))
    .leftJoinLateral(latestAttempt, sql`true`)
    .where(eq(checkoutSessions.id, sql.placeholder("sessionId")))
    .limit(1)
    .prepare("payment_page");
}
const pageStatements = new WeakMap<Db, ReturnType<typeof pageStatement>>();

async function readPaymentPage(sessionId: string) {
  const db = await getDb();
  let statement = pageStatements.get(db);
  if (!statement) {
    statement = pageStatement(db);
    pageStatements.set(db, statement);
  }
  // Session, merchant, provider account and latest attempt in one statement; the card key,
  // which does not depend on the session, is read alongside.
  const [[row], key] = await Promise.all([statement.execute({ sessionId }), currentCardKey({ db })]);
  if (!row) return null;
  const { session } = row;
  // The page speaks of the merchant as it chose to be shown: display name, logo, colour, links.
  const merchant = { id: row.merchant.id, ...payerBranding(row.merchant) };
  const expired = session.status === "open" && session.expiresAt.getTime() <= Date.now();
  const effectiveStatus = expired ? ("expired" as const) : session.status;

  const latest = row.latest;
  const latestState: PaymentState | null = latest ? await presentPaymentState(latest, session) : null;
  // An attempt still under way is shown as progress, never as a fresh form.
  const inProgress = latest && !isFinal(latest.status) ? latestState : null;

  let connector: Connector | null = null;
  try {
    connector = await getConnector(session.provider);
  } catch (e) {
    if (!isAppError(e) || e.code !== "provider_unavailable") throw e;
  }
  const available = connector !== null;
  const methods: PayMethod[] = connector ? [...connector.capabilities.methods] : [];
  // The provider said this order cannot be paid again here (e.g. its attempts are used up).
  const retriesOver = latestState !== null && latestState.final && latestState.retry === "none";
  const payable = sessionIsPayable(session) && available && !inProgress && !retriesOver;
  // Wallet payments encrypt the wallet card's security code to the same key.
  const cardKey: PublicCardKey | null = payable && (methods.includes("card") || methods.includes("wallet")) ? key : null;

  return {
    session,
    merchant,
    effectiveStatus,
    payable,
    available,
    methods,
    cardKey,
    inProgress,
    latestState,
    retriesOver,
    missingBilling: missingBillingFields(connector?.capabilities.billingFields ?? [], session.customer),
    // Test data is only shown to payers of merchants whose provider account is the sandbox.
    testHints: row.accountBaseUrl !== null && row.accountBaseUrl.startsWith(env.SANDBOX_URL.replace(/\/$/, "")) ? (connector?.testHints ?? null) : null,
    cancelUrl: merchantReturnUrl(session.cancelUrl, session.id),
    successUrl: merchantReturnUrl(session.successUrl, session.id),
    // Shown before the payer types, as the connector declares them.
    acceptedBrands: (connector?.capabilities.cardBrands ?? []).map((b) => cardBrandName(b) ?? b),
    // The attempt that paid the session (its latest), for the receipt.
    paidReceipt: session.status === "paid" ? (latestState?.receipt ?? null) : null,
  };
}
export type PaymentPage = NonNullable<Awaited<ReturnType<typeof loadPaymentPage>>>;
