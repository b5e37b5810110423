import { beforeAll, describe, expect, it } from "vitest";
import { POST as createSession } from "@/app/api/v1/checkout/sessions/route";
import { GET as getSession } from "@/app/api/v1/checkout/sessions/[id]/route";
import { GET as listOperations } from "@/app/api/v1/operations/route";
import { GET as getOperation } from "@/app/api/v1/operations/[id]/route";
import { POST as createEndpoint } from "@/app/api/v1/webhook_endpoints/route";
import { POST as pay } from "@/app/api/checkout/[sessionId]/pay/route";
import { POST as callback } from "@/app/api/callbacks/[provider]/[operationId]/[token]/route";
import { POST as signIn } from "@/app/api/auth/[...nextauth]/route";
import { NextRequest } from "next/server";
import { newCallbackToken } from "@/lib/checkout/callback-url";
import { createMerchant, createOperation, createSession as sessionRow } from "@/test/factories";
import { testDb } from "@/test/db";
import { BODY_LIMITS } from "./request-body";

// Input no query can carry, URLs zod checks but a refinement then parsed, and bodies too
// deep or too large: each is a 4xx naming what is wrong, never a 500.

const api = "http://localhost:3999/api/v1";
const valid = { amount: 2490, currency: "EUR", customer_id: "cust_42", success_url: "https://shop.example/ok", cancel_url: "https://shop.example/cancel" };

type ErrorJson = { error: { code: string; fields?: { path: string; message: string }[] } };

let key: string;
let merchantId: string;
beforeAll(async () => {
  await testDb();
  const m = await createMerchant();
  key = m.apiKey;
  merchantId = m.merchant.id;
});

