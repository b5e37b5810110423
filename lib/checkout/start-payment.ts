import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutAttempts, checkoutSessions, merchants, operations, type CheckoutSession, type Operation } from "@/db/schema";
import { assertCardJweUsable, CardKeyError, decryptCardJwe } from "@/lib/crypto/card-keys";
import { appUrl, env } from "@/lib/env";
import { AppError, notFound, type FieldError } from "@/lib/errors";
import { payerError, payerFieldError } from "./payer-errors";
import { isId, newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { applyProviderUpdates, recordOperationEvent } from "@/lib/operations/apply-updates";
import { checkpointOperation } from "@/lib/operations/checkpoint";
import { markOutcomeUnknown } from "@/lib/operations/mark-outcome-unknown";
import { operationRef } from "@/lib/operations/load-operation";
import { OPERATION_STATUSES, isFinal } from "@/lib/operations/status";
import { loadProviderAccount } from "@/lib/providers/load-account";
import { getConnector } from "@/lib/providers/registry";
import { ProviderError, type CardInput, type Connector, type PaymentMethodInput, type ProviderUpdate } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { hit } from "@/lib/security/rate-limit";
import { combineBilling, mergeBilling, missingBillingFields, type BillingField, type PartialBilling } from "./billing-fields";
import { browserStepUrl, callbackUrlFor, newCallbackToken } from "./callback-url";
import { heldCardFromJwe, nothingHeld } from "./held-card";
import { detectBrand, validateCardForm } from "./card-form";
import { CardPayload, type PayerBilling, type PayRequest } from "./card-payload";
import { REFUSED_DETAILS_EVENT, sessionBillingForPayer } from "./refused-billing";
import { transitionSession } from "./transition-session";
import { latestOperation, payerOutcomeFor, presentPaymentState, type PaymentState } from "./payment-progress";
import type { CustomerDetails } from "./customer";

const NON_FINAL_STATUSES = OPERATION_STATUSES.filter((s) => !isFinal(s));

// The payer pressing Pay, end to end: one function so the order of steps that keeps
// money safe is visible in one place.
//   1. The same attempt key answers the same operation (double-click, reload, retry).
//   2. Rate limits per session and per IP.
//   3. The session must be payable (and its last attempt must not have ended its retries);
//      one attempt at a time per session.
//   4. The card is decrypted here and only here, checked, and reduced to brand/first6/last4.
//   5. The operation is written (status created) and the session set to processing in one
//      transaction BEFORE the provider hears of it; the provider gets our operation id.
//   6. The provider's answer goes through applyProviderUpdates like every other fact.
//
// Provider trouble (documented decision):
//   - ProviderError "unavailable": no connection to the provider was ever made, so the
//     attempt is recorded as failed (PROVIDER_UNAVAILABLE), the session reopens, and the
//     payer is told nothing was charged and may try again. Nothing else is "not charged".
//   - "rejected": the provider read the request and refused it; failed with its reason.
//   - "outcome_unknown" / "invalid_response" / anything unexpected after the request may
//     have left: the provider may have the payment. The operation stays open, its history
//     says why, the payer reads "we are confirming your payment" and the page keeps
//     listening; the provider's own status (read back by refresh or reconciliation) settles
//     it. It is never guessed final here.

export const PAY_LIMITS = {
  perSession: { limit: 10, windowMs: 15 * 60_000 },
  perIp: { limit: env.PAY_RATE_LIMIT_PER_IP, windowMs: 15 * 60_000 },
};

export interface PayClient {
  ip: string;
  userAgent: string;
  accept: string;
}

type Loaded = { session: CheckoutSession; merchant: { name: string; logoUrl: string | null } };

async function loadSession(sessionId: string): Promise<Loaded | null> {
  const db = await getDb();
  const [row] = await db
    .select({ session: checkoutSessions, merchant: { name: merchants.name, logoUrl: merchants.logoUrl } })
    .from(checkoutSessions)
    .innerJoin(merchants, eq(merchants.id, checkoutSessions.merchantId))
    .where(eq(checkoutSessions.id, sessionId))
    .limit(1);
  return row ?? null;
}

async function operationForAttempt(sessionId: string, attemptKey: string): Promise<Operation | null> {
  const db = await getDb();
  const [row] = await db
    .select({ op: operations })
    .from(checkoutAttempts)
    .innerJoin(operations, eq(operations.id, checkoutAttempts.operationId))
    .where(and(eq(checkoutAttempts.sessionId, sessionId), eq(checkoutAttempts.attemptKey, attemptKey)))
    .limit(1);
  return row?.op ?? null;
}

function refusal(session: CheckoutSession): AppError | null {
  if (session.status === "paid") return payerError("conflict", "alreadyPaid");
  if (session.status === "cancelled") return payerError("invalid_state", "cancelled");
  if (session.status === "expired" || session.expiresAt.getTime() <= Date.now()) return payerError("session_expired", "expired");
  return null;
}

const inProgress = () => payerError("conflict", "inProgress");

const CARD_FIELD_PATHS = { number: "card.number", expiry: "card.expiry", cvc: "card.cvc", holderName: "card.holderName" } as const;

function unreadableCard(e: CardKeyError): AppError {
  const key = e.reason === "unknown_key" ? "pageOpenTooLong" : "cardUnreadable";
  return payerError("validation_failed", key, { fields: [payerFieldError("card", key)] });
}

/** Decrypt and check the card. Nothing derived from the plaintext leaves except brand, first6, last4. */
async function readCard(sessionId: string, jwe: string): Promise<Result<{ card: CardInput; brand: string }>> {
  let plaintext: unknown;
  try {
    plaintext = await decryptCardJwe(jwe);
  } catch (e) {
    if (!(e instanceof CardKeyError)) throw e;
    return err(unreadableCard(e));
  }
  const parsed = CardPayload.safeParse(plaintext);
  // Zod's issues could quote the input; only field paths are reported.
  if (!parsed.success || parsed.data.sid !== sessionId) {
    return err(payerError("validation_failed", "cardUnreadable", { fields: [payerFieldError("card", "cardUnreadable")] }));
  }
  const c = parsed.data;
  const errors = validateCardForm({ number: c.number, expiry: `${c.expMonth}/${c.expYear}`, cvc: c.cvc, holderName: c.holderName });
  // The API answers in English; the payer's page shows its own translation of the field's problem.
  const fields: FieldError[] = Object.entries(errors).map(([k, problem]) => payerFieldError(CARD_FIELD_PATHS[k as keyof typeof CARD_FIELD_PATHS], problem));
  if (fields.length > 0) return err(payerError("validation_failed", "checkCard", { fields }));
  const brand = detectBrand(c.number)?.type ?? "unknown";
  return ok({ card: { number: c.number, expMonth: c.expMonth, expYear: c.expYear, cvc: c.cvc, holderName: c.holderName.trim() }, brand });
}

function billingErrors(required: readonly BillingField[], billing: PartialBilling | null): FieldError[] {
  return missingBillingFields(required, billing).map((f) => payerFieldError(`billing.${f}`, "required"));
}

/** Whether this customer of the merchant has paid successfully before. */
async function isReturningCustomer(merchantId: string, customerId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: operations.id })
    .from(operations)
    .where(and(eq(operations.merchantId, merchantId), eq(operations.customerId, customerId), eq(operations.status, "succeeded")))
    .limit(1);
  return row !== undefined;
}

