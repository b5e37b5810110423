import { randomInt, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/[operationId]/[token]/route";
import { startCallbackApplier } from "@/lib/operations/callback-inbox";
import { POST as cardDataRoute } from "@/app/api/checkout/[sessionId]/card-data/route";
import { POST as browserStepRoute } from "@/app/pay/[sessionId]/3ds/[step]/route";
import { getDb } from "@/db/client";
import { encryptCard } from "@/lib/checkout/card-encrypt";
import type { PayRequest } from "@/lib/checkout/card-payload";
import { startPayment as payNow } from "@/lib/checkout/start-payment";
import { currentCardKey } from "@/lib/crypto/card-keys";
import { env } from "@/lib/env";
import { findOperation } from "@/lib/operations/load-operation";
import type { ProviderName } from "@/lib/providers/names";
import type { CardInput, NextAction, PaymentMethodInput, StartInput } from "@/lib/providers/types";
import { FENIGE_SANDBOX_CREDENTIALS } from "@/lib/setup/seed-demo";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { testDb } from "./db";
import { createMerchant, createSession } from "./factories";

// Integration harness for provider flows: the provider sandbox in-process, and the
// checkout's callback route served on a real port so the sandbox's callbacks reach it
// over HTTP exactly as in production.

export interface Delivery {
  path: string;
  requestBody: unknown;
  status: number;
  replyBody: unknown;
}

export class CallbackServer {
  readonly deliveries: Delivery[] = [];
  /** Lets a test alter what reaches the route (e.g. a tampered payment-ack). */
  rewrite: ((body: unknown) => unknown) | null = null;
  url = "";
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        void (async () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const url = new URL(req.url ?? "/", this.url);
          const m = /^\/api\/callbacks\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
          if (!m || req.method !== "POST") {
            res.writeHead(404).end();
            return;
          }
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text) as unknown;
          } catch {
            // left as text
          }
          const body = this.rewrite ? JSON.stringify(this.rewrite(parsed)) : text;
          const response = await callbackRoute(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body }), {
            params: Promise.resolve({ provider: m[1] ?? "", operationId: m[2] ?? "", token: m[3] ?? "" }),
          });
          const replyText = await response.text();
          let replyBody: unknown = replyText || null;
          try {
            replyBody = replyText ? (JSON.parse(replyText) as unknown) : null;
          } catch {
            // left as text
          }
          this.deliveries.push({ path: url.pathname, requestBody: parsed, status: response.status, replyBody });
          res.writeHead(response.status, { "content-type": "application/json" });
          res.end(replyText || undefined);
        })();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export interface Harness {
  sandbox: RunningSandbox;
  callbacks: CallbackServer;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  await testDb();
  const sandbox = await startSandbox({ port: 0, callbackBaseMs: 20, callbackMaxDelayMs: 100, callbackMaxAttempts: 6, callbackTimeoutMs: 5_000, settleMs: 20, fenigeMethodLateMs: 300 });
  const callbacks = await new CallbackServer().start();
  // As every app instance does: the callback inbox's look for deliveries no pass applied
  // (another test file's process may stop in the middle of a batch), here ten times a second.
  const stopApplier = startCallbackApplier(100);
  return {
    sandbox,
    callbacks,
    async close() {
      await sandbox.close();
      await callbacks.close();
      await stopApplier();
    },
  };
}

export const BILLING = {
  email: "payer@example.test",
  first_name: "Ada",
  last_name: "Lovelace",
  address: { line1: "1 Main Street", city: "London", state: "Greater London", postal_code: "N1 9GU", country: "GB" },
};

export const BROWSER_INPUT: PayRequest["browser"] = {
  screenWidth: 1280,
  screenHeight: 800,
  colorDepth: 24,
  timezoneOffset: -60,
  language: "en-GB",
  javaEnabled: false,
  javascriptEnabled: true,
  challengeWindow: 5,
};

export const BROWSER: NonNullable<StartInput["browser"]> = {
  screenWidth: 1280,
  screenHeight: 800,
  colorDepth: 24,
  timezoneOffset: -60,
  language: "en-GB",
  javaEnabled: false,
  javascriptEnabled: true,
  challengeWindow: 5,
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
  acceptHeader: "text/html,application/xhtml+xml",
};

export function testCard(cvc: string): PaymentMethodInput {
  return { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: String(new Date().getFullYear() + 3), cvc, holderName: "Ada Lovelace" } };
}

export async function merchantOn(h: Harness) {
  return createMerchant({ providers: ["onramp", "onramp_invoice"], baseUrl: `${h.sandbox.url}/onramp` });
}

