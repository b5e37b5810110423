import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutAttempts, checkoutSessions, operationEvents, operations } from "@/db/schema";
import { currentCardKey } from "@/lib/crypto/card-keys";
import { registerConnector } from "@/lib/providers/registry";
import { ProviderError, type Connector } from "@/lib/providers/types";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { createMerchant, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { encryptCard } from "./card-encrypt";
import type { PayRequest } from "./card-payload";
import { startPayment } from "./start-payment";

const BILLING = {
  email: "payer@example.test",
  first_name: "Ada",
  last_name: "Lovelace",
  address: { line1: "1 Main Street", city: "London", postal_code: "N1 9GU", country: "GB" },
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
const CLIENT = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0", accept: "text/html" };
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
  sandbox = await startSandbox({ port: 0, callbackBaseMs: 20, callbackMaxDelayMs: 50, callbackMaxAttempts: 1, callbackTimeoutMs: 500, settleMs: 20 });
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
async function operationsOf(sessionId: string) {
  const db = await getDb();
  return db.select().from(operations).where(and(eq(operations.merchantId, merchantId), eq(operations.sessionId, sessionId)));
}

describe("startPayment against the ON/RAMP sandbox", () => {
  it("pays with CVC 001, keeps only brand/first6/last4, and refuses to pay the session again", async () => {
    const session = await createSession(merchantId, { customer: BILLING, amount: 2490 });
    const request = await cardRequest(session.id, "001");
    const result = await startPayment({ sessionId: session.id, request, client: CLIENT });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ status: "succeeded", final: true, sessionStatus: "paid", canRetry: false });
    expect(result.value.successUrl).toBe(`https://shop.example/success?session_id=${session.id}`);
    const [op] = await operationsOf(session.id);
    expect(op).toMatchObject({ cardBrand: "visa", cardFirst6: "424242", cardLast4: "4242", paymentMethod: "card", status: "succeeded" });
    expect((await sessionRow(session.id))?.status).toBe("paid");

    // The same attempt (a reload, a retried request) answers the same operation.
    const again = await startPayment({ sessionId: session.id, request, client: CLIENT });
    expect(again.ok && again.value.operationId).toBe(result.value.operationId);
    // A new attempt on a paid session is refused.
    const second = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: CLIENT });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.status).toBe(409);
    expect(await operationsOf(session.id)).toHaveLength(1);
  });

  it("makes one operation for concurrent presses with the same attempt key", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const request = await cardRequest(session.id, "002");
    const results = await Promise.all([1, 2, 3].map(() => startPayment({ sessionId: session.id, request, client: CLIENT })));
    const ids = new Set(results.map((r) => (r.ok ? r.value.operationId : r.error.code)));
    expect(ids.size).toBe(1);
    expect(await operationsOf(session.id)).toHaveLength(1);
    const db = await getDb();
    expect(await db.select().from(checkoutAttempts).where(eq(checkoutAttempts.sessionId, session.id))).toHaveLength(1);
  });

  it("refuses a second attempt while one is in progress, and allows another card after a decline", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const first = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "004"), client: CLIENT });
    expect(first.ok && first.value.status).toBe("requires_action");
    expect(first.ok && first.value.action).toMatchObject({ kind: "redirect" });
    const second = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: CLIENT });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.code).toBe("conflict");

    const other = await createSession(merchantId, { customer: BILLING });
    const declined = await startPayment({ sessionId: other.id, request: await cardRequest(other.id, "003"), client: CLIENT });
    expect(declined.ok && declined.value).toMatchObject({ status: "declined", canRetry: true, sessionStatus: "open" });
    expect(declined.ok && declined.value.message).toMatch(/declined/i);
    const retry = await startPayment({ sessionId: other.id, request: await cardRequest(other.id, "001"), client: CLIENT });
    expect(retry.ok && retry.value.status).toBe("succeeded");
  });

  it("refuses an expired session with 410 and an unknown session with 404", async () => {
    const session = await createSession(merchantId, { customer: BILLING, expiresAt: new Date(Date.now() - 1000) });
    const result = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: CLIENT });
    expect(!result.ok && result.error.status).toBe(410);
    const missing = await startPayment({ sessionId: "cs_00000000000000000000000000000000", request: await cardRequest("x", "001"), client: CLIENT });
    expect(!missing.ok && missing.error.status).toBe(404);
    expect(await operationsOf(session.id)).toHaveLength(0);
  });

  it("answers 400 with field errors for an invalid card, a card bound to another session, or missing billing", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const expired = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001", { expYear: "2020" }), client: CLIENT });
    expect(!expired.ok && expired.error.fields?.map((f) => f.path)).toContain("card.expiry");
    const luhn = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001", { number: "4242424242424241" }), client: CLIENT });
    expect(!luhn.ok && luhn.error.fields?.map((f) => f.path)).toContain("card.number");
    expect(!luhn.ok && JSON.stringify(luhn.error)).not.toContain("424242424242424");
    const other = await startPayment({ sessionId: session.id, request: await cardRequest("cs_other", "001"), client: CLIENT });
    expect(!other.ok && other.error.fields?.[0]?.path).toBe("card");
    const garbage = await startPayment({ sessionId: session.id, request: { attemptKey: attempt(), method: { type: "card", encryptedCard: "a.b.c.d.e-not-a-jwe" }, browser: BROWSER }, client: CLIENT });
    expect(!garbage.ok && garbage.error.status).toBe(400);

    const bare = await createSession(merchantId, { customer: null });
    const noBilling = await startPayment({ sessionId: bare.id, request: await cardRequest(bare.id, "001"), client: CLIENT });
    expect(!noBilling.ok && noBilling.error.fields?.map((f) => f.path).sort()).toEqual(
      ["billing.address.city", "billing.address.country", "billing.address.line1", "billing.address.postal_code", "billing.email", "billing.first_name", "billing.last_name"].sort(),
    );
    const withBilling = await startPayment({ sessionId: bare.id, request: { ...(await cardRequest(bare.id, "001")), billing: BILLING }, client: CLIENT });
    expect(withBilling.ok && withBilling.value.status).toBe("succeeded");
    expect((await sessionRow(bare.id))?.customer).toMatchObject(BILLING);
    expect(await operationsOf(session.id)).toHaveLength(0);
  });

  it("sends a bank payment without card fields to the provider's bank picker", async () => {
    const session = await createSession(merchantId, { customer: BILLING });
    const result = await startPayment({ sessionId: session.id, request: { attemptKey: attempt(), method: { type: "bank" }, browser: BROWSER }, client: CLIENT });
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
    const result = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: CLIENT });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("provider_unavailable");
    expect(result.error.message).toMatch(/not been charged/);
    const db = await getDb();
    const [op] = await db.select().from(operations).where(eq(operations.sessionId, session.id));
    expect(op).toMatchObject({ status: "failed", declineCode: "PROVIDER_UNAVAILABLE" });
    expect((await sessionRow(session.id))?.status).toBe("open");
  }, 60_000);

  it("leaves an operation whose outcome is unknown (timeout) open for the provider's status to settle", async () => {
    await import("@/lib/providers/connectors");
    const slow: Connector = {
      name: "fenige",
      capabilities: { methods: ["card"], cancel: false, approve: false, decidesOnCallback: false },
      start: async () => {
        throw new ProviderError("timeout", "no answer within 10 s");
      },
      parseCallback: async () => [],
      callbackReply: () => ({ status: 200 }),
      fetchStatus: async () => [],
    };
    registerConnector("fenige", async () => slow);
    const m = (await createMerchant({ providers: ["fenige"], baseUrl: "http://127.0.0.1:1/fenige" })).merchant.id;
    const session = await createSession(m, { provider: "fenige" });
    const result = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: CLIENT });
    expect(result.ok && result.value).toMatchObject({ status: "created", final: false, canRetry: false });
    expect((await sessionRow(session.id))?.status).toBe("processing");
    const db = await getDb();
    const events = await db.select({ type: operationEvents.type }).from(operationEvents).where(eq(operationEvents.merchantId, m));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["payment_started", "provider_outcome_unknown"]));
    // And the session stays locked to that attempt until the provider settles it.
    const second = await startPayment({ sessionId: session.id, request: await cardRequest(session.id, "001"), client: CLIENT });
    expect(!second.ok && second.error.code).toBe("conflict");
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
