import { createRequire } from "node:module";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as signInGet, POST as signIn } from "@/app/api/auth/[...nextauth]/route";
import { POST as callback } from "@/app/api/callbacks/[provider]/[operationId]/[token]/route";
import { POST as pay } from "@/app/api/checkout/[sessionId]/pay/route";
import { POST as createSession } from "@/app/api/v1/checkout/sessions/route";
import { GET as getSession } from "@/app/api/v1/checkout/sessions/[id]/route";
import { POST as cancelSession } from "@/app/api/v1/checkout/sessions/[id]/cancel/route";
import { GET as listOperations } from "@/app/api/v1/operations/route";
import { POST as cancelOperation } from "@/app/api/v1/operations/[id]/cancel/route";
import { POST as createEndpoint } from "@/app/api/v1/webhook_endpoints/route";
import { POST as updateEndpoint } from "@/app/api/v1/webhook_endpoints/[id]/route";
import { POST as rotateSecret } from "@/app/api/v1/webhook_endpoints/[id]/rotate_secret/route";
import { operations } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto/hash";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-header";
import { uuidOf } from "@/lib/ids";
import type { RunningSandbox } from "@/sandbox/server";
import { startQuietSandbox } from "@/test/sandbox";
import { createAdmin, createMerchant, createSession as sessionRow } from "@/test/factories";
import { testDb } from "@/test/db";
import { PHONE_BROWSER } from "@/test/browser-data";

// Bounded fuzzing of every public route: merchant API, pay, provider callbacks and admin
// sign-in get malformed bodies (random JSON, valid bodies with one field replaced by
// anything, broken or deeply nested JSON, text no database can store, odd content types)
// and must never answer 5xx. Runs and time per route are capped so `npm test` stays quick;
// a failure prints fast-check's seed and the shrunk input to replay.

const RUNS = 40;
const TIME_LIMIT_MS = 6_000;
const APP = "http://localhost:3999";

// Strings that have broken parsers and databases before, mixed with arbitrary text.
const nasty = fc.constantFrom("\u0000", "\ud800", "\udfff", "\u202e", "\ufeff", "", " ", "/", "//evil.example", "javascript:alert(1)", "%00", "💳", "9".repeat(40), "a".repeat(3000));
const text = fc.oneof(nasty, fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "binary-ascii", maxLength: 40 }));
const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(text, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A valid body with one field, possibly nested, replaced by anything (or removed). */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths = collectPaths(valid);
  if (paths.length === 0) return anyJson;
  return fc.tuple(fc.constantFrom(...paths), fc.option(anyJson, { nil: undefined })).map(([path, replacement]) => replaceAt(valid, path, replacement));
}

function collectPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [prefix];
  const own = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => collectPaths(v, [...prefix, k]));
  return prefix.length > 0 ? [prefix, ...own] : own;
}

function replaceAt(value: Record<string, unknown>, path: string[], replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) ?? "";
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** A raw body and the content type it is sent with. */
const contentTypes = fc.constantFrom("application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", null);

function bodies(valid: Record<string, unknown>, type: fc.Arbitrary<string | null> = contentTypes): fc.Arbitrary<{ body: string; type: string | null }> {
  const asJson = (a: fc.Arbitrary<unknown>) => a.map((v) => JSON.stringify(v) ?? "null");
  const raw = fc.oneof(
    asJson(mutated(valid)),
    asJson(mutated(valid)),
    asJson(anyJson),
    fc.json({ maxDepth: 3 }),
    fc.string({ unit: "binary", maxLength: 200 }),
    // Truncated valid JSON.
    fc.nat({ max: 200 }).map((n) => JSON.stringify(valid).slice(0, n)),
    // Nesting past any sane depth.
    fc.integer({ min: 30, max: 3000 }).map((n) => `{"a":${"[".repeat(n)}1${"]".repeat(n)}}`),
    // A JSON escape for NUL or a lone surrogate somewhere inside a valid body.
    fc.constantFrom("\\u0000", "\\ud800").map((esc) => JSON.stringify(valid).replace(/"([^"]*)"$|:"/, `:"${esc}`)),
    fc.constant("a=1&b=%00&c=%ED%A0%80"),
  );
  return fc.record({ body: raw, type });
}

async function noServerError(name: string, arb: fc.Arbitrary<{ body: string; type: string | null }>, send: (body: string, headers: Record<string, string>) => Promise<Response>) {
  await fc.assert(
    fc.asyncProperty(arb, async ({ body, type }) => {
      const res = await send(body, type ? { "content-type": type } : {});
      if (res.status >= 500) throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
    }),
    { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] },
  );
}

const request = (url: string, body: string, headers: Record<string, string>) => new Request(url, { method: "POST", headers, body });
const params = <T extends Record<string, unknown>>(p: T) => ({ params: Promise.resolve(p) });