export function payerReturnUrl(sessionId: string, operationId: string, outcome?: "failure"): string {
  return `${appUrl()}/pay/${sessionId}/return?op=${operationId}${outcome ? `&outcome=${outcome}` : ""}`;
}

export async function startPayment(args: { sessionId: string; request: PayRequest; client: PayClient }): Promise<Result<PaymentState>> {
  const { sessionId, request, client } = args;
  if (!isId("session", sessionId)) return err(notFound("Payment"));
  // Reads that do not depend on each other go out together: each round trip is paid by the payer.
  const [loaded, repeat] = await Promise.all([loadSession(sessionId), operationForAttempt(sessionId, request.attemptKey)]);
  if (!loaded) return err(notFound("Payment"));
  const { merchant } = loaded;

  // 1. A repeat of an attempt answers what that attempt became; it never starts another.
  if (repeat) return ok(await presentPaymentState(repeat, loaded.session));

  // 2. Both budgets are charged for every new attempt, the first refusal answers.
  const decisions = await Promise.all([hit(`pay:session:${sessionId}`, PAY_LIMITS.perSession.limit, PAY_LIMITS.perSession.windowMs), hit(`pay:ip:${client.ip}`, PAY_LIMITS.perIp.limit, PAY_LIMITS.perIp.windowMs)]);
  const limited = decisions.find((d) => !d.allowed);
  if (limited) return err(payerError("rate_limited", "rateLimited", { retryAfterSeconds: limited.retryAfterSeconds }));

  // 3. (checked again under the session lock below)
  const refused = refusal(loaded.session);
  if (refused) return err(refused);
  let connector: Connector;
  try {
    connector = await getConnector(loaded.session.provider);
  } catch (e) {
    if (e instanceof AppError) return err(e);
    throw e;
  }
  if (!connector.capabilities.methods.includes(request.method.type)) {
    return err(payerError("validation_failed", "methodUnavailable", { fields: [payerFieldError("method.type", "methodUnavailable")] }));
  }
  const sessionBilling = await sessionBillingForPayer(loaded.session, request.billing);
  const missing = billingErrors(connector.capabilities.billingFields, combineBilling(sessionBilling, request.billing));
  if (missing.length > 0) return err(payerError("validation_failed", "billingRequired", { fields: missing }));
  const billing = mergeBilling(sessionBilling, request.billing);

  // 4.
  let method: PaymentMethodInput;
  let cardFacts: { cardBrand: string; cardFirst6: string; cardLast4: string } | null = null;
  if (request.method.type === "card") {
    const card = await readCard(sessionId, request.method.encryptedCard);
    if (!card.ok) return card;
    method = { type: "card", card: card.value.card };
    cardFacts = { cardBrand: card.value.brand, cardFirst6: card.value.card.number.slice(0, 6), cardLast4: card.value.card.number.slice(-4) };
  } else if (request.method.type === "wallet") {
    // The wallet card's code stays encrypted until the transfer (held-card.ts) and is never
    // stored: here only its key is checked, so a page that outlived its key encrypts again
    // before anything starts.
    try {
      await assertCardJweUsable(request.method.encryptedCard);
    } catch (e) {
      if (!(e instanceof CardKeyError)) throw e;
      return err(unreadableCard(e));
    }
    method = { type: "wallet", phone: request.method.phone, quoted: request.method.quoted };
  } else {
    method = { type: request.method.type };
  }
  const heldJwe = request.method.type === "wallet" ? request.method.encryptedCard : null;

  // 5.
  const db = await getDb();
  const callback = newCallbackToken();
  const step = newCallbackToken();
  const written = await db.transaction(async (tx): Promise<Result<{ op: Operation; session: CheckoutSession; created: boolean }>> => {
    const [session] = await tx.select().from(checkoutSessions).where(eq(checkoutSessions.id, sessionId)).for("no key update").limit(1);
    if (!session) return err(notFound("Payment"));
    // Read together under the lock: a concurrent press with the same key (it waited on the
    // lock above), the latest attempt, and one still under way.
    const [[again], last, running] = await Promise.all([
      tx
        .select({ op: operations })
        .from(checkoutAttempts)
        .innerJoin(operations, eq(operations.id, checkoutAttempts.operationId))
        .where(and(eq(checkoutAttempts.sessionId, sessionId), eq(checkoutAttempts.attemptKey, request.attemptKey)))
        .limit(1),
      latestOperation(tx, session),
      session.status === "processing"
        ? tx
            .select({ id: operations.id })
            .from(operations)
            .where(and(eq(operations.merchantId, session.merchantId), eq(operations.sessionId, session.id), inArray(operations.status, NON_FINAL_STATUSES)))
            .limit(1)
        : Promise.resolve([]),
    ]);
    if (again) return ok({ op: again.op, session, created: false });
    const refusedNow = refusal(session);
    if (refusedNow) return err(refusedNow);
    // The provider said this order cannot be paid again (e.g. its attempts are used up):
    // the page no longer offers a retry, and a direct request gets the same answer.
    const lastOutcome = last ? await payerOutcomeFor(last) : null;
    if (lastOutcome?.retry === "none") return err(new AppError("invalid_state", lastOutcome.message, { messageKey: lastOutcome.key }));
    if (running.length > 0) return err(inProgress());
    const [op] = await tx
      .insert(operations)
      .values({
        id: newId("operation"),
        merchantId: session.merchantId,
        sessionId: session.id,
        provider: session.provider,
        status: "created",
        paymentMethod: method.type,
        amount: session.amount,
        currency: session.currency,
        customerId: session.customerId,
        ...(cardFacts ?? {}),
        callbackTokenHash: callback.hash,
        stepTokenHash: step.hash,
      })
      .returning();
    if (!op) throw new Error("insert returned no operation");
    // The payer's billing details are kept on the session only once the provider has
    // taken the request (below): a detail it refuses must stay editable on the page.
    // The three writes are independent and go out together; they commit as one.
    const [, updated] = await Promise.all([
      tx.insert(checkoutAttempts).values({ sessionId: session.id, attemptKey: request.attemptKey, merchantId: session.merchantId, operationId: op.id }),
      transitionSession(tx, session, "processing", { operation: op }),
      recordOperationEvent(tx, {
        merchantId: op.merchantId,
        operationId: op.id,
        source: "checkout",
        type: "payment_started",
        payload: { method: method.type, card: cardFacts ? { brand: cardFacts.cardBrand, first6: cardFacts.cardFirst6, last4: cardFacts.cardLast4 } : null },
      }),
    ]);
    return ok({ op, session: updated, created: true });
  });
  if (!written.ok) return written;
  if (!written.value.created) return ok(await presentPaymentState(written.value.op, written.value.session));
  const op = written.value.op;

  // 6.
  try {
    const [returningCustomer, account] = await Promise.all([isReturningCustomer(op.merchantId, op.customerId), loadProviderAccount(db, op.merchantId, op.provider)]);
    const started = await connector.start(account, {
      operation: operationRef(op),
      method,
      customer: billing,
      browser: { ...request.browser, ip: client.ip, userAgent: client.userAgent, acceptHeader: client.accept },
      merchant,
      description: loaded.session.description ?? `Order from ${merchant.name}`,
      expiresAt: loaded.session.expiresAt,
      returningCustomer,
      urls: {
        callback: callbackUrlFor(op.provider, op.id, callback.token),
        payerReturn: payerReturnUrl(sessionId, op.id),
        payerReturnFailure: payerReturnUrl(sessionId, op.id, "failure"),
        threeDsMethodNotification: browserStepUrl(sessionId, op.id, step.token, "method"),
        challengeNotification: browserStepUrl(sessionId, op.id, step.token, "challenge"),
      },
      checkpoint: (patch) => checkpointOperation(op, patch),
      heldCard: heldJwe ? heldCardFromJwe(heldJwe, op) : nothingHeld,
    });
    await Promise.all([
      started.providerReference ? checkpointOperation(op, { providerReference: started.providerReference }, { evenIfEnded: true }) : null,
      keepPayerBilling(loaded.session, request.billing, billing),
    ]);
    const applied = await applyProviderUpdates({ merchantId: op.merchantId, operationId: op.id, updates: started.updates, source: "checkout" });
    return ok(await presentPaymentState(applied.operation, applied.session ?? (await sessionOf(applied.operation))));
  } catch (e) {
    return handleStartFailure(op, e, () => keepPayerBilling(loaded.session, request.billing, billing));
  }
}