function post(body: unknown, headers: Record<string, string> = {}) {
  return createSession(
    new Request(`${api}/checkout/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

async function fieldsOf(res: Response, status = 400): Promise<string[]> {
  expect(res.status).toBe(status);
  const json = (await res.json()) as ErrorJson;
  return (json.error.fields ?? []).map((f) => f.path);
}

function nested(levels: number): string {
  return "[".repeat(levels) + "1" + "]".repeat(levels);
}

/** A body that counts how much of it was pulled (streams pull a few chunks ahead of the reader). */
function countingBody(bytes: number): { stream: ReadableStream<Uint8Array>; read: () => number } {
  let sent = 0;
  const chunk = new Uint8Array(1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, read: () => sent };
}

describe("bad input answers 4xx with the field, never 500", () => {
  it("relative or empty success_url / cancel_url", async () => {
    expect(await fieldsOf(await post({ ...valid, success_url: "/ok" }))).toEqual(["success_url"]);
    expect(await fieldsOf(await post({ ...valid, cancel_url: "" }))).toEqual(["cancel_url"]);
  });

  it("a NUL byte in any string of a JSON body, key or value", async () => {
    expect(await fieldsOf(await post({ ...valid, customer_id: "c\u0000" }))).toEqual(["customer_id"]);
    expect(await fieldsOf(await post({ ...valid, description: "a\u0000b" }))).toEqual(["description"]);
    expect(await fieldsOf(await post({ ...valid, metadata: { "k\u0000": "v" } }))).toEqual(["metadata.k\uFFFD"]);
    expect(await fieldsOf(await post({ ...valid, customer: { address: { line1: "\u0000" } } }))).toEqual(["customer.address.line1"]);
  });

  it("a lone UTF-16 surrogate, which jsonb refuses and text would silently replace", async () => {
    expect(await fieldsOf(await post({ ...valid, metadata: { a: "\ud800" } }))).toEqual(["metadata.a"]);
    expect(await fieldsOf(await post({ ...valid, description: "x\udc00" }))).toEqual(["description"]);
    // A proper pair is text like any other.
    expect((await post({ ...valid, description: "ok \ud83d\ude00" })).status).toBe(201);
  });

  it("a NUL byte in an id or a query parameter", async () => {
    const headers = { authorization: `Bearer ${key}` };
    const session = await getSession(new Request(`${api}/checkout/sessions/%00`, { headers }), { params: Promise.resolve({ id: "\u0000" }) });
    expect(await fieldsOf(session)).toEqual(["id"]);
    const operation = await getOperation(new Request(`${api}/operations/op_%00`, { headers }), { params: Promise.resolve({ id: "op_\u0000" }) });
    expect(await fieldsOf(operation)).toEqual(["id"]);
    expect(await fieldsOf(await listOperations(new Request(`${api}/operations?session_id=%00`, { headers })))).toEqual(["session_id"]);
    const cb = await callback(new Request("http://localhost:3999/api/callbacks/onramp/x/y", { method: "POST", body: "{}" }), {
      params: Promise.resolve({ provider: "onramp", operationId: "op_\u0000", token: "t" }),
    });
    expect(await fieldsOf(cb)).toEqual(["operationId"]);
  });

  it("a malformed id that is not one of ours is simply not found", async () => {
    const headers = { authorization: `Bearer ${key}` };
    const res = await getSession(new Request(`${api}/checkout/sessions/cs_x`, { headers }), { params: Promise.resolve({ id: "cs_x" }) });
    expect(res.status).toBe(404);
  });

  it("JSON nested 5,000 levels deep, with and without an Idempotency-Key", async () => {
    const deep = `{"amount":${nested(5000)}}`;
    expect(await fieldsOf(await post(deep))).toEqual(["amount"]);
    expect(await fieldsOf(await post(deep, { "idempotency-key": `deep-${Date.now()}` }))).toEqual(["amount"]);
    // Ordinary nesting is untouched.
    expect((await post({ ...valid, customer: { address: { line1: "1 Main St", city: "London", postal_code: "N1", country: "GB" } } })).status).toBe(201);
  });

  it("webhook endpoints read bodies the same way", async () => {
    const res = await createEndpoint(
      new Request(`${api}/webhook_endpoints`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: JSON.stringify({ url: "https://x.example/h", description: "a\u0000" }) }),
    );
    expect(await fieldsOf(res)).toEqual(["description"]);
  });
});

describe("admin sign-in bodies", () => {
  const post = (body: string, type: string) =>
    signIn(new NextRequest("http://localhost:3999/api/auth/callback/credentials", { method: "POST", headers: { "content-type": type }, body }), {
      params: Promise.resolve({ nextauth: ["callback", "credentials"] }),
    });

  it("are form fields only: JSON, which next-auth fails on, is refused before it", async () => {
    expect((await post(`{"email":"a@b.test","callbackUrl":-1}`, "application/json")).status).toBe(415);
  });

  it("refuse form fields no query can carry", async () => {
    expect(await fieldsOf(await post("email=a%00%40b.test&password=x", "application/x-www-form-urlencoded"))).toEqual(["email"]);
  });
});

describe("request bodies are capped per route", () => {
  const big = 5 * 1024 * 1024;

  it("pay refuses a 5 MB body after reading no more than its cap", async () => {
    const session = await sessionRow(merchantId);
    const body = countingBody(big);
    const res = await pay(
      new Request(`http://localhost:3999/api/checkout/${session.id}/pay`, { method: "POST", body: body.stream, duplex: "half" } as RequestInit),
      { params: Promise.resolve({ sessionId: session.id }) },
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.code).toBe("payload_too_large");
    expect(body.read()).toBeLessThanOrEqual(BODY_LIMITS.pay + 8 * 1024);
  });

  it("a declared Content-Length over the cap is refused before reading", async () => {
    const res = await post("{}", { "content-length": String(big) });
    expect(res.status).toBe(413);
  });

  it("the merchant API takes a large but legitimate session and refuses more", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key_${i}`, "é".repeat(500)]));
    expect((await post({ ...valid, metadata })).status).toBe(201);
    expect((await post({ ...valid, description: "x".repeat(BODY_LIMITS.merchantApi) })).status).toBe(413);
  });

  it("a callback with a wrong token is answered 404 without its body being read", async () => {
    const session = await sessionRow(merchantId);
    const { hash } = newCallbackToken();
    const op = await createOperation(merchantId, session.id, { callbackTokenHash: hash });
    const body = countingBody(big);
    const res = await callback(new Request(`http://localhost:3999/api/callbacks/onramp/${op.id}/wrong`, { method: "POST", body: body.stream, duplex: "half" } as RequestInit), {
      params: Promise.resolve({ provider: "onramp", operationId: op.id, token: "wrong" }),
    });
    expect(res.status).toBe(404);
    expect(body.read()).toBeLessThanOrEqual(8 * 1024);
  });

  it("a callback with the right token and an oversized body is refused with 413", async () => {
    const session = await sessionRow(merchantId);
    const { token, hash } = newCallbackToken();
    const op = await createOperation(merchantId, session.id, { callbackTokenHash: hash });
    const res = await callback(
      new Request(`http://localhost:3999/api/callbacks/onramp/${op.id}/${token}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=" + "b".repeat(big) }),
      { params: Promise.resolve({ provider: "onramp", operationId: op.id, token }) },
    );
    expect(res.status).toBe(413);
  });

  it("admin sign-in refuses a 5 MB body before next-auth reads it", async () => {
    const body = countingBody(big);
    const res = await signIn(
      new NextRequest("http://localhost:3999/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: body.stream,
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]),
      { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
    );
    expect(res.status).toBe(413);
    expect(body.read()).toBeLessThanOrEqual(BODY_LIMITS.signIn + 8 * 1024);
  });
});