/**
 * A merchant with a Paysecure account on the sandbox (or on `baseUrl`, e.g. a proxy in
 * front of it): its own Bearer key, since purchases are visible only to the key that made them.
 */
export async function merchantOnPaysecure(h: Harness, options: { baseUrl?: string; apiKey?: string } = {}) {
  return createMerchant({
    providers: ["paysecure"],
    baseUrl: options.baseUrl ?? `${h.sandbox.url}/paysecure`,
    credentials: { apiKey: options.apiKey ?? `test_${randomUUID()}`, brandId: "brand_harness" },
  });
}

/** A Paysecure card (the sandbox picks the outcome by its number). */
export function paysecureCard(number: string, cvc = "123"): PaymentMethodInput {
  return { type: "card", card: { number, expMonth: "12", expYear: String(new Date().getFullYear() + 3), cvc, holderName: "Ada Lovelace" } };
}

/**
 * Pays through the real pay path (lib/checkout/start-payment.ts): a session made by the
 * factory, the card encrypted to the checkout's key as the page does, and startPayment
 * itself writing the operation and calling the provider. Returns what the provider was
 * given (its callback token) as the sandbox recorded it.
 */
export async function startPayment(
  h: Harness,
  merchantId: string,
  options: {
    provider?: ProviderName;
    method: PaymentMethodInput;
    customerId?: string;
    amount?: number;
    expiresAt?: Date;
    /** Origin the provider is told to call back; a dead one leaves callbacks undelivered. */
    callbackBase?: string;
    currency?: string;
    walletCard?: WalletCardInput;
  },
) {
  const provider = options.provider ?? (options.method.type === "wallet" ? "fenige" : "onramp");
  const customerId = options.customerId ?? "cust_1";
  const amount = options.amount ?? 1000;
  const expiresAt = options.expiresAt ?? new Date(Date.now() + 3600_000);
  const session = await createSession(merchantId, { provider, customerId, customer: BILLING, amount, expiresAt, ...(options.currency ? { currency: options.currency } : {}) });
  const request: PayRequest = {
    attemptKey: `harness_${randomUUID().replaceAll("-", "")}`,
    method: await payMethodOf(session.id, options.method, options.walletCard),
    browser: BROWSER_INPUT,
  };
  const result = await withAppUrl(options.callbackBase ?? h.callbacks.url, () =>
    payNow({ sessionId: session.id, request, client: { ip: payerIp(), userAgent: BROWSER.userAgent, accept: BROWSER.acceptHeader } }),
  );
  if (!result.ok) throw new Error(`payment refused: ${result.error.code} ${result.error.message} ${JSON.stringify(result.error.fields ?? [])}`);
  const op = await currentOperation(merchantId, result.value.operationId);
  const callbackUrl = op.providerReference && provider !== "fenige" ? await providerCallbackUrl(h, op.providerReference) : null;
  const token = callbackUrl ? decodeURIComponent(new URL(callbackUrl).pathname.split("/").at(-1) ?? "") : "";
  return { session, op, token, callbackUrl, started: { providerReference: op.providerReference, state: result.value } };
}

/** The wallet card's code and expiry as the page sends them: only with a wallet payment. */
export interface WalletCardInput {
  cvc: string;
  expMonth: string;
  expYear: string;
}
export const WALLET_CARD: WalletCardInput = { cvc: "123", expMonth: "11", expYear: String(new Date().getFullYear() + 2) };

async function payMethodOf(sessionId: string, method: PaymentMethodInput, walletCard: WalletCardInput = WALLET_CARD): Promise<PayRequest["method"]> {
  switch (method.type) {
    case "card":
      return { type: "card", encryptedCard: await encryptedCard(sessionId, method.card) };
    case "bank":
    case "invoice":
      return { type: method.type };
    case "wallet": {
      const encryptedCard = await encryptCard(await currentCardKey(), { sid: sessionId, ...walletCard });
      // Kept as the page keeps it, to send again when the provider asks (pageSendsCardData).
      pageHeldCard.set(sessionId, encryptedCard);
      return { type: "wallet", phone: method.phone, quoted: method.quoted, encryptedCard };
    }
  }
}

/**
 * A payer address of its own for each payment (198.18.0.0/15, the benchmarking range), so
 * the per-address pay limit, shared by every test file on one database, never trips here.
 */
