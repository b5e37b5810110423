import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutSessions, operationEvents, operations } from "@/db/schema";
import { loadPaymentPage } from "@/lib/checkout/load-payment-page";
import { loadPaymentState } from "@/lib/checkout/payment-progress";
import { resumePayment } from "@/lib/checkout/resume-payment";
import { refreshOperation } from "@/lib/operations/actions";
import { operationRef } from "@/lib/operations/load-operation";
import { reconcileOnce } from "@/lib/operations/reconcile";
import { loadProviderAccount } from "@/lib/providers/load-account";
import { getConnector } from "@/lib/providers/registry";
import { ProviderError } from "@/lib/providers/types";
import { PAYSECURE_ERROR_CARDS } from "@/sandbox/test-cards";
import {
  currentOperation,
  merchantOnPaysecure,
  paysecureCard,
  startHarness,
  startPayment,
  startProxy,
  type Harness,
} from "@/test/provider-harness";
import { CARD_ANSWER_GRACE_MS, CARD_SENT_AT } from "./mapping";
import { PAYSECURE_ERRORS } from "./payer-messages";
import { PAYSECURE_TEST_CARDS } from "./test-hints";
import { PHONE_BROWSER } from "@/test/browser-data";

// The Paysecure connector against the provider sandbox, paid through the real pay path
// (lib/checkout/start-payment.ts) and brought back through the real return route's
// function (resumePayment): every sandbox card, every documented error, lost answers on
// either call, and what the sandbox's assumed read-back must look like.

let h: Harness;
let merchantId: string;

beforeAll(async () => {
  h = await startHarness();
  merchantId = (await merchantOnPaysecure(h)).merchant.id;
});
afterAll(async () => {
  await h.close();
});

type Op = Awaited<ReturnType<typeof currentOperation>>;

const redirectOf = (op: Op): string => {
  if (op.nextAction?.kind !== "redirect") throw new Error(`no redirect on ${op.id} (${op.status})`);
  return op.nextAction.url;
};

