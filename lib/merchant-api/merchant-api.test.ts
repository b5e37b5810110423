import { beforeAll, describe, expect, it } from "vitest";
import { POST as createSession } from "@/app/api/v1/checkout/sessions/route";
import { GET as getSession } from "@/app/api/v1/checkout/sessions/[id]/route";
import { createMerchant } from "@/test/factories";
import { testDb } from "@/test/db";
import { checkoutSessions, idempotencyKeys, rateLimitBuckets } from "@/db/schema";
import { env } from "@/lib/env";
import { and, eq, sql } from "drizzle-orm";
import { SessionResponse } from "@/lib/checkout/session-response";
import { ProviderName } from "@/lib/providers/names";
import { availableProviders } from "@/lib/providers/registry";

const base = "http://localhost:3999/api/v1/checkout/sessions";
const available = await availableProviders();
const connectorless = ProviderName.options.filter((p) => !available.includes(p));
const body = { amount: 2490, currency: "EUR", customer_id: "cust_42", success_url: "https://shop.example/ok", cancel_url: "https://shop.example/cancel" };

function post(key: string | null, payload: unknown, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...extra };
  if (key) headers.authorization = `Bearer ${key}`;
  return createSession(new Request(base, { method: "POST", headers, body: typeof payload === "string" ? payload : JSON.stringify(payload) }));
}
function get(key: string, id: string) {
  return getSession(new Request(`${base}/${id}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ id }) });
}

describe("merchant API: checkout sessions", () => {
  let a: Awaited<ReturnType<typeof createMerchant>>;
  let b: Awaited<ReturnType<typeof createMerchant>>;
  beforeAll(async () => {
    await testDb();
    a = await createMerchant({ name: "Shop A" });
    b = await createMerchant({ name: "Shop B" });
  });

  it("creates a session: 201 with id, hosted url and echoed fields", async () => {
    const res = await post(a.apiKey, { ...body, metadata: { order: "42" } });
    expect(res.status).toBe(201);
    const json = await res.json();
    expect(json).toMatchObject({ object: "checkout_session", status: "open", amount: 2490, currency: "EUR", customer_id: "cust_42", provider: "onramp", metadata: { order: "42" } });
    expect(json.id).toMatch(/^cs_[0-9a-f]{32}$/);
    expect(json.url).toBe(`http://localhost:3999/pay/${json.id}`);
    // The answer is what the OpenAPI document promises.
    expect(SessionResponse.safeParse(json).success).toBe(true);
    const fetched = await get(a.apiKey, json.id);
    expect(fetched.status).toBe(200);
    expect((await fetched.json()).id).toBe(json.id);
  });

  it("refuses at creation a session that could never be paid, naming the field", async () => {
    const invoiceShop = await createMerchant({ name: "Invoice shop", providers: ["onramp", "onramp_invoice"] });
    const usd = await post(invoiceShop.apiKey, { ...body, currency: "USD", provider: "onramp_invoice" });
    expect(usd.status).toBe(422);
    expect((await usd.json()).error.fields).toEqual([{ path: "currency", message: expect.stringContaining("EUR") }]);
    const eur = await post(invoiceShop.apiKey, { ...body, currency: "EUR", provider: "onramp_invoice" });
    expect(eur.status).toBe(201);
  });

  it.skipIf(connectorless.length === 0)("refuses a provider that has no connector with a 422 on provider", async () => {
    const provider = connectorless[0] ?? "paysecure";
    const shop = await createMerchant({ name: "No connector", providers: [provider] });
    const res = await post(shop.apiKey, { ...body, provider });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields.map((f: { path: string }) => f.path)).toEqual(["provider"]);
  });

  it("refuses a missing or wrong key with 401", async () => {
    expect((await post(null, body)).status).toBe(401);
    const res = await post("sk_test_nope_nope_nope_nope", body);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
  });

  it("answers 400 with field errors for an invalid body, and for broken JSON", async () => {
    const res = await post(a.apiKey, { ...body, amount: -5, currency: "ZZZ" });
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error.code).toBe("validation_failed");
    expect(json.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["amount", "currency"]);
    const broken = await post(a.apiKey, "{not json");
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe("invalid_json");
  });

  it("answers 422 when the merchant has no account with the provider", async () => {
    const res = await post(a.apiKey, { ...body, provider: "fenige" });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields[0].path).toBe("provider");
  });

  it("hides another merchant's session behind a 404", async () => {
    const created = await (await post(a.apiKey, body)).json();
    const res = await get(b.apiKey, created.id);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
  });

  it("replays the first answer for the same Idempotency-Key and body", async () => {
    const key = `idem-${Date.now()}`;
    const first = await post(a.apiKey, body, { "idempotency-key": key });
    const second = await post(a.apiKey, { ...body }, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect((await second.json()).id).toBe((await first.json()).id);
  });

  it("answers 422 for the same key with another body", async () => {
    const key = `idem-mismatch-${Date.now()}`;
    expect((await post(a.apiKey, body, { "idempotency-key": key })).status).toBe(201);
    const res = await post(a.apiKey, { ...body, amount: 1 }, { "idempotency-key": key });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe("idempotency_mismatch");
  });

  it("answers 409 while the first request with the key is still in flight", async () => {
    const key = `idem-flight-${Date.now()}`;
    const db = await testDb();
    const { requestHash } = await import("./idempotency");
    await db.insert(idempotencyKeys).values({
      merchantId: a.merchant.id,
      key,
      requestHash: requestHash("POST", "/api/v1/checkout/sessions", body),
      state: "in_flight",
      lockedUntil: new Date(Date.now() + 60_000),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const res = await post(a.apiKey, body, { "idempotency-key": key });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("idempotency_in_flight");
  });

  it("keeps keys per merchant: another merchant may use the same key", async () => {
    const key = `idem-shared-${Date.now()}`;
    const r1 = await post(a.apiKey, body, { "idempotency-key": key });
    const r2 = await post(b.apiKey, { ...body, amount: 7 }, { "idempotency-key": key });
    expect(r1.status).toBe(201);
    expect(r2.status).toBe(201);
  });

  it("answers 429 with Retry-After once a merchant exceeds its per-minute budget, without touching others", async () => {
    const limited = await createMerchant({ name: "Busy shop" });
    const db = await testDb();
    // The whole minute's budget spent a second ago.
    const spentAt = new Date(Date.now() - 1000);
    await db.insert(rateLimitBuckets).values({ key: `api:${limited.merchant.id}`, bucketStart: spentAt, shard: 0, count: env.API_RATE_LIMIT_PER_MINUTE, expiresAt: new Date(spentAt.getTime() + 60_000) });
    const res = await post(limited.apiKey, body);
    expect(res.status).toBe(429);
    expect((await res.json()).error.code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await post(a.apiKey, body)).status).toBe(201);
  });

  it("runs concurrent requests with one key once: the others wait for it and replay its answer", async () => {
    const key = `idem-race-${Date.now()}`;
    const marked = { ...body, metadata: { order: key } };
    const results = await Promise.all(Array.from({ length: 5 }, () => post(a.apiKey, marked, { "idempotency-key": key })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = new Set(await Promise.all(results.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
    const db = await testDb();
    const rows = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(rows).toHaveLength(1);
    const sessions = await db.select({ id: checkoutSessions.id }).from(checkoutSessions).where(sql`${checkoutSessions.metadata}->>'order' = ${key}`);
    expect(sessions.map((r) => r.id)).toEqual([...ids]);
  });

  it("keeps a refusal under its key: the retry replays the 422 and creates nothing", async () => {
    const key = `idem-refused-${Date.now()}`;
    const refused = { ...body, provider: "fenige", metadata: { order: key } };
    const first = await post(a.apiKey, refused, { "idempotency-key": key });
    expect(first.status).toBe(422);
    const second = await post(a.apiKey, refused, { "idempotency-key": key });
    expect(second.status).toBe(422);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
    const db = await testDb();
    expect(await db.select().from(checkoutSessions).where(sql`${checkoutSessions.metadata}->>'order' = ${key}`)).toHaveLength(0);
  });

  it("takes over a key whose claim outlived its lock, and a key kept past its 24 h", async () => {
    const db = await testDb();
    const { requestHash } = await import("./idempotency");
    const stale = `idem-stale-${Date.now()}`;
    const expired = `idem-expired-${Date.now()}`;
    await db.insert(idempotencyKeys).values([
      {
        merchantId: a.merchant.id,
        key: stale,
        requestHash: requestHash("POST", "/api/v1/checkout/sessions", body),
        state: "in_flight",
        lockedUntil: new Date(Date.now() - 1000),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
      {
        merchantId: a.merchant.id,
        key: expired,
        requestHash: "another request, long ago",
        state: "completed",
        responseStatus: 201,
        responseBody: { id: "cs_old" },
        lockedUntil: new Date(Date.now() - 90_000_000),
        expiresAt: new Date(Date.now() - 1000),
      },
    ]);
    for (const key of [stale, expired]) {
      const res = await post(a.apiKey, body, { "idempotency-key": key });
      expect(res.status).toBe(201);
      const created = (await res.json()).id;
      const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.merchantId, a.merchant.id), eq(idempotencyKeys.key, key)));
      expect(row).toMatchObject({ state: "completed", responseStatus: 201 });
      expect((row?.responseBody as { id: string }).id).toBe(created);
    }
  });
});
