import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutAttempts, checkoutSessions, operationEvents, operations, webhookEvents } from "@/db/schema";
import { currentCardKey } from "@/lib/crypto/card-keys";
import { registerConnector } from "@/lib/providers/registry";
import { ProviderError, type Connector } from "@/lib/providers/types";
import type { RunningSandbox } from "@/sandbox/server";
import { startQuietSandbox } from "@/test/sandbox";
import { createMerchant, createSession } from "@/test/factories";
import { startProxy } from "@/test/provider-harness";
import { refreshOperation } from "@/lib/operations/actions";
import { reconcileOnce } from "@/lib/operations/reconcile";
import { refreshPaymentState } from "./payment-progress-refresh";
import { testDb } from "@/test/db";
import { encryptCard } from "./card-encrypt";
import type { PayRequest } from "./card-payload";
import { startPayment } from "./start-payment";
import { toResponse } from "@/lib/http/respond";

const BILLING = {
  email: "payer@example.test",
  first_name: "Ada",
  last_name: "Lovelace",
  address: { line1: "1 Main Street", city: "London", state: "Greater London", postal_code: "N1 9GU", country: "GB" },
};
const BROWSER: PayRequest["browser"] = {
  screenWidth: 1280,
  screenHeight: 800,
  colorDepth: 24,
  timezoneOffset: -60,
  language: "en-GB",
  javaEnabled: false,
  javascriptEnabled: true,
  challengeWindow: 3,
};
// A payer address per payment: the per-address pay limit is shared by every test file on one database.
let ipCounter = Math.floor(Math.random() * 60_000);
const CLIENT = { ip: "198.19.0.1", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0", accept: "text/html" };
function client() {
  ipCounter += 1;
  return { ...CLIENT, ip: `198.19.${(ipCounter >> 8) & 255}.${ipCounter & 255}` };
}
const year = String(new Date().getFullYear() + 2);
let n = 0;
const attempt = () => `attempt_${Date.now()}_${n++}_padding`;

async function cardRequest(sessionId: string, cvc: string, overrides: { number?: string; expYear?: string; key?: string } = {}): Promise<PayRequest> {
  const key = await currentCardKey();
  const encryptedCard = await encryptCard(key, { sid: sessionId, number: overrides.number ?? "4242424242424242", expMonth: "12", expYear: overrides.expYear ?? year, cvc, holderName: "Ada Lovelace" });
  return { attemptKey: overrides.key ?? attempt(), method: { type: "card", encryptedCard }, browser: BROWSER };
}

let sandbox: RunningSandbox;
let merchantId: string;

beforeAll(async () => {
  await testDb();
  sandbox = await startQuietSandbox();
  merchantId = (await createMerchant({ providers: ["onramp"], baseUrl: `${sandbox.url}/onramp` })).merchant.id;
});
afterAll(async () => {
  await sandbox.close();
});

async function sessionRow(id: string) {
  const db = await getDb();
  const [s] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, id));
  return s;
}
async function operationsOf(sessionId: string, owner = merchantId) {
  const db = await getDb();
  return db.select().from(operations).where(and(eq(operations.merchantId, owner), eq(operations.sessionId, sessionId)));
}