/** The sandbox's own record of a purchase (what it was sent). */
async function purchaseInSandbox(id: string) {
  const res = await fetch(`${h.sandbox.url}/_sandbox/operations/${id}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { purchase: Record<string, unknown> }).purchase;
}

/**
 * The payer's browser on callback_url: straight through (frictionless) or via the mock
 * ACS, then redirected to one of our return URLs. Returns where it was sent.
 */
async function payerAtProvider(url: string, decision: "approve" | "decline" = "approve"): Promise<URL> {
  const first = await fetch(url, { redirect: "manual" });
  if (first.status === 303) return new URL(first.headers.get("location") ?? "");
  expect(first.status).toBe(200);
  expect(await first.text()).toContain(">Approve</button>");
  const res = await fetch(url, { method: "POST", body: new URLSearchParams({ outcome: decision }), redirect: "manual" });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location") ?? "");
}

/** What our return route does with that URL. */
async function payerReturns(sessionId: string, returnUrl: URL) {
  const query = Object.fromEntries(returnUrl.searchParams);
  const result = await resumePayment({ sessionId, operationId: query.op ?? "", input: { kind: "payer_returned", query } });
  if (!result.ok) throw new Error(`resume refused: ${result.error.code}`);
  return result.value;
}

async function historyOf(operationId: string) {
  const db = await getDb();
  return db
    .select({ type: operationEvents.type, outcome: operationEvents.outcome, payload: operationEvents.payload })
    .from(operationEvents)
    .where(and(eq(operationEvents.operationId, operationId)))
    .orderBy(asc(operationEvents.receivedAt));
}

async function sessionStatus(id: string) {
  const db = await getDb();
  const [s] = await db.select({ status: checkoutSessions.status }).from(checkoutSessions).where(eq(checkoutSessions.id, id));
  return s?.status;
}

describe("Paysecure connector against the sandbox", () => {
  it("frictionless: the purchase carries our reference and return URLs, the card is checkpointed first, and the return reads it back paid", async () => {
    const { session, op, started } = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.frictionless) });
    expect(started.state).toMatchObject({ status: "requires_action", final: false, action: { kind: "redirect", number: 1 } });
    expect(op.providerReference).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof op.connectorState[CARD_SENT_AT]).toBe("number");
    const url = redirectOf(op);
    expect(url).toBe(`${h.sandbox.url}/paysecure/payment/${op.providerReference}/`);
    const purchase = await purchaseInSandbox(op.providerReference ?? "");
    expect(purchase).toMatchObject({
      reference: op.id,
      currency: "EUR",
      total: 1000,
      clientEmail: "payer@example.test",
      brandId: "brand_harness",
      successRedirect: `${h.callbacks.url}/pay/${session.id}/return?op=${op.id}`,
      failureRedirect: `${h.callbacks.url}/pay/${session.id}/return?op=${op.id}&outcome=failure`,
    });
    const back = await payerAtProvider(url);
    expect(back.searchParams.get("outcome")).toBeNull();
    const state = await payerReturns(session.id, back);
    expect(state).toMatchObject({ status: "succeeded", final: true, sessionStatus: "paid", message: null });
    expect((await historyOf(op.id)).map((e) => e.type)).toEqual(expect.arrayContaining(["payment_started", "purchase_created", "pending_execute", "payer_returned", "paid"]));
  });

  it("3-D Secure approved pays; declined ends with the 3-D Secure reason and another try allowed", async () => {
    const approved = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.challenge) });
    const ok = await payerReturns(approved.session.id, await payerAtProvider(redirectOf(approved.op), "approve"));
    expect(ok).toMatchObject({ status: "succeeded", final: true });

    const declined = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard("5555555555554444") });
    const back = await payerAtProvider(redirectOf(declined.op), "decline");
    expect(back.searchParams.get("outcome")).toBe("failure");
    const state = await payerReturns(declined.session.id, back);
    expect(state).toMatchObject({ status: "declined", final: true, canRetry: true, retry: "try_again", sessionStatus: "open" });
    expect(state.message).toMatch(/3-D Secure/);
    expect(await currentOperation(merchantId, declined.op.id)).toMatchObject({ declineCode: "3DS_FAILED", declineReason: "3-D Secure authentication failed" });
  });

  it("the issuer declines after an approved challenge, or without one: a bank decline, another card suggested", async () => {
    for (const card of [PAYSECURE_TEST_CARDS.challengeThenDecline, PAYSECURE_TEST_CARDS.frictionlessDecline]) {
      const { session, op } = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(card) });
      const state = await payerReturns(session.id, await payerAtProvider(redirectOf(op), "approve"));
      expect(state).toMatchObject({ status: "declined", retry: "another_card", message: "Your bank declined the payment. Try another card or contact your bank." });
      expect(await currentOperation(merchantId, op.id)).toMatchObject({ declineCode: "DECLINED", declineReason: "Declined by issuer" });
    }
  });

  it("never believes the return URL: a success claim before the payer acted changes nothing, a failure claim on a paid purchase is still paid", async () => {
    const waiting = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.challenge) });
    const claim = new URL(`${h.callbacks.url}/pay/${waiting.session.id}/return?op=${waiting.op.id}`);
    expect(await payerReturns(waiting.session.id, claim)).toMatchObject({ status: "requires_action", final: false });

    const paid = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.frictionless) });
    await payerAtProvider(redirectOf(paid.op));
    const lie = new URL(`${h.callbacks.url}/pay/${paid.session.id}/return?op=${paid.op.id}&outcome=failure`);
    expect(await payerReturns(paid.session.id, lie)).toMatchObject({ status: "succeeded", final: true });
  });

  it("a payer who closed the tab on the issuer page and comes back later sees the provider's result", async () => {
    const { session, op } = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.challenge) });
    // Approved at the bank; the way back to our return route never happened.
    await payerAtProvider(redirectOf(op), "approve");
    const stale = await loadPaymentPage(session.id);
    expect(stale?.inProgress?.status).toBe("requires_action");
    const page = await loadPaymentPage(session.id, { askProvider: true });
    expect(page).toMatchObject({ effectiveStatus: "paid", inProgress: null, latestState: { status: "succeeded", final: true } });
  });

  it.each(PAYSECURE_ERROR_CARDS.map((c) => [c.message, c] as const))("documented error %s: recorded with its code, worded for the payer, provider's text in the history", async (_m, errorCase) => {
    const documented = PAYSECURE_ERRORS.find((e) => e.message === errorCase.message);
    if (!documented) throw new Error(`not documented: ${errorCase.message}`);
    const { session, op, started } = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(errorCase.cardNumber) });
    expect(started.state).toMatchObject({
      status: "failed",
      final: true,
      message: documented.outcome.message,
      retry: documented.outcome.retry,
      canRetry: documented.outcome.retry !== "none",
      confirming: false,
    });
    const done = await currentOperation(merchantId, op.id);
    expect(done).toMatchObject({ status: "failed", declineCode: documented.code, declineReason: errorCase.message });
    // The purchase existed before the card was sent, and stays findable.
    expect(done.providerReference).toMatch(/^[0-9a-f-]{36}$/);
    const rejected = (await historyOf(op.id)).find((e) => e.type === "provider_rejected");
    expect(rejected?.payload).toMatchObject({ status: errorCase.httpStatus, code: documented.code, provider: { message: errorCase.message, code: errorCase.code } });
    expect(await sessionStatus(session.id)).toBe("open");
  });

  it("after 'Allowed Attempt ... consumed' the session takes no more attempts, on the page or by a direct request", async () => {
    const first = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.errors.ATTEMPTS_CONSUMED) });
    const page = await loadPaymentPage(first.session.id);
    expect(page).toMatchObject({ retriesOver: true, payable: false, cardKey: null });
    const { startPayment: pay } = await import("@/lib/checkout/start-payment");
    const { encryptCard } = await import("@/lib/checkout/card-encrypt");
    const { currentCardKey } = await import("@/lib/crypto/card-keys");
    const encryptedCard = await encryptCard(await currentCardKey(), { sid: first.session.id, number: PAYSECURE_TEST_CARDS.frictionless, expMonth: "12", expYear: "2040", cvc: "123", holderName: "Ada Lovelace" });
    const again = await pay({
      sessionId: first.session.id,
      request: { attemptKey: "after_attempts_consumed_1", method: { type: "card", encryptedCard }, browser: PHONE_BROWSER },
      client: { ip: "198.18.200.1", userAgent: "test-agent", accept: "text/html" },
    });
    expect(!again.ok && again.error).toMatchObject({ code: "invalid_state" });
    expect(!again.ok && again.error.message).toMatch(/cannot be paid here any more/);
    // The key names the sentence in every language the page speaks (the API answer carries it).
    const key = !again.ok ? (again.error.messageKey ?? "") : "";
    expect(key).toMatch(/^paysecure:/);
    const { payerOutcomeTexts } = await import("@/lib/checkout/payer-outcome-texts");
    expect((await payerOutcomeTexts("pl", "paysecure"))[key]).toBeTruthy();
  });

  it("reads a callback back instead of believing it, and answers 200", async () => {
    const { op } = await startPayment(h, merchantId, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.challenge) });
    const connector = await getConnector("paysecure");
    const account = await loadProviderAccount(await getDb(), merchantId, "paysecure");
    const updates = await connector.parseCallback(account, operationRef(await currentOperation(merchantId, op.id)), { body: { status: "paid" }, headers: {}, query: {} });
    expect(updates.map((u) => u.status)).toEqual(["requires_action"]);
    expect(connector.callbackReply({ ...operationRef(await currentOperation(merchantId, op.id)), cancelRequested: false, accept: false }).status).toBe(200);
  });

  it("calls a purchase Paysecure does not know an unknown operation", async () => {
    const connector = await getConnector("paysecure");
    const account = await loadProviderAccount(await getDb(), merchantId, "paysecure");
    const ref = { id: "op_x", providerReference: "00000000-0000-0000-0000-000000000000", amount: 1, currency: "EUR", customerId: "c", sessionId: "cs_x", status: "requires_action" as const, connectorState: {} };
    await expect(connector.fetchStatus(account, ref)).rejects.toMatchObject({ kind: "rejected", details: { unknownOperation: true } });
    await expect(connector.fetchStatus(account, { ...ref, providerReference: null })).rejects.toBeInstanceOf(ProviderError);
  });
});

describe("Paysecure answers lost on the way back", () => {
  async function withProxy<T>(change: Parameters<typeof startProxy>[1], fn: (merchant: string) => Promise<T>): Promise<T> {
    const proxy = await startProxy(`${h.sandbox.url}/paysecure`, change);
    try {
      return await fn((await merchantOnPaysecure(h, { baseUrl: proxy.url })).merchant.id);
    } finally {
      await proxy.close();
    }
  }
  const notCharged = /not been charged|nothing was charged/i;

  it("a 5xx on the purchase create: unknown, never 'not charged'; with no purchase id to ask by, it ends once the grace period is over", async () => {
    await withProxy({ status: (path) => (path.startsWith("/purchases/") ? 502 : null) }, async (m) => {
      const { session, op, started } = await startPayment(h, m, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.frictionless) });
      expect(started.state).toMatchObject({ final: false, confirming: true, canRetry: false });
      expect(JSON.stringify(started.state)).not.toMatch(notCharged);
      expect(op.providerReference).toBeNull();
      const db = await getDb();
      await db.update(operations).set({ createdAt: new Date(Date.now() - 20 * 60_000) }).where(eq(operations.id, op.id));
      await reconcileOnce({ minAgeMs: 0, batchSize: 500, merchantId: m });
      expect(await currentOperation(m, op.id)).toMatchObject({ status: "failed", declineCode: "NO_PROVIDER_REFERENCE" });
      expect(await sessionStatus(session.id)).toBe("open");
    });
  });

  it.each([
    ["a 5xx", { status: (path: string) => (path.startsWith("/p/") ? 502 : null) }],
    ["a connection reset", { drop: (path: string) => path.startsWith("/p/") }],
  ] as const)("%s after Paysecure took the card: unknown, then the read-back sends the payer on and settles it", async (_what, change) => {
    await withProxy(change, async (m) => {
      const { session, op, started } = await startPayment(h, m, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.frictionless) });
      expect(started.state).toMatchObject({ status: "created", final: false, confirming: true, canRetry: false, message: null });
      expect(JSON.stringify(started.state)).not.toMatch(notCharged);
      expect(op.providerReference).toMatch(/^[0-9a-f-]{36}$/);
      // Reconciliation reads the purchase back by its id: it waits for the payer, at callback_url.
      await reconcileOnce({ minAgeMs: 0, batchSize: 500, merchantId: m });
      const waiting = await currentOperation(m, op.id);
      expect(waiting).toMatchObject({ status: "requires_action" });
      const state = await payerReturns(session.id, await payerAtProvider(redirectOf(waiting)));
      expect(state).toMatchObject({ status: "succeeded", final: true, sessionStatus: "paid" });
    });
  });

  it("a 5xx that never reached Paysecure: still unknown at first, and once the grace period is over the read-back ends it as never received", async () => {
    await withProxy({ answerInstead: (path) => (path.startsWith("/p/") ? 500 : null) }, async (m) => {
      const { session, op, started } = await startPayment(h, m, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.frictionless) });
      expect(started.state).toMatchObject({ final: false, confirming: true });
      const early = await refreshOperation({ merchantId: m, operationId: op.id, actor: { kind: "system", id: "test" } });
      expect(early.ok && early.value).toMatchObject({ status: "created", providerStatus: "outcome_unknown" });
      expect((await loadPaymentState(session.id, op.id)).ok).toBe(true);
      const db = await getDb();
      const fresh = await currentOperation(m, op.id);
      await db
        .update(operations)
        .set({ connectorState: { ...fresh.connectorState, [CARD_SENT_AT]: Date.now() - CARD_ANSWER_GRACE_MS - 1000 } })
        .where(eq(operations.id, op.id));
      await reconcileOnce({ minAgeMs: 0, batchSize: 500, merchantId: m });
      expect(await currentOperation(m, op.id)).toMatchObject({ status: "failed", declineCode: "CARD_NOT_RECEIVED" });
      const state = await loadPaymentState(session.id, op.id);
      expect(state.ok && state.value).toMatchObject({ final: true, canRetry: true, sessionStatus: "open" });
      expect(state.ok && state.value.message).toMatch(/never received your card/);
    });
  });

  it("a lost answer to a refused card: the read-back finds the documented error", async () => {
    await withProxy({ status: (path) => (path.startsWith("/p/") ? 504 : null) }, async (m) => {
      const { op } = await startPayment(h, m, { provider: "paysecure", method: paysecureCard(PAYSECURE_TEST_CARDS.errors.CARD_BLOCKED) });
      const refreshed = await refreshOperation({ merchantId: m, operationId: op.id, actor: { kind: "system", id: "test" } });
      expect(refreshed.ok && refreshed.value).toMatchObject({ status: "failed", declineCode: "CARD_BLOCKED", declineReason: "Card is Blocked" });
    });
  });
});