let sandbox: RunningSandbox;
let apiKey: string;
let merchantId: string;
let sessionId: string;
let endpointId: string;
let cardOperation: { id: string; token: string };
let invoiceOperation: { id: string; token: string };
let adminEmail: string;

const validSession = {
  amount: 2490,
  currency: "EUR",
  customer_id: "cust_42",
  customer: { email: "payer@example.test", first_name: "Ada", last_name: "Lovelace", address: { line1: "1 Main St", city: "London", postal_code: "N1 9GU", country: "GB", state: "LDN" } },
  success_url: "https://shop.example/ok",
  cancel_url: "https://shop.example/cancel",
  description: "Order 42",
  metadata: { order: "42" },
};
const browser = PHONE_BROWSER;
const validPay = { attemptKey: "attempt_fuzz_0000000001", method: { type: "bank" }, billing: validSession.customer, browser };

/** A real operation at the sandbox, whose callback token the test knows. */
async function operationFor(provider: "onramp" | "onramp_invoice", method: "bank" | "invoice"): Promise<{ id: string; token: string }> {
  const session = await sessionRow(merchantId, { provider, customer: validSession.customer });
  const res = await pay(
    new Request(`${APP}/api/checkout/${session.id}/pay`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "fuzz-agent", [PEER_ADDRESS_HEADER]: "198.51.100.90" },
      body: JSON.stringify({ ...validPay, attemptKey: `attempt_${provider}_000000001`, method: { type: method } }),
    }),
    params({ sessionId: session.id }),
  );
  expect(res.status).toBe(200);
  const { operationId } = (await res.json()) as { operationId: string };
  const token = `fuzz-token-${provider}`;
  await (await testDb()).update(operations).set({ callbackTokenHash: sha256Hex(token) }).where(eq(operations.id, operationId));
  return { id: operationId, token };
}

beforeAll(async () => {
  await testDb();
  sandbox = await startQuietSandbox();
  const m = await createMerchant({ providers: ["onramp", "onramp_invoice"], baseUrl: `${sandbox.url}/onramp` });
  apiKey = m.apiKey;
  merchantId = m.merchant.id;
  sessionId = (await sessionRow(merchantId, { customer: validSession.customer })).id;
  const endpoint = await createEndpoint(
    new Request(`${APP}/api/v1/webhook_endpoints`, { method: "POST", headers: { authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ url: "https://hooks.example/h" }) }),
  );
  endpointId = ((await endpoint.json()) as { id: string }).id;
  cardOperation = await operationFor("onramp", "bank");
  invoiceOperation = await operationFor("onramp_invoice", "invoice");
  adminEmail = (await createAdmin(merchantId, "owner", "fuzz owner password")).email;
}, 60_000);
afterAll(async () => {
  await sandbox.close();
});