function payerIp(): string {
  const n = randomInt(0, 1 << 17);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

/** The card as the hosted page encrypts it for one session. */
async function encryptedCard(sessionId: string, card: CardInput): Promise<string> {
  return encryptCard(await currentCardKey(), { sid: sessionId, number: card.number, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc, holderName: card.holderName });
}

/**
 * The app's public origin for the duration of one call: the URLs the pay path hands the
 * provider (callback, payer return) point at this test's callback server. Tests in a file
 * run one after another, and each file has its own process, so nothing else sees it.
 */
async function withAppUrl<T>(origin: string, fn: () => Promise<T>): Promise<T> {
  const before = env.APP_URL;
  env.APP_URL = origin;
  try {
    return await fn();
  } finally {
    env.APP_URL = before;
  }
}

/** The callback (or payment-ack) URL the sandbox received for an operation. */
async function providerCallbackUrl(h: Harness, providerReference: string): Promise<string | null> {
  const res = await fetch(`${h.sandbox.url}/_sandbox/operations/${providerReference}`);
  if (res.status !== 200) return null;
  const view = (await res.json()) as { operation?: { callbackUrl?: string; invoice?: { paymentAckUrl?: string } } };
  return view.operation?.callbackUrl ?? view.operation?.invoice?.paymentAckUrl ?? null;
}

export async function currentOperation(merchantId: string, operationId: string) {
  const op = await findOperation(await getDb(), merchantId, operationId);
  if (!op) throw new Error("operation vanished");
  return op;
}

/** Polls until the operation satisfies `check`. */
export async function waitForOperation(merchantId: string, operationId: string, check: (op: Awaited<ReturnType<typeof currentOperation>>) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const op = await currentOperation(merchantId, operationId);
    if (check(op)) return op;
    if (Date.now() > deadline) throw new Error(`operation ${operationId} stayed ${op.status} (${op.providerStatus ?? "-"})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The payer on the sandbox's ACS (or bank) page: open it, then approve or decline. */
export async function payerDecides(redirectUrl: string, outcome: "approve" | "decline"): Promise<void> {
  const u = new URL(redirectUrl);
  const page = await fetch(u);
  if (page.status !== 200) throw new Error(`provider page answered ${page.status}`);
  await page.text();
  const form = new URLSearchParams({ t: u.searchParams.get("t") ?? "", n: u.searchParams.get("n") ?? "", outcome });
  if (u.pathname.includes("/bank/")) form.set("bank", "Mock National Bank");
  const res = await fetch(`${u.origin}${u.pathname}`, { method: "POST", body: form, redirect: "manual" });
  if (res.status !== 303) throw new Error(`provider page POST answered ${res.status}`);
}

/** The sandbox's own view of an operation (its state, callbacks and payment-acks). */
export async function sandboxView(h: Harness, providerOpId: string): Promise<{ operation: { current: string; invoice?: { state: string; ackAnswers: number[] } }; lifecycleStatus: string }> {
  const res = await fetch(`${h.sandbox.url}/_sandbox/operations/${providerOpId}`);
  return (await res.json()) as never;
}

export async function setChaos(h: Harness, settings: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${h.sandbox.url}/_sandbox/chaos`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
  if (res.status !== 200) throw new Error(`chaos refused: ${await res.text()}`);
}

export async function resetChaos(h: Harness): Promise<void> {
  await fetch(`${h.sandbox.url}/_sandbox/chaos`, { method: "DELETE" });
}

export interface Proxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A stand-in for the network between us and a provider: forwards every request to
 * `target` and lets a test change what comes back (a lost answer after the provider acted,
 * an entry the provider should not have sent). The provider still receives the request.
 */
export async function startProxy(
  target: string,
  change: {
    /** Answer with this status instead of the provider's (its answer is dropped). */
    status?: (path: string) => number | null;
    /** Close the connection without any answer once the provider has answered (a reset after the request left). */
    drop?: (path: string) => boolean;
    /** Answer with this status and never forward: the provider does not see the request at all. */
    answerInstead?: (path: string) => number | null;
    /** Rewrite the provider's JSON answer. */
    response?: (path: string, body: unknown) => unknown;
    /** See each request as the provider receives it. */
    request?: (path: string, body: unknown) => void;
  },
): Promise<Proxy> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const path = req.url ?? "/";
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        if (change.request) {
          try {
            change.request(path, body ? (JSON.parse(body.toString("utf8")) as unknown) : null);
          } catch {
            change.request(path, body?.toString("utf8") ?? null);
          }
        }
        const instead = change.answerInstead?.(path) ?? null;
        if (instead !== null) {
          res.writeHead(instead, { "content-type": "application/json" }).end('{"error":"upstream"}');
          return;
        }
        const upstream = await fetch(`${target}${path}`, { method: req.method, headers, body });
        const text = await upstream.text();
        if (change.drop?.(path)) {
          req.socket.destroy();
          return;
        }
        const forced = change.status?.(path) ?? null;
        if (forced !== null) {
          res.writeHead(forced, { "content-type": "application/json" }).end('{"error":"upstream"}');
          return;
        }
        let out = text;
        if (change.response) {
          try {
            out = JSON.stringify(change.response(path, JSON.parse(text) as unknown));
          } catch {
            // not JSON: passed on as it came
          }
        }
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" }).end(out);
      })().catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---- wallets (Fenige) --------------------------------------------------------------------

