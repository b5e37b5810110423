import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { GET as list, POST as create } from "@/app/api/v1/webhook_endpoints/route";
import { DELETE as remove, GET as get, POST as update } from "@/app/api/v1/webhook_endpoints/[id]/route";
import { POST as rotate } from "@/app/api/v1/webhook_endpoints/[id]/rotate_secret/route";
import { POST as receive } from "@/app/demo/webhooks/receive/route";
import { demoWebhookReceipts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { open } from "@/lib/crypto/secret-box";
import { createMerchant } from "@/test/factories";
import { testDb } from "@/test/db";
import { enqueueWebhookEvent } from "./outbox";
import { signatureHeader } from "./signature";
import { receiveDemoWebhook } from "./demo-receiver";

const base = "http://localhost:3999/api/v1/webhook_endpoints";
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const call = (fn: (r: Request, c?: { params: Promise<Record<string, string>> }) => Promise<Response>, key: string, init: { method?: string; url?: string; body?: unknown; id?: string } = {}) =>
  fn(
    new Request(init.url ?? base, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
    init.id ? params(init.id) : undefined,
  );

describe("merchant API: webhook endpoints", () => {
  let a: Awaited<ReturnType<typeof createMerchant>>;
  let b: Awaited<ReturnType<typeof createMerchant>>;
  beforeAll(async () => {
    await testDb();
    a = await createMerchant();
    b = await createMerchant();
  });

  it("creates an endpoint, shows the secret once and seals it at rest", async () => {
    const res = await call(create, a.apiKey, { method: "POST", body: { url: "https://hooks.shop.example/in", description: "orders" } });
    expect(res.status).toBe(201);
    const json = await res.json();
    expect(json).toMatchObject({ object: "webhook_endpoint", url: "https://hooks.shop.example/in", description: "orders", enabled: true, previous_secret_expires_at: null });
    expect(json.id).toMatch(/^we_[0-9a-f]{32}$/);
    expect(json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const fetched = await (await call(get, a.apiKey, { url: `${base}/${json.id}`, id: json.id })).json();
    expect(fetched.secret).toBeUndefined();
    expect(fetched.id).toBe(json.id);
    const listed = await (await call(list, a.apiKey)).json();
    expect(listed.object).toBe("list");
    expect(listed.data.map((e: { id: string }) => e.id)).toContain(json.id);
    expect(JSON.stringify(listed)).not.toContain(json.secret);
    const db = await testDb();
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, json.id));
    expect(row?.secretSealed).not.toContain(json.secret.slice(6));
    expect(await open<string>(row?.secretSealed ?? "")).toBe(json.secret);
  });

  it("rejects invalid URLs with field errors", async () => {
    for (const url of ["not a url", "ftp://hooks.shop.example/", "https://user:pw@hooks.shop.example/"]) {
      const res = await call(create, a.apiKey, { method: "POST", body: { url } });
      expect(res.status).toBe(400);
      const json = await res.json();
      expect(json.error.code).toBe("validation_failed");
      expect(json.error.fields[0].path).toBe("url");
    }
    const unknown = await call(create, a.apiKey, { method: "POST", body: { url: "https://hooks.shop.example/", secret: "mine" } });
    expect(unknown.status).toBe(400);
  });

  it("updates, rotates with an overlap, deletes, and hides everything from another merchant", async () => {
    const created = await (await call(create, a.apiKey, { method: "POST", body: { url: "https://hooks.shop.example/a" } })).json();
    const id: string = created.id;
    const url = `${base}/${id}`;

    expect((await call(get, b.apiKey, { url, id })).status).toBe(404);
    expect((await call(update, b.apiKey, { method: "POST", url, id, body: { enabled: false } })).status).toBe(404);
    expect((await call(rotate, b.apiKey, { method: "POST", url: `${url}/rotate_secret`, id, body: {} })).status).toBe(404);
    expect((await call(remove, b.apiKey, { method: "DELETE", url, id })).status).toBe(404);

    const updated = await call(update, a.apiKey, { method: "POST", url, id, body: { url: "https://hooks.shop.example/b", description: null, enabled: false } });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ url: "https://hooks.shop.example/b", description: null, enabled: false, disabled_reason: "Disabled by the merchant." });
    await call(update, a.apiKey, { method: "POST", url, id, body: { enabled: true } });

    const rotated = await call(rotate, a.apiKey, { method: "POST", url: `${url}/rotate_secret`, id, body: { expires_in_seconds: 3600 } });
    expect(rotated.status).toBe(200);
    const r = await rotated.json();
    expect(r.secret).toMatch(/^whsec_/);
    expect(r.secret).not.toBe(created.secret);
    const overlapMs = new Date(r.previous_secret_expires_at).getTime() - Date.now();
    expect(overlapMs).toBeGreaterThan(3500_000);
    expect(overlapMs).toBeLessThanOrEqual(3600_000);

    const deleted = await call(remove, a.apiKey, { method: "DELETE", url, id });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id, object: "webhook_endpoint", deleted: true });
    expect((await call(get, a.apiKey, { url, id })).status).toBe(404);
    const listed = await (await call(list, a.apiKey)).json();
    expect(listed.data.map((e: { id: string }) => e.id)).not.toContain(id);

    // A deleted endpoint gets no new deliveries.
    const db = await testDb();
    await db.transaction((tx) => enqueueWebhookEvent(tx, { merchantId: a.merchant.id, type: "operation.succeeded", data: {} }));
    const rows = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, id)));
    expect(rows).toHaveLength(0);
  });

  it("answers 404 for ids that are not endpoint ids", async () => {
    expect((await call(get, a.apiKey, { url: `${base}/nope`, id: "nope" })).status).toBe(404);
  });
});