describe("public routes never answer 5xx to malformed input", () => {
  const merchant = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${apiKey}`, ...extra });
  let n = 0;

  it("merchant API: create session, with and without Idempotency-Key", async () => {
    await noServerError("POST /api/v1/checkout/sessions", bodies(validSession), (body, headers) =>
      createSession(request(`${APP}/api/v1/checkout/sessions`, body, merchant({ ...headers, ...(n++ % 2 ? { "idempotency-key": `fuzz-${n}` } : {}) }))),
    );
  }, 60_000);

  it("merchant API: webhook endpoints, cancels and rotation", async () => {
    const endpoint = { url: "https://hooks.example/x", description: "fuzz", enabled: true };
    await noServerError("POST /api/v1/webhook_endpoints", bodies(endpoint), (body, headers) => createEndpoint(request(`${APP}/api/v1/webhook_endpoints`, body, merchant(headers))));
    await noServerError("POST /api/v1/webhook_endpoints/:id", bodies(endpoint), (body, headers) =>
      updateEndpoint(request(`${APP}/api/v1/webhook_endpoints/${endpointId}`, body, merchant(headers)), params({ id: endpointId })),
    );
    await noServerError("POST /api/v1/webhook_endpoints/:id/rotate_secret", bodies({ expires_in_seconds: 60 }), (body, headers) =>
      rotateSecret(request(`${APP}/api/v1/webhook_endpoints/${endpointId}/rotate_secret`, body, merchant(headers)), params({ id: endpointId })),
    );
    await noServerError("POST /api/v1/checkout/sessions/:id/cancel", bodies({}), (body, headers) =>
      cancelSession(request(`${APP}/api/v1/checkout/sessions/${sessionId}/cancel`, body, merchant(headers)), params({ id: sessionId })),
    );
    await noServerError("POST /api/v1/operations/:id/cancel", bodies({}), (body, headers) =>
      cancelOperation(request(`${APP}/api/v1/operations/${cardOperation.id}/cancel`, body, merchant(headers)), params({ id: cardOperation.id })),
    );
  }, 60_000);

  it("merchant API: ids and query parameters", async () => {
    await fc.assert(
      fc.asyncProperty(text, text, async (id, query) => {
        const get = await getSession(new Request(`${APP}/api/v1/checkout/sessions/x`, { headers: merchant() }), params({ id }));
        const list = await listOperations(new Request(`${APP}/api/v1/operations?${new URLSearchParams({ session_id: query, starting_after: id, limit: query })}`, { headers: merchant() }));
        for (const res of [get, list]) if (res.status >= 500) throw new Error(`answered ${res.status}: ${await res.text()}`);
      }),
      { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] },
    );
  }, 60_000);

  it("pay", async () => {
    await noServerError("POST /api/checkout/:sessionId/pay", bodies(validPay), (body, headers) =>
      pay(request(`${APP}/api/checkout/${sessionId}/pay`, body, { ...headers, [PEER_ADDRESS_HEADER]: `198.51.100.${n++ % 250}` }), params({ sessionId })),
    );
  }, 60_000);

  it("provider callbacks, with the right token (bodies are read) and with wrong addresses", async () => {
    const statusChange = { op_id: uuidOf(cardOperation.id), date: Math.floor(Date.now() / 1000), status: { pending: {} } };
    await noServerError("POST /api/callbacks/onramp", bodies(statusChange), (body, headers) =>
      callback(request(`${APP}/api/callbacks/onramp/${cardOperation.id}/${cardOperation.token}`, body, headers), params({ provider: "onramp", ...pick(cardOperation) })),
    );
    const ack = { invoice_id: "00000000-0000-0000-0000-000000000000", fiat_amount: 1000, fiat_currency: "EUR", merchant_customer_id: "cust_1", card_number_masked: "424242******4242", date: "2025-01-01T00:00:00Z" };
    await noServerError("POST /api/callbacks/onramp_invoice", bodies(ack), (body, headers) =>
      callback(request(`${APP}/api/callbacks/onramp_invoice/${invoiceOperation.id}/${invoiceOperation.token}`, body, headers), params({ provider: "onramp_invoice", ...pick(invoiceOperation) })),
    );
    await fc.assert(
      fc.asyncProperty(text, text, text, async (provider, operationId, token) => {
        const res = await callback(request(`${APP}/api/callbacks/x/y/z`, "{}", { "content-type": "application/json" }), params({ provider, operationId, token }));
        if (res.status >= 500) throw new Error(`answered ${res.status}: ${await res.text()}`);
      }),
      { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] },
    );
  }, 60_000);

  it("admin sign-in", async () => {
    // next-auth reads headers and cookies from Next's request scope, which a direct call has
    // not got; stand in for it with the request being sent, as Next would.
    const nextHeaders = createRequire(import.meta.url)("next/headers") as { headers: unknown; cookies: unknown };
    const original = { headers: nextHeaders.headers, cookies: nextHeaders.cookies };
    let current = new Headers();
    let jar: { name: string; value: string }[] = [];
    nextHeaders.headers = async () => current;
    nextHeaders.cookies = async () => ({ getAll: () => jar });
    try {
      // A real CSRF token and its cookie, so fuzzed forms get past the CSRF check to authorize().
      const csrf: Response = await signInGet(new NextRequest(`${APP}/api/auth/csrf`), params({ nextauth: ["csrf"] }));
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      jar = csrf.headers.getSetCookie().map((c) => {
        const [pair = ""] = c.split(";");
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: decodeURIComponent(pair.slice(at + 1)) };
      });
      const form = { email: adminEmail, password: "guess", csrfToken, callbackUrl: `${APP}/admin`, json: "true" };
      // Mostly the form encoding next-auth's client sends, so most runs reach authorize().
      const types = fc.oneof({ arbitrary: fc.constant("application/x-www-form-urlencoded"), weight: 4 }, { arbitrary: contentTypes, weight: 1 });
      await noServerError("POST /api/auth/callback/credentials", bodies(form, types), async (body, headers) => {
        const asForm = headers["content-type"] === "application/x-www-form-urlencoded" ? formOf(body) : body;
        current = new Headers({ ...headers, [PEER_ADDRESS_HEADER]: `203.0.113.${n++ % 250}` });
        return signIn(new NextRequest(`${APP}/api/auth/callback/credentials`, { method: "POST", headers: current, body: asForm }), params({ nextauth: ["callback", "credentials"] }));
      });
    } finally {
      nextHeaders.headers = original.headers;
      nextHeaders.cookies = original.cookies;
    }
  }, 60_000);
});

function formOf(body: string): string {
  try {
    const value = JSON.parse(body) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return new URLSearchParams(Object.entries(value).map(([k, v]) => [k, String(v)])).toString();
  } catch {
    // not JSON: sent as it is
  }
  return body;
}

function pick(op: { id: string; token: string }) {
  return { operationId: op.id, token: op.token };
}