/** The card data each session's page encrypted at Pay (the page keeps it; the server never does). */
const pageHeldCard = new Map<string, string>();

export function pageHeldCardOf(sessionId: string): string {
  return pageHeldCard.get(sessionId) ?? "";
}

/**
 * The page sends the card data it holds again, through the real route, as it does when
 * the provider asks for it (NextAction "card_data"). `encryptedCard` overrides what the
 * page holds (a page that lost it and asked the payer).
 */
export async function pageSendsCardData(sessionId: string, operationId: string, encryptedCard = pageHeldCard.get(sessionId) ?? "") {
  const res = await cardDataRoute(
    new Request(`http://localhost:3999/api/checkout/${sessionId}/card-data`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ operationId, encryptedCard }) }),
    { params: Promise.resolve({ sessionId }) },
  );
  return { status: res.status, body: (await res.json()) as unknown };
}

export async function fenigeMerchant(h: Harness) {
  return createMerchant({ providers: ["fenige"], baseUrl: `${h.sandbox.url}/fenige`, credentials: FENIGE_SANDBOX_CREDENTIALS });
}

export function wallet(phone: string, quoted: { amount: number; currency: string } | null = null): PaymentMethodInput {
  return { type: "wallet", phone, quoted };
}

function hiddenFields(html: string): { action: string | null; fields: Record<string, string> } {
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/gi)) fields[m[1] ?? ""] = unescape(m[2] ?? "");
  return { action: action ? unescape(action) : null, fields };
}

/** Our notification route, called as the issuer's page inside our iframe calls it (a form post). */
async function postToCheckout(url: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const m = /^\/pay\/([^/]+)\/3ds\/([^/]+)$/.exec(u.pathname);
  if (!m) throw new Error(`not a 3DS notification URL: ${url}`);
  const res = await browserStepRoute(
    new Request(u, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() }),
    { params: Promise.resolve({ sessionId: m[1] ?? "", step: m[2] ?? "" }) },
  );
  return { status: res.status, text: await res.text() };
}

/**
 * The payer's browser runs the 3DS method: posts the method data to the issuer's URL (the
 * hidden iframe) and, when the issuer's page posts back, that post reaches our route.
 * Returns the notification (null when the issuer never posts back).
 */
export async function browserRunsMethod(action: NextAction | null): Promise<{ url: string; fields: Record<string, string> } | null> {
  if (action?.kind !== "method_iframe") throw new Error(`no method iframe asked for: ${JSON.stringify(action)}`);
  const page = await fetch(action.url, { method: "POST", body: new URLSearchParams(action.fields) });
  const form = hiddenFields(await page.text());
  return form.action ? { url: form.action, fields: form.fields } : null;
}

export async function notify(notification: { url: string; fields: Record<string, string> }) {
  return postToCheckout(notification.url, notification.fields);
}

/** The payer answers the issuer's challenge in the iframe; the issuer's answer is posted to our route. */
export async function browserRunsChallenge(action: NextAction | null, outcome: "approve" | "decline"): Promise<{ url: string; fields: Record<string, string> }> {
  if (action?.kind !== "challenge_iframe") throw new Error(`no challenge iframe asked for: ${JSON.stringify(action)}`);
  const page = await fetch(action.url, { method: "POST", body: new URLSearchParams(action.fields) });
  if (page.status !== 200) throw new Error(`ACS answered ${page.status}`);
  const challenge = hiddenFields(await page.text());
  const origin = new URL(action.url).origin;
  const answered = await fetch(new URL(challenge.action ?? "", origin), { method: "POST", body: new URLSearchParams({ ...challenge.fields, outcome }) });
  const back = hiddenFields(await answered.text());
  if (!back.action) throw new Error("the ACS did not post back");
  return { url: back.action, fields: back.fields };
}
