import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operationEvents, operations } from "@/db/schema";
import { refreshOperation } from "@/lib/operations/actions";
import { runDueStepsOnce } from "@/lib/operations/step-worker";
import { reconcileOnce } from "@/lib/operations/reconcile";
import { loadPaymentState } from "@/lib/checkout/payment-progress";
import { cancelChallenge } from "@/lib/checkout/cancel-challenge";
import { quotePayment } from "@/lib/checkout/quote-payment";
import { findWallet } from "@/lib/checkout/find-wallet";
import {
  browserRunsChallenge,
  browserRunsMethod,
  currentOperation,
  fenigeMerchant,
  notify,
  pageSendsCardData,
  startPayment,
  startProxy,
  wallet,
  waitForOperation,
  type Harness,
} from "@/test/provider-harness";
import { startHarness } from "@/test/provider-harness";
import { createMerchant, createSession } from "@/test/factories";
import { FENIGE_SANDBOX_CREDENTIALS } from "@/lib/setup/seed-demo";

// The Fenige connector against the provider sandbox, through the real pay path
// (lib/checkout/start-payment.ts), the real notification route for the 3DS steps, and the
// step worker for timeouts and read-backs: every wallet of the sandbox's table.

let h: Harness;
let merchantId: string;
const FINAL = ["succeeded", "declined", "cancelled", "expired", "failed"];

beforeAll(async () => {
  h = await startHarness();
  merchantId = (await fenigeMerchant(h)).merchant.id;
});
afterAll(async () => {
  await h.close();
});

/**
 * The page and the step worker until the operation ends: the page sends the card data it
 * holds when asked, the worker reads a settling transfer back.
 */