describe("startPayment against the ON/RAMP sandbox", () => {
  it("pays with CVC 001, keeps only brand/first6/last4, and refuses to pay the session again", async () => {
    const session = await createSession(merchantId, { customer: BILLING, amount: 2490 });
    const request = await cardRequest(session.id, "001");
    const result = await startPayment({ sessionId: session.id, request, client: client() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ status: "succeeded", final: true, sessionStatus: "paid", canRetry: false });
    expect(result.value.successUrl).toBe(`https://shop.example/success?session_id=${session.id}`);
    const [op] = await operationsOf(session.id);
    expect(op).toMatchObject({ cardBrand: "visa", cardFirst6: "424242", cardLast4: "4242", paymentMethod: "card", status: "succeeded" });
    expect((await sessionRow(session.id))?.status).toBe("paid");

    // The same attempt (a reload, a retried request) answers the same operation.
    const again = await startPayment({ sessionId: session.id, request, client: client() });
    expect(again.ok && again.value.operationId).toBe(result.value.operationId);
    // A new attempt on a paid session is refused.
    const second = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.status).toBe(409);
    expect(await operationsOf(session.id)).toHaveLength(1);
  });

  it("makes one operation for concurrent presses with the same attempt key", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const request = await cardRequest(session.id, "002");
    const results = await Promise.all([1, 2, 3].map(() => startPayment({ sessionId: session.id, request, client: client() })));
    const ids = new Set(results.map((r) => (r.ok ? r.value.operationId : r.error.code)));
    expect(ids.size).toBe(1);
    expect(await operationsOf(session.id)).toHaveLength(1);
    const db = await getDb();
    expect(await db.select().from(checkoutAttempts).where(eq(checkoutAttempts.sessionId, session.id))).toHaveLength(1);
  });

  it("refuses a second attempt while one is in progress, and allows another card after a decline", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const first = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "004"), client: client() });
    expect(first.ok && first.value.status).toBe("requires_action");
    expect(first.ok && first.value.action).toMatchObject({ kind: "redirect" });
    const second = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.code).toBe("conflict");

    const other = await createSession(merchantId, { customer: BILLING });
    const declined = await startPayment({ sessionId: other.id, request: await cardRequest(other.id, "003"), client: client() });
    expect(declined.ok && declined.value).toMatchObject({ status: "declined", canRetry: true, sessionStatus: "open" });
    expect(declined.ok && declined.value.message).toMatch(/declined/i);
    const retry = await startPayment({ sessionId: other.id, request: await cardRequest(other.id, "001"), client: client() });
    expect(retry.ok && retry.value.status).toBe("succeeded");
  });

  it("refuses an expired session with 410 and an unknown session with 404", async () => {
    const session = await createSession(merchantId, { customer: BILLING, expiresAt: new Date(Date.now() - 1000) });
    const result = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    expect(!result.ok && result.error.status).toBe(410);
    const missing = await startPayment({ sessionId: "cs_00000000000000000000000000000000", request: await cardRequest("x", "001"), client: client() });
    expect(!missing.ok && missing.error.status).toBe(404);
    expect(await operationsOf(session.id)).toHaveLength(0);
  });

  it("answers 400 with field errors for an invalid card, a card bound to another session, or missing billing", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const expired = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001", { expYear: "2020" }), client: client() });
    expect(!expired.ok && expired.error.fields?.map((f) => f.path)).toContain("card.expiry");
    const luhn = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001", { number: "4242424242424241" }), client: client() });
    expect(!luhn.ok && luhn.error.fields?.map((f) => f.path)).toContain("card.number");
    expect(!luhn.ok && JSON.stringify(luhn.error)).not.toContain("424242424242424");
    const other = await startPayment({ sessionId: session.id, request: await cardRequest("cs_other", "001"), client: client() });
    expect(!other.ok && other.error.fields?.[0]?.path).toBe("card");
    const garbage = await startPayment({ sessionId: session.id, request: { attemptKey: attempt(), method: { type: "card", encryptedCard: "a.b.c.d.e-not-a-jwe" }, browser: BROWSER }, client: client() });
    expect(!garbage.ok && garbage.error.status).toBe(400);

    const bare = await createSession(merchantId, { customer: null });
    const noBilling = await startPayment({ sessionId: bare.id, request: await cardRequest(bare.id, "001"), client: client() });
    expect(!noBilling.ok && noBilling.error.fields?.map((f) => f.path).sort()).toEqual(
      ["billing.address.city", "billing.address.country", "billing.address.line1", "billing.address.postal_code", "billing.address.state", "billing.email", "billing.first_name", "billing.last_name"].sort(),
    );
    const withBilling = await startPayment({ sessionId: bare.id, request: { ...(await cardRequest(bare.id, "001")), billing: BILLING }, client: client() });
    expect(withBilling.ok && withBilling.value.status).toBe("succeeded");
    expect((await sessionRow(bare.id))?.customer).toMatchObject(BILLING);
    expect(await operationsOf(session.id)).toHaveLength(0);
  });

  it("keys the errors a payer's page shows, beside their English sentence", async () => {
    const bare = await createSession(merchantId, { customer: null });
    const partial = { ...BILLING, address: { ...BILLING.address, city: undefined } };
    const missing = await startPayment({ sessionId: bare.id, request: { ...(await cardRequest(bare.id, "001")), billing: partial }, client: client() });
    // What the pay route answers for it.
    const body = (await toResponse(missing).json()) as { error: { message: string; messageKey?: string; fields?: Array<{ path: string; message: string; code?: string }> } };
    expect(body.error).toEqual({
      code: "validation_failed",
      message: "Fill in the billing details.",
      messageKey: "checkout:billingRequired",
      fields: [{ path: "billing.address.city", message: "This field is required.", code: "checkout:required" }],
    });
    const expired = await startPayment({ sessionId: bare.id, request: { ...(await cardRequest(bare.id, "001", { expYear: "2020" })), billing: BILLING }, client: client() });
    expect(!expired.ok && expired.error.messageKey).toBe("checkout:checkCard");
    expect(!expired.ok && expired.error.fields).toEqual([{ path: "card.expiry", message: "This card has expired.", code: "checkout:expiryPast" }]);
    const other = await startPayment({ sessionId: bare.id, request: { ...(await cardRequest("cs_other", "001")), billing: BILLING }, client: client() });
    expect(!other.ok && other.error.fields).toEqual([{ path: "card", message: "The card details could not be read. Submit again to pay.", code: "checkout:cardUnreadable" }]);
    const wallet = await startPayment({ sessionId: bare.id, request: { attemptKey: attempt(), method: { type: "wallet", phone: "48500000001", encryptedCard: "x".repeat(40), quoted: null }, billing: BILLING, browser: BROWSER }, client: client() });
    expect(!wallet.ok && wallet.error.messageKey).toBe("checkout:methodUnavailable");
  });

  it("sends a bank payment without card fields to the provider's bank picker", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const result = await startPayment({ sessionId: session.id, request: { attemptKey: attempt(), method: { type: "bank" }, browser: BROWSER }, client: client() });
    expect(result.ok && result.value.action).toMatchObject({ kind: "redirect" });
    expect(result.ok && result.value.action?.kind === "redirect" && result.value.action.url).toContain("/onramp/bank/");
    const [op] = await operationsOf(session.id);
    expect(op).toMatchObject({ paymentMethod: "bank", cardLast4: null });
  });
});

