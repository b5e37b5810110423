import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { openDatabase, type Db } from "@/db/client";
import { auditLog, operationEvents, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { env } from "@/lib/env";
import { applyProviderUpdates } from "@/lib/operations/apply-updates";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { claimDueDeliveries, deliverDueOnce } from "./deliver";
import { createEndpoint, rotateEndpointSecret, updateEndpoint } from "./endpoints";
import { enqueueWebhookEvent } from "./outbox";
import { replayEvent } from "./replay-event";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback receiver whose answer each test scripts; it records every request it gets. */
async function receiver() {
  const received: Received[] = [];
  let answer: (r: Received, n: number) => { status: number; headers?: Record<string, string> } | "hang" = () => ({ status: 200 });
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const r = { path: req.url ?? "", headers: req.headers, body };
      received.push(r);
      const a = answer(r, received.length);
      if (a === "hang") return;
      res.writeHead(a.status, a.headers ?? {});
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    answer(fn: typeof answer) {
      answer = fn;
    },
    eventIds: () => received.map((r) => String(r.headers["webhook-id"])),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Receiver = Awaited<ReturnType<typeof receiver>>;

let db: Db;
let rx: Receiver;

async function merchantWithEndpoint(path = "/hook") {
  const { merchant } = await createMerchant();
  const created = await createEndpoint({ merchantId: merchant.id, input: { url: rx.url(path) } });
  if (!created.ok) throw created.error;
  return { merchantId: merchant.id, endpoint: created.value };
}

async function emit(merchantId: string, type = "operation.succeeded", data: Record<string, unknown> = { object: "operation", id: "op_x" }) {
  return db.transaction((tx) => enqueueWebhookEvent(tx, { merchantId, type, data }));
}

async function deliveriesOf(merchantId: string) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.merchantId, merchantId)).orderBy(asc(webhookDeliveries.id));
}

/** Time travel: make every pending delivery of the merchant due now. */
async function makeDue(merchantId: string) {
  await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`now() - interval '1 second'` })
    .where(and(eq(webhookDeliveries.merchantId, merchantId), eq(webhookDeliveries.status, "pending")));
}

const received = (path: string) => rx.received.filter((r) => r.path === path);

beforeAll(async () => {
  db = await testDb();
  rx = await receiver();
});
afterAll(async () => {
  await rx.close();
});