/** The provider took the request: what the payer typed becomes part of the session. */
async function keepPayerBilling(session: CheckoutSession, typed: PayerBilling | undefined, merged: CustomerDetails | null): Promise<void> {
  if (!typed || !merged) return;
  const db = await getDb();
  await db
    .update(checkoutSessions)
    .set({ customer: merged, updatedAt: new Date() })
    .where(and(eq(checkoutSessions.id, session.id), eq(checkoutSessions.merchantId, session.merchantId)));
}

async function sessionOf(op: Operation): Promise<CheckoutSession> {
  const db = await getDb();
  const [session] = await db.select().from(checkoutSessions).where(and(eq(checkoutSessions.id, op.sessionId), eq(checkoutSessions.merchantId, op.merchantId))).limit(1);
  if (!session) throw new Error("operation without session");
  return session;
}

function checkoutFailure(code: string, reason: string, providerStatus: string, details: Record<string, unknown>): ProviderUpdate {
  return { status: "failed", providerStatus, providerTime: null, dedupeKey: `checkout:${providerStatus}`, decline: { code, reason }, raw: details };
}

async function handleStartFailure(op: Operation, e: unknown, providerTookIt: () => Promise<void>): Promise<Result<PaymentState>> {
  const failure = e instanceof ProviderError ? e : null;
  const app = e instanceof AppError ? e : null;
  // Whatever happened, the message never carries card data: it is the connector's or ours.
  log.warn("provider start failed", { operationId: op.id, provider: op.provider, kind: failure?.kind ?? app?.code ?? "error", error: e });
  const fail = async (code: string, providerStatus: string, details: Record<string, unknown>) =>
    (await applyProviderUpdates({ merchantId: op.merchantId, operationId: op.id, source: "checkout", updates: [checkoutFailure(code, code, providerStatus, details)] })).operation;

  if (app?.code === "validation_failed") {
    // The connector found a payer detail missing or unusable before anything was sent:
    // this attempt ends, and the page asks for the detail (customer.* -> billing.*).
    await fail("INVALID_REQUEST", REFUSED_DETAILS_EVENT, { fields: app.fields?.map((f) => f.path) ?? [] });
    const fields = (app.fields ?? []).map((f) => ({ ...f, path: f.path.replace(/^customer\./, "billing.") }));
    return err(payerError("validation_failed", "checkDetails", { fields }));
  }
  if (app?.code === "session_expired") {
    // Refused before anything was sent: the session's time is (nearly) up.
    const ended = await fail("TOO_LATE", "session_ending", {});
    return ok(await presentPaymentState(ended, await sessionOf(ended)));
  }
  if (failure?.kind === "unavailable" || (app !== null && app.code !== "internal")) {
    // Never reached: no connection was made (or we refused to send, e.g. no account).
    await fail("PROVIDER_UNAVAILABLE", "provider_unavailable", { kind: failure?.kind ?? app?.code ?? "not_configured" });
    return err(new AppError("provider_unavailable", "The payment service is not answering right now. You have not been charged. Please try again in a few minutes.", { retryAfterSeconds: 30, messageKey: "checkout:PROVIDER_UNAVAILABLE" }));
  }
  if (failure?.kind === "rejected") {
    const code = failure.details?.providerCode ?? "PROVIDER_REJECTED";
    const reason = failure.details?.payerMessage ?? code;
    const applied = await applyProviderUpdates({
      merchantId: op.merchantId,
      operationId: op.id,
      source: "checkout",
      updates: [checkoutFailure(code, reason, "provider_rejected", { kind: "rejected", status: failure.details?.status ?? null, code, provider: failure.details?.raw ?? null })],
    });
    return ok(await presentPaymentState(applied.operation, await sessionOf(applied.operation)));
  }
  // The request may have reached the provider and its answer was lost: the payment may
  // exist. Leave it open for the provider's own status to settle.
  if (failure === null && app === null) log.error("unexpected error while starting a payment", { operationId: op.id, error: e });
  await providerTookIt();
  await markOutcomeUnknown(op, { kind: failure?.kind ?? "error", status: failure?.details?.status ?? null });
  const db = await getDb();
  const [fresh] = await db.select().from(operations).where(and(eq(operations.id, op.id), eq(operations.merchantId, op.merchantId))).limit(1);
  return ok(await presentPaymentState(fresh ?? op, await sessionOf(fresh ?? op)));
}