describe("startPayment when the provider is in trouble", () => {
  it("records an unreachable provider as failed, tells the payer nothing was charged, and lets them retry", async () => {
    const down = (await createMerchant({ providers: ["onramp"], baseUrl: "http://127.0.0.1:1/onramp" })).merchant.id;
    const session = await createSession(down, { customer: BILLING });
    const result = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("provider_unavailable");
    expect(result.error.message).toMatch(/not been charged/);
    const db = await getDb();
    const [op] = await db.select().from(operations).where(eq(operations.sessionId, session.id));
    expect(op).toMatchObject({ status: "failed", declineCode: "PROVIDER_UNAVAILABLE" });
    expect((await sessionRow(session.id))?.status).toBe("open");
  }, 60_000);

  it("leaves an operation whose outcome is unknown open, says so truthfully, and ends it once nothing can be learnt", async () => {
    await import("@/lib/providers/connectors");
    const slow: Connector = {
      name: "fenige",
      capabilities: { methods: ["card"], currencies: "any", billingFields: [], cancel: false, approve: false, decidesOnCallback: false, lookupByOwnId: false, cardBrands: [] },
      start: async () => {
        throw new ProviderError("outcome_unknown", "no answer within 10 s");
      },
      parseCallback: async () => [],
      callbackReply: () => ({ status: 200 }),
      fetchStatus: async () => [],
      describeOutcome: () => ({ key: "X", message: "Declined.", retry: "another_card" }),
  payerMessages: { en: {}, pl: {}, de: {}, es: {}, fr: {} },
      testHints: null,
    };
    registerConnector("fenige", async () => slow);
    const m = (await createMerchant({ providers: ["fenige"], baseUrl: "http://127.0.0.1:1/fenige" })).merchant.id;
    const session = await createSession(m, { provider: "fenige" });
    const result = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    expect(result.ok && result.value).toMatchObject({ status: "created", final: false, canRetry: false, confirming: true, message: null });
    expect(JSON.stringify(result)).not.toMatch(/not been charged/);
    expect((await sessionRow(session.id))?.status).toBe("processing");
    const db = await getDb();
    const events = await db.select({ type: operationEvents.type }).from(operationEvents).where(eq(operationEvents.merchantId, m));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["payment_started", "provider_outcome_unknown"]));
    // And the session stays locked to that attempt until the provider settles it.
    const second = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    expect(!second.ok && second.error.code).toBe("conflict");

    // Without the provider's reference this connector cannot be asked; once the grace period
    // is over the attempt ends (its contract: nothing payable left before the reference),
    // the session reopens and an admin sees it.
    const [op] = await operationsOf(session.id, m);
    if (!op) throw new Error("no operation");
    await db.update(operations).set({ createdAt: new Date(Date.now() - 20 * 60_000) }).where(eq(operations.id, op.id));
    await reconcileOnce({ minAgeMs: 0, batchSize: 500, merchantId: m });
    const [ended] = await operationsOf(session.id, m);
    expect(ended).toMatchObject({ status: "failed", declineCode: "NO_PROVIDER_REFERENCE", attention: "no_provider_reference" });
    expect((await sessionRow(session.id))?.status).toBe("open");
    const retry = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    expect(retry.ok && retry.value.status).toBe("created");
  });

  it("treats a 5xx after the provider took the request as unknown, never as not charged, and lets the provider's status settle it", async () => {
    const proxy = await startProxy(`${sandbox.url}/onramp`, { status: (path) => (path.startsWith("/s2s/create_operation") ? 502 : null) });
    try {
      const m = (await createMerchant({ providers: ["onramp"], baseUrl: proxy.url })).merchant.id;
      const session = await createSession(m, { customer: BILLING });
      const result = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
      expect(result.ok && result.value).toMatchObject({ final: false, confirming: true, canRetry: false });
      expect(JSON.stringify(result)).not.toMatch(/not been charged/);
      const [op] = await operationsOf(session.id, m);
      if (!op) throw new Error("no operation");
      // ON/RAMP did take it (CVV 001: accepted); its own status settles the attempt.
      const settled = await refreshPaymentState(session.id, op.id);
      expect(settled.ok && settled.value).toMatchObject({ status: "succeeded", final: true, sessionStatus: "paid" });
    } finally {
      await proxy.close();
    }
  });

  it("sends checkout_session.processing once when an attempt starts, and paid when it succeeds", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const started = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    if (!started.ok) throw new Error("not started");
    // CVV 001 is accepted at once; no callback reaches this test, so read it back until it shows.
    for (let i = 0; i < 50 && (await sessionRow(session.id))?.status !== "paid"; i++) {
      await refreshOperation({ merchantId, operationId: started.value.operationId, actor: { kind: "system", id: "test" } });
      await new Promise((r) => setTimeout(r, 50));
    }
    const db = await getDb();
    const hooks = await db.select().from(webhookEvents).where(eq(webhookEvents.merchantId, merchantId)).orderBy(asc(webhookEvents.createdAt), asc(webhookEvents.id));
    const mine = hooks.filter((w) => w.type.startsWith("checkout_session.") && (w.payload.data as { id?: string }).id === session.id).map((w) => w.type);
    expect(mine).toEqual(["checkout_session.processing", "checkout_session.paid"]);
  });

  it("tells ON/RAMP whether the customer paid before (first_time)", async () => {
    const seen: unknown[] = [];
    const proxy = await startProxy(`${sandbox.url}/onramp`, { request: (path, body) => (path.startsWith("/s2s/create_operation") ? seen.push(body) : undefined) });
    try {
      const m = (await createMerchant({ providers: ["onramp"], baseUrl: proxy.url })).merchant.id;
      for (let i = 0; i < 2; i++) {
        const session = await createSession(m, { customer: BILLING, customerId: "loyal-1" });
        await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
      }
      expect(seen.map((b) => (b as { first_time?: boolean }).first_time)).toEqual([true, false]);
    } finally {
      await proxy.close();
    }
  });

  it("keeps the payer's billing details only once the provider took them, so a refused one stays editable", async () => {
    const bare = await createSession(merchantId, { customer: null });
    const withdrawn = { ...BILLING, address: { ...BILLING.address, country: "NH" } };
    const refused = await startPayment({ sessionId: bare.id, request: { ...(await cardRequest(bare.id, "001")), billing: withdrawn }, client: client() });
    expect(!refused.ok && refused.error.fields?.map((f) => f.path)).toEqual(["billing.address.country"]);
    expect((await sessionRow(bare.id))?.customer).toBeNull();
    const fixed = await startPayment({ sessionId: bare.id, request: { ...(await cardRequest(bare.id, "001")), billing: BILLING }, client: client() });
    expect(fixed.ok && fixed.value.status).toBe("succeeded");
    expect((await sessionRow(bare.id))?.customer).toMatchObject(BILLING);
  });

  it("fills only the gaps of the merchant's details: a session address without a state asks for the state alone", async () => {
    const noState = { ...BILLING.address, state: undefined };
    const session = await createSession(merchantId, { customer: { ...BILLING, address: noState } });
    const missing = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: client() });
    expect(!missing.ok && missing.error.fields?.map((f) => f.path)).toEqual(["billing.address.state"]);
    const paid = await startPayment({ sessionId: session.id, request: { ...(await cardRequest(session.id, "001")), billing: { address: { state: "Greater London" } } }, client: client() });
    expect(paid.ok && paid.value.status).toBe("succeeded");
    expect((await sessionRow(session.id))?.customer?.address).toMatchObject({ line1: "1 Main Street", state: "Greater London", country: "GB" });
  });

  it("limits attempts per session", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001", { expYear: "2020" }), client: { ...CLIENT, ip: `198.51.100.${i}` } });
      codes.push(r.ok ? "ok" : r.error.code);
    }
    expect(codes.slice(0, 10).every((c) => c === "validation_failed")).toBe(true);
    expect(codes.slice(10)).toEqual(["rate_limited", "rate_limited"]);
  });
});