async function settle(operationId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const op = await currentOperation(merchantId, operationId);
    if (FINAL.includes(op.status)) return op;
    if (Date.now() > deadline) throw new Error(`stayed ${op.status}`);
    if (op.nextAction?.kind === "card_data") await pageSendsCardData(op.sessionId, op.id);
    await runDueStepsOnce({ now: new Date(Date.now() + 2_000), merchantId });
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** What a session's page holds, as the harness encrypted it at Pay. */
async function heldJweOf(sessionId: string): Promise<string> {
  const { pageHeldCardOf } = await import("@/test/provider-harness");
  return pageHeldCardOf(sessionId);
}

async function history(operationId: string) {
  const db = await getDb();
  return db.select().from(operationEvents).where(and(eq(operationEvents.merchantId, merchantId), eq(operationEvents.operationId, operationId))).orderBy(asc(operationEvents.receivedAt));
}

async function sandboxAuth(authenticationId: string) {
  const res = await fetch(`${h.sandbox.url}/_sandbox/operations/${authenticationId}`);
  return ((await res.json()) as { authentication: { methodCompletionIndicator?: string; stage: string } }).authentication;
}

describe("Fenige wallet payments against the sandbox", () => {
  it("48500000001 frictionless: send-money from the Pay request itself, then details until SUCCESS", async () => {
    const { op, started } = await startPayment(h, merchantId, { method: wallet("+48 500 000 001"), currency: "PLN" });
    expect(started.state.status).toBe("processing");
    const after = await currentOperation(merchantId, op.id);
    expect(after.providerReference).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.connectorState).toMatchObject({ stage: "sent", orderId: after.providerReference });
    expect(after.dueAt).not.toBeNull();
    const done = await settle(op.id);
    expect(done).toMatchObject({ status: "succeeded", dueAt: null });
    expect(done.threeDs).toMatchObject({ flow: "frictionless", status: "Y", path: "frictionless Y", eci: "02" });
  });

  it("reconciliation reads send-money details for a Fenige operation that went quiet", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000001"), currency: "PLN" });
    const db = await getDb();
    // No step worker ran: the transfer's read-back is left to reconciliation.
    await db.update(operations).set({ dueAt: null, updatedAt: new Date(Date.now() - 5 * 60_000) }).where(eq(operations.id, op.id));
    await new Promise((r) => setTimeout(r, 50));
    await reconcileOnce({ minAgeMs: 60_000, batchSize: 500, merchantId });
    expect(await currentOperation(merchantId, op.id)).toMatchObject({ status: "succeeded" });
  });

  it("48500000002 method then frictionless: the hidden iframe's notification continues with Y", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000002"), currency: "PLN" });
    const waiting = await currentOperation(merchantId, op.id);
    expect(waiting.status).toBe("requires_action");
    expect(waiting.nextAction).toMatchObject({ kind: "method_iframe", timeoutMs: 10_000, fields: { threeDSMethodData: expect.any(String) } });
    expect(waiting.dueAt?.getTime()).toBeGreaterThan(Date.now() + 8_000);
    const notification = await browserRunsMethod(waiting.nextAction);
    expect(notification?.url).toContain(`/pay/${waiting.sessionId}/3ds/method?op=${op.id}&t=`);
    expect((await notify(notification ?? { url: "", fields: {} })).status).toBe(200);
    const done = await settle(op.id);
    expect(done.status).toBe("succeeded");
    expect(done.threeDs).toMatchObject({ flow: "method", methodCompletion: "Y", path: "method (Y) → frictionless Y", methodMs: expect.any(Number) });
    expect(done.threeDs?.methodMs ?? -1).toBeLessThan(10_000);
    expect((await sandboxAuth(String(done.connectorState.authenticationId))).methodCompletionIndicator).toBe("Y");
  });

  it("a second notification (reload, second tab) changes nothing and never pays twice", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000002"), currency: "PLN" });
    const notification = await browserRunsMethod((await currentOperation(merchantId, op.id)).nextAction);
    if (!notification) throw new Error("no notification");
    const [a, b] = await Promise.all([notify(notification), notify(notification)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await notify(notification);
    const done = await settle(op.id);
    expect(done.status).toBe("succeeded");
    const events = await history(op.id);
    expect(events.filter((e) => e.type === "3ds_method_completed")).toHaveLength(1);
    expect(events.filter((e) => e.type === "send_money:sent")).toHaveLength(1);
    // A token of another operation, or none, is not heard at all.
    const wrong = await notify({ url: notification.url.replace(/t=[^&]+/, "t=wrong-token-wrong-token"), fields: notification.fields });
    expect(wrong.status).toBe(404);
  });

  it("48500000003 method then challenge, approved: our form to the ACS, then finalize and the transfer", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000003"), currency: "PLN" });
    const notification = await browserRunsMethod((await currentOperation(merchantId, op.id)).nextAction);
    await notify(notification ?? { url: "", fields: {} });
    const challenged = await currentOperation(merchantId, op.id);
    expect(challenged.status).toBe("requires_action");
    expect(challenged.nextAction).toMatchObject({ kind: "challenge_iframe", windowSize: 5, fields: { creq: expect.any(String), threeDSSessionData: expect.any(String) } });
    await notify(await browserRunsChallenge(challenged.nextAction, "approve"));
    const done = await settle(op.id);
    expect(done.status).toBe("succeeded");
    expect(done.threeDs).toMatchObject({ flow: "challenge", path: "method (Y) → challenge → Y", methodCompletion: "Y" });
  });

  it("48500000004 challenge from init (EUR card, PLN order): approved", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000004"), currency: "PLN", amount: 18_750 });
    const challenged = await currentOperation(merchantId, op.id);
    expect(challenged.nextAction?.kind).toBe("challenge_iframe");
    expect(challenged.connectorState).toMatchObject({ senderCurrency: "EUR" });
    await notify(await browserRunsChallenge(challenged.nextAction, "approve"));
    expect(await settle(op.id)).toMatchObject({ status: "succeeded", threeDs: { path: "challenge → Y" } });
  });

  it("48500000004 challenge declined: declined AUTHENTICATION_N, no transfer, the card data never asked for", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000004"), currency: "PLN" });
    await notify(await browserRunsChallenge((await currentOperation(merchantId, op.id)).nextAction, "decline"));
    const done = await currentOperation(merchantId, op.id);
    expect(done).toMatchObject({ status: "declined", declineCode: "AUTHENTICATION_N", providerReference: String(done.connectorState.authenticationId) });
    const state = await loadPaymentState(done.sessionId, op.id);
    expect(state.ok && state.value).toMatchObject({ message: expect.stringContaining("did not confirm"), canRetry: true, retry: "try_again" });
    expect((await history(op.id)).map((e) => e.type)).not.toContain("awaiting_card_data");
  });

  it("after the challenge the page is asked for the card data it holds; the transfer leaves only with it, once", async () => {
    const { op, session } = await startPayment(h, merchantId, { method: wallet("48500000004"), currency: "PLN" });
    await notify(await browserRunsChallenge((await currentOperation(merchantId, op.id)).nextAction, "approve"));
    const asked = await currentOperation(merchantId, op.id);
    expect(asked).toMatchObject({ status: "requires_action", nextAction: { kind: "card_data", timeoutMs: 300_000 }, connectorState: { stage: "awaiting_card" } });
    expect(asked.dueAt?.getTime()).toBeGreaterThan(Date.now() + 200_000);
    // Nothing the server holds could send it: the worker's passes change nothing before the deadline.
    await runDueStepsOnce({ now: new Date(Date.now() + 60_000), merchantId });
    expect((await currentOperation(merchantId, op.id)).status).toBe("requires_action");
    // Data the server cannot read (made for another session) is refused before anything is claimed.
    const other = await startPayment(h, merchantId, { method: wallet("48500000005"), currency: "PLN" });
    const foreign = await pageSendsCardData(session.id, op.id, await heldJweOf(other.session.id));
    expect(foreign.status).toBe(400);
    // Two tabs send at once: one transfer.
    const [a, b] = await Promise.all([pageSendsCardData(session.id, op.id), pageSendsCardData(session.id, op.id)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const done = await settle(op.id);
    expect(done.status).toBe("succeeded");
    const events = await history(op.id);
    expect(events.filter((e) => e.type === "card_data_sent")).toHaveLength(1);
    expect(events.filter((e) => e.type === "send_money:sent")).toHaveLength(1);
  });

  it("a page that never sends the card data ends the attempt unpaid when its time is up", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000004"), currency: "PLN" });
    await notify(await browserRunsChallenge((await currentOperation(merchantId, op.id)).nextAction, "approve"));
    expect((await currentOperation(merchantId, op.id)).nextAction?.kind).toBe("card_data");
    await runDueStepsOnce({ now: new Date(Date.now() + 6 * 60_000), merchantId });
    const ended = await currentOperation(merchantId, op.id);
    expect(ended).toMatchObject({ status: "failed", declineCode: "CARD_DATA_NOT_SENT", providerReference: String(ended.connectorState.authenticationId) });
    expect((await history(op.id)).map((e) => e.type)).not.toContain("send_money:sent");
    const state = await loadPaymentState(ended.sessionId, op.id);
    expect(state.ok && state.value).toMatchObject({ message: expect.stringContaining("not been charged"), canRetry: true });
  });

  it("48500000011 method that never notifies: the server's timer continues with N, the challenge follows", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000011"), currency: "PLN" });
    const waiting = await currentOperation(merchantId, op.id);
    expect(await browserRunsMethod(waiting.nextAction)).toBeNull();
    // Not yet due: nothing happens.
    await runDueStepsOnce({ now: new Date(Date.now() + 1_000), merchantId });
    expect((await currentOperation(merchantId, op.id)).nextAction?.kind).toBe("method_iframe");
    const report = await runDueStepsOnce({ now: new Date(Date.now() + 10_500), merchantId });
    expect(report.timeouts).toBeGreaterThanOrEqual(1);
    const challenged = await currentOperation(merchantId, op.id);
    expect(challenged.nextAction?.kind).toBe("challenge_iframe");
    expect(challenged.threeDs).toMatchObject({ methodCompletion: "N", path: "method (N) → challenge" });
    expect(challenged.threeDs?.methodMs ?? 0).toBeGreaterThanOrEqual(10_000);
    expect((await sandboxAuth(String(challenged.connectorState.authenticationId))).methodCompletionIndicator).toBe("N");
    await notify(await browserRunsChallenge(challenged.nextAction, "approve"));
    expect((await settle(op.id)).status).toBe("succeeded");
  });

  it("48500000010 a notification after the 10 s is carried as N, once", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000010"), currency: "PLN" });
    const waiting = await currentOperation(merchantId, op.id);
    // The payer's browser took its time: the action was set 11 s ago.
    const db = await getDb();
    await db.update(operations).set({ actionSetAt: sql`now() - interval '11 seconds'` }).where(eq(operations.id, op.id));
    const page = await fetch(waiting.nextAction?.kind === "method_iframe" ? waiting.nextAction.url : "", { method: "POST", body: new URLSearchParams(waiting.nextAction?.kind === "method_iframe" ? waiting.nextAction.fields : {}) });
    const html = await page.text();
    const action = /action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? "";
    await notify({ url: action, fields: {} });
    const challenged = await currentOperation(merchantId, op.id);
    expect(challenged.threeDs).toMatchObject({ methodCompletion: "N" });
    expect(challenged.nextAction?.kind).toBe("challenge_iframe");
    // The timer finds nothing left to time out.
    const events = await history(op.id);
    expect(events.filter((e) => e.type === "3ds_method_timeout")).toHaveLength(1);
  });

  it("48500000012 no method URL: continue U at once, frictionless", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000012"), currency: "PLN" });
    const done = await settle(op.id);
    expect(done).toMatchObject({ status: "succeeded", threeDs: { methodCompletion: "U", methodMs: 0, path: "method without URL (U) → frictionless Y" } });
  });

  it.each([
    ["48500000013", "succeeded", null],
    ["48500000014", "declined", "AUTHENTICATION_R"],
    ["48500000015", "declined", "AUTHENTICATION_U"],
    ["48500000005", "declined", "AUTHENTICATION_N"],
    ["48500000006", "declined", "SEND_MONEY_FAILURE"],
    ["48500000008", "declined", "ERROR_SENDER_CARD_IS_BLOCKED"],
  ])("wallet %s ends %s (%s)", async (phone, status, code) => {
    const { op } = await startPayment(h, merchantId, { method: wallet(phone), currency: "PLN" });
    const done = await settle(op.id);
    expect(done.status).toBe(status);
    expect(done.declineCode).toBe(code);
  });

  it("48500000007 inactive wallet: refused before anything is written to the provider", async () => {
    await expect(startPayment(h, merchantId, { method: wallet("48500000007"), currency: "PLN" })).rejects.toThrow(/validation_failed .*"path":"wallet.phone","message":"No active wallet/);
    const session = await createSession(merchantId, { provider: "fenige", currency: "PLN" });
    const found = await findWallet({ sessionId: session.id, request: { phone: "+48 500 000 007" }, ip: "198.18.5.1" });
    expect(!found.ok && found.error.fields).toEqual([{ path: "wallet.phone", message: expect.stringContaining("No active wallet"), code: "fenige:NO_WALLET" }]);
    // The payer's page reads the key to say it in its own language.
    expect(!found.ok && found.error.messageKey).toBe("fenige:NO_WALLET");
    expect(await findWallet({ sessionId: session.id, request: { phone: "+48 500 000 001" }, ip: "198.18.5.1" })).toEqual({ ok: true, value: { found: true } });
  });

  it("quotes a PLN order paid from the EUR wallet with the provider's own figures, and holds the payer to them", async () => {
    const session = await createSession(merchantId, { provider: "fenige", currency: "PLN", amount: 18_750 });
    const quote = await quotePayment({ sessionId: session.id, request: { phone: "48500000004" }, ip: "198.18.5.2" });
    if (!quote.ok) throw quote.error;
    const token = FENIGE_SANDBOX_CREDENTIALS.mobileToken ?? "";
    const headers = { authorization: `Mobile ${token}`, "product-name": "TestProduct", "content-type": "application/json" };
    const rate = (await (await fetch(`${h.sandbox.url}/fenige/mobile-api/currency-rate/EUR/PLN`, { headers })).json()) as { higherRate: string };
    const commission = (await (
      await fetch(`${h.sandbox.url}/fenige/mobile-api/calculate-commission`, {
        method: "POST",
        headers,
        body: JSON.stringify({ amount: 18_750, type: "RECEIVER", sender: { cardId: "800004", userId: "700004", currency: "EUR" }, receiver: { userId: 111944, card: "326097", receiverType: "WALLET_CARD_ID", currency: "PLN" } }),
      })
    ).json()) as { commission: number; revaluationResult: { revaluationFundingTotalAmount: number } };
    expect(quote.value).toEqual({
      total: { amount: commission.revaluationResult.revaluationFundingTotalAmount, currency: "EUR" },
      fee: { amount: commission.commission, currency: "EUR" },
      rate: { from: "EUR", to: "PLN", value: rate.higherRate },
      merchantAmount: { amount: 18_750, currency: "PLN" },
    });
    await expect(startPayment(h, merchantId, { method: wallet("48500000004", { amount: quote.value.total.amount + 1, currency: "EUR" }), currency: "PLN", amount: 18_750 })).rejects.toThrow(/"path":"wallet.quote","message":"The amount in your card's currency has changed/);
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000004", quote.value.total), currency: "PLN", amount: 18_750 });
    expect((await currentOperation(merchantId, op.id)).status).toBe("requires_action");
  });

  it("48500000016 an ACS that is down: the challenge times out on the server and ends unpaid", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000016"), currency: "PLN" });
    const challenged = await currentOperation(merchantId, op.id);
    expect(challenged.nextAction?.kind === "challenge_iframe" && challenged.nextAction.url).toContain("/fenige/acs/down");
    await expect(browserRunsChallenge(challenged.nextAction, "approve")).rejects.toThrow(/503/);
    await runDueStepsOnce({ now: new Date(Date.now() + 10 * 60_000 + 1_000), merchantId });
    const done = await currentOperation(merchantId, op.id);
    expect(done).toMatchObject({ status: "failed", declineCode: "CHALLENGE_TIMEOUT" });
  });

  it("48500000016 an ACS that is down: the payer closes the challenge and may pay again at once, nothing charged", async () => {
    const { op, session } = await startPayment(h, merchantId, { method: wallet("48500000016"), currency: "PLN" });
    expect((await currentOperation(merchantId, op.id)).nextAction?.kind).toBe("challenge_iframe");
    const closed = await cancelChallenge({ sessionId: session.id, request: { operationId: op.id } });
    expect(closed.ok && closed.value).toMatchObject({ final: true, canRetry: true, sessionStatus: "open", message: expect.stringContaining("closed the verification") });
    const done = await currentOperation(merchantId, op.id);
    expect(done).toMatchObject({ status: "failed", declineCode: "CHALLENGE_CANCELLED", dueAt: null });
    // No finalize and no transfer went to Fenige; the step is in the history.
    expect((await sandboxAuth(String(done.connectorState.authenticationId))).stage).toBe("challenge");
    const types = (await history(op.id)).map((e) => e.type);
    expect(types).toContain("3ds_challenge_cancelled");
    expect(types.some((t) => t.includes("send_money"))).toBe(false);
    // The server's challenge timer, later, finds nothing left to do.
    await runDueStepsOnce({ now: new Date(Date.now() + 10 * 60_000 + 1_000), merchantId });
    expect((await currentOperation(merchantId, op.id)).updatedAt.getTime()).toBe(done.updatedAt.getTime());
  });

  it("closed first: the issuer's answer arriving afterwards is not carried, and nothing is paid", async () => {
    const { op, session } = await startPayment(h, merchantId, { method: wallet("48500000004"), currency: "PLN" });
    const challenged = await currentOperation(merchantId, op.id);
    await cancelChallenge({ sessionId: session.id, request: { operationId: op.id } });
    await notify(await browserRunsChallenge(challenged.nextAction, "approve"));
    expect(await currentOperation(merchantId, op.id)).toMatchObject({ status: "failed", declineCode: "CHALLENGE_CANCELLED" });
    expect((await history(op.id)).filter((e) => e.type.startsWith("3ds_challenge")).map((e) => e.type)).toEqual(["3ds_challenge_cancelled"]);
  });

  it("answered first: closing the window afterwards changes nothing and the payment goes through", async () => {
    const { op, session } = await startPayment(h, merchantId, { method: wallet("48500000004"), currency: "PLN" });
    await notify(await browserRunsChallenge((await currentOperation(merchantId, op.id)).nextAction, "approve"));
    const late = await cancelChallenge({ sessionId: session.id, request: { operationId: op.id } });
    expect(late.ok).toBe(true);
    expect(await settle(op.id)).toMatchObject({ status: "succeeded", threeDs: { path: "challenge → Y" } });
    expect((await history(op.id)).map((e) => e.type)).not.toContain("3ds_challenge_cancelled");
  });

  it("a challenge can be closed only through its own session", async () => {
    const { op } = await startPayment(h, merchantId, { method: wallet("48500000004"), currency: "PLN" });
    const other = await createSession(merchantId);
    const refused = await cancelChallenge({ sessionId: other.id, request: { operationId: op.id } });
    expect(!refused.ok && refused.error.code).toBe("not_found");
    expect((await currentOperation(merchantId, op.id)).status).toBe("requires_action");
  });

  it("a lost send-money answer leaves the operation open, confirming, and flagged for a person", async () => {
    const proxy = await startProxy(h.sandbox.url, { status: (path) => (path.endsWith("/mobile-api/send-money") ? 502 : null) });
    try {
      const m = (await createMerchant({ providers: ["fenige"], baseUrl: `${proxy.url}/fenige`, credentials: FENIGE_SANDBOX_CREDENTIALS })).merchant.id;
      const { op } = await startPayment(h, m, { method: wallet("48500000001"), currency: "PLN" });
      const after = await waitForOperation(m, op.id, (o) => o.providerStatus === "outcome_unknown");
      expect(after.status).not.toMatch(/failed|declined/);
      expect(after.connectorState).toMatchObject({ stage: "sending" });
      const state = await loadPaymentState(after.sessionId, op.id);
      expect(state.ok && state.value.confirming).toBe(true);
      await refreshOperation({ merchantId: m, operationId: op.id, actor: { kind: "system", id: "test" } });
      const flagged = await currentOperation(m, op.id);
      expect(flagged.attention).toBe("fenige_send_money_unanswered");
      expect(FINAL).not.toContain(flagged.status);
    } finally {
      await proxy.close();
    }
  });
});
