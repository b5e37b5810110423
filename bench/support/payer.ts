// A payer and a merchant driven over HTTP against a running app and its provider sandbox,
// step by step as a browser and a merchant server would: create the session (merchant
// API), pay with a card encrypted to the page's key, follow progress (server-sent events),
// approve 3-D Secure at the sandbox's bank page (which sends the provider's callbacks),
// come back to the return page, and wait for the final state. Used by bench:pay,
// bench:load and the two-instance test.
import { randomInt, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { encryptCard, type CardKey } from "../../lib/checkout/card-encrypt";

export interface AppTarget {
  url: string;
  apiKey: string;
}

export const PAYER_BILLING = {
  email: "payer@example.test",
  first_name: "Ada",
  last_name: "Lovelace",
  address: { line1: "1 Main Street", city: "London", state: "Greater London", postal_code: "N1 9GU", country: "GB" },
};

const BROWSER = { screenWidth: 1280, screenHeight: 800, colorDepth: 24, timezoneOffset: -60, language: "en-GB", javaEnabled: false, javascriptEnabled: true, challengeWindow: 5 };

export interface PaymentState {
  operationId: string;
  status: string;
  final: boolean;
  action: { kind: string; url: string } | null;
}

/** A payer address of its own per payment (198.18.0.0/15, the benchmarking range), so per-address limits never trip. */
export function payerIp(): string {
  const n = randomInt(0, 1 << 17);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

export async function createSession(app: AppTarget, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${app.url}/api/v1/checkout/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      amount: 1000 + randomInt(0, 5000),
      currency: "EUR",
      customer_id: `cust_${randomInt(0, 1000)}`,
      customer: PAYER_BILLING,
      success_url: "https://shop.example/success",
      cancel_url: "https://shop.example/cancel",
      provider: "onramp",
      ...extra,
    }),
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id) throw new Error(`session create answered ${res.status}: ${JSON.stringify(body)}`);
  return body.id;
}

const keys = new Map<string, Promise<CardKey>>();
function cardKey(app: AppTarget): Promise<CardKey> {
  let key = keys.get(app.url);
  if (!key) {
    key = fetch(`${app.url}/api/checkout/card-key`).then((r) => r.json() as Promise<CardKey>);
    keys.set(app.url, key);
  }
  return key;
}

/** Press Pay with a test card (ON/RAMP sandbox: any CVV outside its table goes through 3-D Secure). */
export async function pay(app: AppTarget, sessionId: string, cvc = "123", ip = payerIp()): Promise<{ status: number; state: PaymentState; serverTiming: string | null }> {
  const encryptedCard = await encryptCard(await cardKey(app), { sid: sessionId, number: "4242424242424242", expMonth: "12", expYear: String(new Date().getFullYear() + 3), cvc, holderName: "Ada Lovelace" });
  const res = await fetch(`${app.url}/api/checkout/${sessionId}/pay`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip, "user-agent": "Mozilla/5.0 (bench)", accept: "text/html" },
    body: JSON.stringify({ attemptKey: `a_${randomUUID().replaceAll("-", "")}`, method: { type: "card", encryptedCard }, browser: BROWSER }),
  });
  const state = (await res.json()) as PaymentState;
  return { status: res.status, state, serverTiming: res.headers.get("server-timing") };
}

/**
 * Open the progress stream and read states until one satisfies `until` (or the timeout).
 * Each call is one request to the events route, as a page (re)connecting makes.
 */
export async function followProgress(app: AppTarget, sessionId: string, operationId: string, until: (s: PaymentState) => boolean, timeoutMs = 20_000): Promise<PaymentState> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await fetch(`${app.url}/api/checkout/${sessionId}/events?op=${operationId}`, { signal: abort.signal, headers: { accept: "text/event-stream" } });
    if (res.status !== 200 || !res.body) throw new Error(`progress stream answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!/^event: state$/m.test(frame) || !data) continue;
        const state = JSON.parse(data) as PaymentState;
        if (until(state)) return state;
      }
    }
    throw new Error("progress stream ended before the awaited state");
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** The payer on the sandbox's bank page: approve, and get where the bank sends the browser back to. */
export async function approveAtBank(redirectUrl: string): Promise<string> {
  const u = new URL(redirectUrl);
  const page = await fetch(u);
  await page.text();
  const res = await fetch(`${u.origin}${u.pathname}`, {
    method: "POST",
    body: new URLSearchParams({ t: u.searchParams.get("t") ?? "", n: u.searchParams.get("n") ?? "", outcome: "approve" }),
    redirect: "manual",
  });
  await res.text();
  const back = res.headers.get("location");
  if (res.status !== 303 || !back) throw new Error(`bank page answered ${res.status}`);
  return back;
}

/** The payer's browser back on our return page. */
export async function returnToCheckout(returnUrl: string): Promise<number> {
  const res = await fetch(returnUrl, { redirect: "manual" });
  await res.text();
  return res.status;
}

export interface PaymentRun {
  sessionId: string;
  operationId: string;
  final: PaymentState;
  /** Wall time of each step as the payer saw it (milliseconds). */
  wall: Record<"pay" | "progress" | "return", number>;
}

/** One whole card payment through 3-D Secure. `returnTo` lets the payer come back through another instance. */
export async function payOnce(app: AppTarget, options: { returnTo?: AppTarget; sessionId?: string } = {}): Promise<PaymentRun> {
  const sessionId = options.sessionId ?? (await createSession(app));
  let t = performance.now();
  const paid = await pay(app, sessionId);
  const wall = { pay: performance.now() - t, progress: 0, return: 0 };
  if (paid.status !== 200) throw new Error(`pay answered ${paid.status}: ${JSON.stringify(paid.state)}`);
  const operationId = paid.state.operationId;
  t = performance.now();
  const redirect = paid.state.action ?? (await followProgress(app, sessionId, operationId, (s) => s.action !== null || s.final)).action;
  wall.progress = performance.now() - t;
  if (!redirect) throw new Error("no 3-D Secure redirect");
  const back = await approveAtBank(redirect.url);
  const returnUrl = options.returnTo ? back.replace(new URL(back).origin, new URL(options.returnTo.url).origin) : back;
  t = performance.now();
  const status = await returnToCheckout(returnUrl);
  wall.return = performance.now() - t;
  if (status !== 200) throw new Error(`return page answered ${status}`);
  const final = await followProgress(options.returnTo ?? app, sessionId, operationId, (s) => s.final);
  return { sessionId, operationId, final, wall };
}

/**
 * The merchant's webhook receiver, as a real merchant has it: a server of its own (here a
 * loopback one in the bench's process that answers 204), not the demo receiver the app
 * serves for local runs, whose work in the app's process would be counted as the app's.
 * Every webhook endpoint of the merchant is pointed at it through the merchant API.
 */
export async function receiveWebhooksInBench(app: AppTarget): Promise<{ received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const headers = { authorization: `Bearer ${app.apiKey}`, "content-type": "application/json" };
  const list = (await (await fetch(`${app.url}/api/v1/webhook_endpoints`, { headers })).json()) as { data: Array<{ id: string }> };
  for (const endpoint of list.data) {
    const res = await fetch(`${app.url}/api/v1/webhook_endpoints/${endpoint.id}`, { method: "POST", headers, body: JSON.stringify({ url: `http://127.0.0.1:${port}/webhooks` }) });
    if (!res.ok) throw new Error(`moving webhook endpoint ${endpoint.id}: HTTP ${res.status} ${await res.text()}`);
  }
  return { received: () => received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
