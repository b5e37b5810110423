import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/[operationId]/[token]/route";
import { getDb } from "@/db/client";
import { newCallbackToken } from "@/lib/checkout/callback-url";
import { applyProviderUpdates } from "@/lib/operations/apply-updates";
import { findOperation, operationRef } from "@/lib/operations/load-operation";
import { loadProviderAccount } from "@/lib/providers/load-account";
import type { ProviderName } from "@/lib/providers/names";
import { getConnector } from "@/lib/providers/registry";
import type { PaymentMethodInput, StartInput } from "@/lib/providers/types";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { testDb } from "./db";
import { createMerchant, createOperation, createSession } from "./factories";

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
  const sandbox = await startSandbox({ port: 0, callbackBaseMs: 20, callbackMaxDelayMs: 100, callbackMaxAttempts: 6, callbackTimeoutMs: 5_000, settleMs: 20 });
  const callbacks = await new CallbackServer().start();
  return {
    sandbox,
    callbacks,
    async close() {
      await sandbox.close();
      await callbacks.close();
    },
  };
}

export const BILLING = {
  email: "payer@example.test",
  first_name: "Ada",
  last_name: "Lovelace",
  address: { line1: "1 Main Street", city: "London", postal_code: "N1 9GU", country: "GB" },
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

/** Creates session and operation as the pay flow does, and starts the payment at the provider. */
export async function startPayment(
  h: Harness,
  merchantId: string,
  options: {
    provider?: ProviderName;
    method: PaymentMethodInput;
    customerId?: string;
    amount?: number;
    expiresAt?: Date;
    callbackBase?: string;
    beforeStart?: (operationId: string) => Promise<void>;
  },
) {
  const provider = options.provider ?? "onramp";
  const customerId = options.customerId ?? "cust_1";
  const amount = options.amount ?? 1000;
  const expiresAt = options.expiresAt ?? new Date(Date.now() + 3600_000);
  const session = await createSession(merchantId, { provider, customerId, customer: BILLING, amount, expiresAt });
  const { token, hash } = newCallbackToken();
  const op = await createOperation(merchantId, session.id, {
    provider,
    callbackTokenHash: hash,
    paymentMethod: options.method.type,
    customerId,
    amount,
    ...(options.method.type === "card" ? {} : { cardBrand: null, cardFirst6: null, cardLast4: null }),
  });
  if (options.beforeStart) await options.beforeStart(op.id);
  const callbackUrl = `${options.callbackBase ?? h.callbacks.url}/api/callbacks/${provider}/${op.id}/${token}`;
  const db = await getDb();
  const connector = await getConnector(provider);
  const account = await loadProviderAccount(db, merchantId, provider);
  const started = await connector.start(account, {
    operation: operationRef(op),
    method: options.method,
    customer: BILLING,
    browser: BROWSER,
    merchant: { name: "Test Shop", logoUrl: "https://shop.example/logo.png" },
    description: "Order 42",
    expiresAt,
    urls: {
      callback: callbackUrl,
      payerReturn: `https://shop.example/return/${op.id}`,
      payerReturnFailure: `https://shop.example/return/${op.id}?failed=1`,
      threeDsMethodNotification: "https://shop.example/3ds-method",
      challengeNotification: "https://shop.example/challenge",
    },
  });
  await applyProviderUpdates({ merchantId, operationId: op.id, updates: started.updates, source: "checkout" });
  return { session, op, token, callbackUrl, started };
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