describe("webhook delivery", () => {
  it("signs the Standard Webhooks way: the independent standardwebhooks package verifies it", async () => {
    const { merchantId, endpoint } = await merchantWithEndpoint("/sig");
    rx.answer(() => ({ status: 204 }));
    const eventId = await emit(merchantId, "operation.succeeded", { object: "operation", id: "op_sig", amount: 1000 });
    expect(await deliverDueOnce({ workerId: "w-sig", merchantId })).toBe(1);
    const [req] = received("/sig");
    if (!req) throw new Error("nothing received");
    expect(req.headers["webhook-id"]).toBe(eventId);
    expect(req.headers["content-type"]).toBe("application/json");
    const verified = new Webhook(endpoint.secret).verify(req.body, req.headers as Record<string, string>) as Record<string, unknown>;
    expect(verified).toMatchObject({ id: eventId, type: "operation.succeeded", data: { id: "op_sig", amount: 1000 } });
    // A wrong secret or a changed body does not verify.
    expect(() => new Webhook(`whsec_${Buffer.from("another secret of 24 bytes").toString("base64")}`).verify(req.body, req.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(endpoint.secret).verify(req.body.replace("1000", "9999"), req.headers as Record<string, string>)).toThrow();

    const [d] = await deliveriesOf(merchantId);
    expect(d).toMatchObject({ status: "succeeded", attempts: 1, lastResponseStatus: 204, lockedBy: null, nextAttemptAt: null });
    const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, d?.id ?? ""));
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ responseStatus: 204, error: null });
    expect(JSON.stringify(attempts[0])).not.toContain(endpoint.secret.slice(6));
  });

  it("signs with both secrets during a rotation overlap, then only with the new one", async () => {
    const { merchantId, endpoint } = await merchantWithEndpoint("/rotate");
    rx.answer(() => ({ status: 200 }));
    const rotated = await rotateEndpointSecret({ merchantId, endpointId: endpoint.id, input: {} });
    if (!rotated.ok) throw rotated.error;
    expect(rotated.value.secret).not.toBe(endpoint.secret);
    expect(new Date(rotated.value.previous_secret_expires_at ?? 0).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await emit(merchantId);
    await deliverDueOnce({ workerId: "w-rot", merchantId });
    const [during] = received("/rotate");
    if (!during) throw new Error("nothing received");
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() => new Webhook(endpoint.secret).verify(during.body, during.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(rotated.value.secret).verify(during.body, during.headers as Record<string, string>)).not.toThrow();

    // The overlap ends: the old secret no longer signs.
    await db.update(webhookEndpoints).set({ previousSecretExpiresAt: new Date(Date.now() - 1000) }).where(eq(webhookEndpoints.id, endpoint.id));
    await emit(merchantId);
    await deliverDueOnce({ workerId: "w-rot", merchantId });
    const after = received("/rotate")[1];
    if (!after) throw new Error("nothing received");
    expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(() => new Webhook(rotated.value.secret).verify(after.body, after.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(after.body, after.headers as Record<string, string>)).toThrow();
  });

  it("keeps retrying across an app restart and succeeds once the endpoint answers", async () => {
    const { merchantId } = await merchantWithEndpoint("/restart");
    rx.answer(() => ({ status: 500 }));
    await emit(merchantId);
    expect(await deliverDueOnce({ workerId: "instance-1", merchantId })).toBe(1);
    let [d] = await deliveriesOf(merchantId);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: 500, lastError: "HTTP 500", lockedBy: null });
    const wait = (d?.nextAttemptAt?.getTime() ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(2_000);
    expect(wait).toBeLessThan(7_000);
    // Not due yet: nobody sends it again early.
    expect(await deliverDueOnce({ workerId: "instance-1", merchantId })).toBe(0);

    // "Restart": a fresh worker with its own identity and, on Postgres, its own connection;
    // all it knows comes from the database.
    const restarted = env.DATABASE_URL ? await openDatabase({ url: env.DATABASE_URL }) : null;
    try {
      rx.answer(() => ({ status: 200 }));
      await makeDue(merchantId);
      expect(await deliverDueOnce({ workerId: "instance-1-restarted", merchantId, db: restarted?.db ?? db })).toBe(1);
    } finally {
      await restarted?.close();
    }
    [d] = await deliveriesOf(merchantId);
    expect(d).toMatchObject({ status: "succeeded", attempts: 2, lastResponseStatus: 200, lastError: null });
    const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, d?.id ?? "")).orderBy(asc(webhookAttempts.attemptedAt));
    expect(attempts.map((a) => a.responseStatus)).toEqual([500, 200]);
    expect(received("/restart")).toHaveLength(2);
  });

  it("takes over a delivery whose worker died holding the lease", async () => {
    const { merchantId } = await merchantWithEndpoint("/lease");
    rx.answer(() => ({ status: 200 }));
    await emit(merchantId);
    // A worker claims it and dies before sending.
    expect(await claimDueDeliveries(db, "crashed-worker", 10, merchantId)).toHaveLength(1);
    expect(await deliverDueOnce({ workerId: "survivor", merchantId })).toBe(0);
    await db.update(webhookDeliveries).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(webhookDeliveries.merchantId, merchantId));
    expect(await deliverDueOnce({ workerId: "survivor", merchantId })).toBe(1);
    const [d] = await deliveriesOf(merchantId);
    expect(d).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(received("/lease")).toHaveLength(1);
  });

  it("gives an endpoint that was down for a while every event once it recovers", async () => {
    const { merchantId } = await merchantWithEndpoint("/down");
    let up = false;
    rx.answer((r) => (r.path === "/down" && !up ? { status: 503 } : { status: 200 }));
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await emit(merchantId, `operation.status_${i}`));
    // Three rounds of failures while it is down.
    for (let round = 0; round < 3; round++) {
      await makeDue(merchantId);
      expect(await deliverDueOnce({ workerId: "w-down", merchantId, limit: 50 })).toBe(6);
    }
    expect((await deliveriesOf(merchantId)).every((d) => d.status === "pending" && d.attempts === 3)).toBe(true);
    up = true;
    await makeDue(merchantId);
    await deliverDueOnce({ workerId: "w-down", merchantId, limit: 50 });
    const ds = await deliveriesOf(merchantId);
    expect(ds.every((d) => d.status === "succeeded" && d.attempts === 4)).toBe(true);
    const acknowledged = received("/down").slice(-6).map((r) => String(r.headers["webhook-id"]));
    expect(acknowledged.sort()).toEqual([...ids].sort());
  });

  it("delivers each attempt exactly once with two workers racing on separate connections", async () => {
    const { merchantId } = await merchantWithEndpoint("/race");
    rx.answer(() => ({ status: 200 }));
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await emit(merchantId, "operation.processing", { object: "operation", id: `op_${i}` }));
    // Two app instances: on Postgres two separate clients (connection pools); on the
    // embedded database both share its single connection, claims still interleave.
    const second = env.DATABASE_URL ? await openDatabase({ url: env.DATABASE_URL }) : null;
    try {
      const instances = [
        { workerId: "instance-a", db },
        { workerId: "instance-b", db: second?.db ?? db },
      ];
      const drain = async (w: { workerId: string; db: Db }) => {
        let total = 0;
        for (;;) {
          const n = await deliverDueOnce({ ...w, merchantId, limit: 3 });
          total += n;
          if (n === 0) return total;
        }
      };
      const totals = await Promise.all([...instances, ...instances].map(drain));
      expect(totals.reduce((a, b) => a + b, 0)).toBe(40);
    } finally {
      await second?.close();
    }
    const got = received("/race").map((r) => String(r.headers["webhook-id"]));
    expect(got).toHaveLength(40);
    expect(new Set(got).size).toBe(40);
    expect([...got].sort()).toEqual([...ids].sort());
    const attempts = await db
      .select({ meta: webhookAttempts.meta })
      .from(webhookAttempts)
      .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
      .where(eq(webhookDeliveries.merchantId, merchantId));
    expect(attempts).toHaveLength(40);
  });

  it("disables the endpoint on 410 and stops its other pending deliveries", async () => {
    const { merchantId, endpoint } = await merchantWithEndpoint("/gone");
    rx.answer(() => ({ status: 410 }));
    await emit(merchantId);
    await emit(merchantId);
    expect(await deliverDueOnce({ workerId: "w-gone", merchantId, limit: 1 })).toBe(1);
    const [ep] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(ep).toMatchObject({ enabled: false, disabledReason: expect.stringContaining("410") });
    expect((await deliveriesOf(merchantId)).map((d) => d.status)).toEqual(["disabled", "disabled"]);
    expect(await deliverDueOnce({ workerId: "w-gone", merchantId })).toBe(0);
    expect(received("/gone")).toHaveLength(1);
    // Later events are not queued for a disabled endpoint.
    await emit(merchantId);
    expect(await deliveriesOf(merchantId)).toHaveLength(2);
  });

  it("does not follow redirects", async () => {
    const { merchantId } = await merchantWithEndpoint("/redirect");
    rx.answer((r) => (r.path === "/redirect" ? { status: 307, headers: { location: rx.url("/elsewhere") } } : { status: 200 }));
    await emit(merchantId);
    await deliverDueOnce({ workerId: "w-redir", merchantId });
    expect(received("/redirect")).toHaveLength(1);
    expect(received("/elsewhere")).toHaveLength(0);
    const [d] = await deliveriesOf(merchantId);
    expect(d).toMatchObject({ status: "pending", lastResponseStatus: 307, lastError: "redirect (307) not followed" });
  });

  it("times out a silent endpoint and retries it", async () => {
    const { merchantId } = await merchantWithEndpoint("/hang");
    rx.answer((r) => (r.path === "/hang" ? "hang" : { status: 200 }));
    await emit(merchantId);
    await deliverDueOnce({ workerId: "w-hang", merchantId, timeoutMs: 300 });
    const [d] = await deliveriesOf(merchantId);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: null });
    expect(d?.lastError).toMatch(/timed out/);
  });

  it("in production mode refuses loopback and names that resolve to private addresses", async () => {
    const { merchantId } = await merchantWithEndpoint("/private");
    rx.answer(() => ({ status: 200 }));
    await emit(merchantId);
    await deliverDueOnce({ workerId: "w-prod", merchantId, refusePrivate: true });
    expect(received("/private")).toHaveLength(0);
    let [d] = await deliveriesOf(merchantId);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: null });
    expect(d?.lastError).toMatch(/^refused: 127\.0\.0\.1 resolves to a non-public address/);

    // A public-looking name whose DNS answer is loopback (rebinding) is refused too.
    await db.update(webhookEndpoints).set({ url: `http://hooks.shop.test:${rx.port}/private` }).where(eq(webhookEndpoints.merchantId, merchantId));
    await makeDue(merchantId);
    await deliverDueOnce({ workerId: "w-prod", merchantId, refusePrivate: true, resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    expect(received("/private")).toHaveLength(0);
    [d] = await deliveriesOf(merchantId);
    expect(d?.lastError).toMatch(/hooks\.shop\.test resolves to a non-public address \(127\.0\.0\.1\)/);

    // The connection goes to the address that was checked, not to a second lookup.
    await makeDue(merchantId);
    await deliverDueOnce({ workerId: "w-dev", merchantId, refusePrivate: false, resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    const [pinned] = received("/private");
    expect(pinned?.headers.host).toBe(`hooks.shop.test:${rx.port}`);
    [d] = await deliveriesOf(merchantId);
    expect(d?.status).toBe("succeeded");
  });

  it("stops pending deliveries when the endpoint is disabled", async () => {
    const { merchantId, endpoint } = await merchantWithEndpoint("/disabled");
    rx.answer(() => ({ status: 500 }));
    await emit(merchantId);
    await deliverDueOnce({ workerId: "w-dis", merchantId });
    const res = await updateEndpoint({ merchantId, endpointId: endpoint.id, input: { enabled: false } });
    expect(res.ok).toBe(true);
    await makeDue(merchantId);
    expect(await deliverDueOnce({ workerId: "w-dis", merchantId })).toBe(0);
    expect((await deliveriesOf(merchantId))[0]?.status).toBe("disabled");
  });

  it("admin replay sends an event again and records who asked, in the audit log and the operation history", async () => {
    const { merchantId, endpoint } = await merchantWithEndpoint("/replay");
    rx.answer(() => ({ status: 200 }));
    const session = await createSession(merchantId);
    const op = await createOperation(merchantId, session.id, { status: "processing" });
    // Through the real operation writer: the status change writes the outbox.
    await applyProviderUpdates({ merchantId, operationId: op.id, updates: [{ status: "succeeded", providerStatus: "success", providerTime: new Date(), dedupeKey: "replay-1", raw: {} }], source: "callback" });
    const events = await db.select().from(webhookEvents).where(eq(webhookEvents.merchantId, merchantId)).orderBy(asc(webhookEvents.id));
    expect(events.map((e) => e.type)).toEqual(["operation.succeeded", "checkout_session.paid"]);
    await deliverDueOnce({ workerId: "w-replay", merchantId });
    const opEvent = events[0];
    if (!opEvent) throw new Error("no event");
    expect(received("/replay").map((r) => r.headers["webhook-id"]).sort()).toEqual(events.map((e) => e.id).sort());

    const actor = { id: "adm_test", email: "owner@shop.test" };
    const replay = await replayEvent({ merchantId, eventId: opEvent.id, endpointId: endpoint.id, actor });
    expect(replay.ok).toBe(true);
    const [reset] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.eventId, opEvent.id), eq(webhookDeliveries.endpointId, endpoint.id)));
    expect(reset).toMatchObject({ status: "pending", attempts: 0, firstAttemptAt: null });
    await deliverDueOnce({ workerId: "w-replay", merchantId });
    expect(received("/replay").filter((r) => r.headers["webhook-id"] === opEvent.id)).toHaveLength(2);
    const replayed = received("/replay").at(-1);
    expect(JSON.parse(replayed?.body ?? "{}")).toMatchObject({ id: opEvent.id, type: "operation.succeeded", data: { object: "operation", id: op.id, status: "succeeded" } });

    const audit = await db.select().from(auditLog).where(and(eq(auditLog.merchantId, merchantId), eq(auditLog.action, "webhook_event.replayed")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: "owner@shop.test", targetId: opEvent.id });
    const history = await db.select().from(operationEvents).where(and(eq(operationEvents.operationId, op.id), inArray(operationEvents.type, ["webhook.replay_requested", "webhook.succeeded"])));
    expect(history.filter((h) => h.type === "webhook.replay_requested")).toHaveLength(1);
    expect(history.filter((h) => h.type === "webhook.replay_requested")[0]).toMatchObject({ source: "admin", actor: "owner@shop.test" });
    expect(history.filter((h) => h.type === "webhook.succeeded").length).toBeGreaterThanOrEqual(2);

    // Another merchant cannot replay this event.
    const other = await createMerchant();
    const denied = await replayEvent({ merchantId: other.merchant.id, eventId: opEvent.id, endpointId: endpoint.id, actor });
    expect(denied.ok).toBe(false);
  });
});