describe("demo shop receiver", () => {
  const secret = `whsec_${Buffer.from("demo-secret-for-the-test-0123").toString("base64")}`;
  const body = JSON.stringify({ id: "evt_demo", type: "operation.succeeded", timestamp: new Date().toISOString(), data: { id: "op_1" } });

  it("keeps verified deliveries and refuses forged ones", async () => {
    const ts = Math.floor(Date.now() / 1000);
    const headers = new Headers({ "webhook-id": "evt_demo", "webhook-timestamp": String(ts), "webhook-signature": signatureHeader([secret], "evt_demo", ts, body) });
    expect(await receiveDemoWebhook({ body, headers, secret })).toEqual({ status: 204 });
    const forged = new Headers({ "webhook-id": "evt_demo", "webhook-timestamp": String(ts), "webhook-signature": signatureHeader([`whsec_${Buffer.from("wrong").toString("base64")}`], "evt_demo", ts, body) });
    expect(await receiveDemoWebhook({ body, headers: forged, secret })).toMatchObject({ status: 400 });
    const old = ts - 3600;
    const stale = new Headers({ "webhook-id": "evt_demo", "webhook-timestamp": String(old), "webhook-signature": signatureHeader([secret], "evt_demo", old, body) });
    expect(await receiveDemoWebhook({ body, headers: stale, secret })).toMatchObject({ status: 400 });
    const db = await testDb();
    const receipts = await db.select().from(demoWebhookReceipts).where(eq(demoWebhookReceipts.webhookId, "evt_demo"));
    expect(receipts.map((r) => r.verified).sort()).toEqual([false, false, true]);
    expect(receipts.find((r) => r.verified)?.eventType).toBe("operation.succeeded");
    expect(receipts.filter((r) => !r.verified).every((r) => r.payload === null)).toBe(true);
    // Our signer agrees with the independent package in both directions.
    expect(new Webhook(secret).sign("evt_demo", new Date(ts * 1000), body)).toBe(signatureHeader([secret], "evt_demo", ts, body));
  });

  it("the route answers 400 for an unsigned post", async () => {
    const res = await receive(new Request("http://localhost:3999/demo/webhooks/receive", { method: "POST", body }));
    expect(res.status === 400 || res.status === 503).toBe(true);
  });
});
