import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/[operationId]/[token]/route";
import { getDb } from "@/db/client";
import { checkoutSessions, operationEvents, operations, webhookEvents } from "@/db/schema";
import { reconcileOnce } from "@/lib/operations/reconcile";
import {
  currentOperation,
  merchantOn,
  payerDecides,
  resetChaos,
  sandboxView,
  setChaos,
  startHarness,
  startPayment,
  testCard,
  waitForOperation,
  type Harness,
} from "@/test/provider-harness";
import { createOperation, createSession } from "@/test/factories";

let h: Harness;
let merchantId: string;
const isFinalStatus = (s: string) => ["succeeded", "declined", "cancelled", "expired", "failed"].includes(s);
const DEAD_CALLBACK_BASE = "http://127.0.0.1:9";

beforeAll(async () => {
  h = await startHarness();
  merchantId = (await merchantOn(h)).merchant.id;
});
afterEach(async () => {
  h.callbacks.rewrite = null;
  await resetChaos(h);
});
afterAll(async () => {
  await h.close();
});

function post(provider: string, operationId: string, token: string, body: unknown) {
  const url = `http://localhost:3999/api/callbacks/${provider}/${operationId}/${token}`;
  return callbackRoute(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }), {
    params: Promise.resolve({ provider, operationId, token }),
  });
}

async function events(operationId: string) {
  const db = await getDb();
  return db.select().from(operationEvents).where(and(eq(operationEvents.merchantId, merchantId), eq(operationEvents.operationId, operationId))).orderBy(asc(operationEvents.receivedAt));
}

async function providerHistory(opId: string): Promise<Array<{ op_id: string; date: number; status: Record<string, unknown> }>> {
  const res = await fetch(`${h.sandbox.url}/onramp/s2s/operation_status?op_id=${opId}`, { headers: { "x-xco-authorization": "Bearer 00000000-0000-0000-0000-000000000000" } });
  return (await res.json()) as never;
}

describe("provider callbacks (ON/RAMP S2S)", () => {
  it("duplicated and reordered callbacks leave the right final state, every copy in the history", async () => {
    await setChaos(h, { duplicate: 2, reorder: true });
    const { op } = await startPayment(h, merchantId, { method: testCard("005") });
    const first = await waitForOperation(merchantId, op.id, (o) => o.nextAction?.kind === "redirect" && o.nextAction.number === 1);
    await payerDecides(first.nextAction?.kind === "redirect" ? first.nextAction.url : "", "approve");
    const second = await waitForOperation(merchantId, op.id, (o) => o.nextAction?.kind === "redirect" && o.nextAction.number === 2);
    await payerDecides(second.nextAction?.kind === "redirect" ? second.nextAction.url : "", "approve");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    // Let the duplicates land too.
    await new Promise((r) => setTimeout(r, 500));
    const after = await currentOperation(merchantId, op.id);
    expect(after.status).toBe("succeeded");
    expect(after.redirectCount).toBe(2);
    expect(done.finalizedAt).not.toBeNull();
    const history = await events(op.id);
    expect(history.filter((e) => e.outcome === "duplicate").length).toBeGreaterThan(0);
    expect(history.filter((e) => e.type === "accepted" && e.outcome === "applied")).toHaveLength(1);
    const deliveries = h.callbacks.deliveries.filter((d) => d.path.includes(op.id));
    expect(deliveries.length).toBeGreaterThan(5);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
  });

  it("a late callback for an earlier step changes nothing and is answered continue", async () => {
    const { op, token, started } = await startPayment(h, merchantId, { method: testCard("001") });
    await waitForOperation(merchantId, op.id, (o) => o.status === "succeeded");
    const [pending] = await providerHistory(started.providerReference ?? "");
    const res = await post("onramp", op.id, token, pending);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ action: { continue: {} } });
    expect((await currentOperation(merchantId, op.id)).status).toBe("succeeded");
  });

  it("a wrong token, provider or operation is a 404 that says nothing more", async () => {
    const { op, token } = await startPayment(h, merchantId, { method: testCard("002") });
    const body = { op_id: "00000000-0000-0000-0000-000000000000", date: 1, status: { accepted: {} } };
    const answers = [
      await post("onramp", op.id, `${token.slice(0, -2)}xx`, body),
      await post("paysecure", op.id, token, body),
      await post("nope", op.id, token, body),
      await post("onramp", "op_00000000000000000000000000000000", token, body),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "Callback not found." } });
    }
    expect((await currentOperation(merchantId, op.id)).status).toBe("requires_action");
  });

  it("a callback whose claimed status the read-back contradicts is not applied", async () => {
    const { op, token, started } = await startPayment(h, merchantId, { method: testCard("002") });
    await waitForOperation(merchantId, op.id, (o) => o.status === "requires_action");
    const forged = { op_id: started.providerReference, date: Math.floor(Date.now() / 1000) + 5, status: { accepted: {} } };
    const res = await post("onramp", op.id, token, forged);
    expect(res.status).toBe(200);
    const after = await currentOperation(merchantId, op.id);
    expect(after.status).toBe("requires_action");
    const history = await events(op.id);
    expect(history.some((e) => e.type === "callback_received")).toBe(true);
    expect(history.some((e) => e.type === "accepted")).toBe(false);
  });

  it("a malformed body is a 400 with our error shape, and kept in the history", async () => {
    const { op, token } = await startPayment(h, merchantId, { method: testCard("002") });
    const bad = await post("onramp", op.id, token, { op_id: "x", status: "accepted" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("validation_failed");
    const broken = await post("onramp", op.id, token, "{not json");
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe("invalid_json");
    expect((await events(op.id)).some((e) => e.type === "callback_rejected")).toBe(true);
  });

  it("an unknown status is recorded and answered continue", async () => {
    const { op, token, started } = await startPayment(h, merchantId, { method: testCard("002") });
    await waitForOperation(merchantId, op.id, (o) => o.status === "requires_action");
    const res = await post("onramp", op.id, token, { op_id: started.providerReference, date: 1, status: { teleported: { where: "moon" } }, extra: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ action: { continue: {} } });
    expect((await currentOperation(merchantId, op.id)).status).toBe("requires_action");
  });

  it("a lost callback (operation left non-final) is recovered by reconciliation", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("002"), callbackBase: DEAD_CALLBACK_BASE });
    const waiting = await currentOperation(merchantId, op.id);
    expect(waiting.status).toBe("requires_action");
    await payerDecides(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "", "approve");
    await new Promise((r) => setTimeout(r, 200));
    expect((await currentOperation(merchantId, op.id)).status).toBe("requires_action");
    const report = await reconcileOnce({ minAgeMs: 0, batchSize: 500 });
    expect(report.polled).toBeGreaterThan(0);
    const after = await currentOperation(merchantId, op.id);
    expect(after.status).toBe("succeeded");
    expect((await events(op.id)).some((e) => e.source === "poll" && e.type === "accepted" && e.outcome === "applied")).toBe(true);
  });

  it("reconciliation leaves recently updated operations alone and expires open sessions past their time", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("002"), callbackBase: DEAD_CALLBACK_BASE });
    const before = await currentOperation(merchantId, op.id);
    await reconcileOnce({ minAgeMs: 3600_000 });
    expect((await currentOperation(merchantId, op.id)).updatedAt.getTime()).toBe(before.updatedAt.getTime());

    const stale = await createSession(merchantId, { expiresAt: new Date(Date.now() - 1000) });
    const fresh = await createSession(merchantId);
    const report = await reconcileOnce({ minAgeMs: 3600_000, batchSize: 500 });
    expect(report.expiredSessions).toBeGreaterThan(0);
    const db = await getDb();
    const [s1] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, stale.id));
    const [s2] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, fresh.id));
    expect(s1?.status).toBe("expired");
    expect(s2?.status).toBe("open");
    const hooks = await db.select().from(webhookEvents).where(and(eq(webhookEvents.merchantId, merchantId), eq(webhookEvents.type, "checkout_session.expired")));
    expect(hooks.some((w) => (w.payload as { data: { id: string } }).data.id === stale.id)).toBe(true);
  });

  it("an operation the provider never received fails after the grace period; a young one is left waiting", async () => {
    const session = await createSession(merchantId);
    const old = await createOperation(merchantId, session.id, { createdAt: new Date(Date.now() - 20 * 60_000), updatedAt: new Date(Date.now() - 20 * 60_000) });
    const young = await createOperation(merchantId, session.id, { updatedAt: new Date(Date.now() - 5 * 60_000) });
    await reconcileOnce({ minAgeMs: 60_000, batchSize: 500 });
    const failed = await currentOperation(merchantId, old.id);
    expect(failed.status).toBe("failed");
    expect(failed.providerStatus).toBe("unknown_to_provider");
    expect((await currentOperation(merchantId, young.id)).status).toBe("created");
  });

  it("a poll that changes nothing leaves updated_at alone and leases the operation until the next round", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("009"), callbackBase: DEAD_CALLBACK_BASE });
    const before = await waitForOperation(merchantId, op.id, (o) => o.status === "processing");
    const later = new Date(Date.now() + 120_000);
    const first = await reconcileOnce({ now: later, minAgeMs: 60_000, batchSize: 500 });
    expect(first.polled).toBeGreaterThan(0);
    const after = await currentOperation(merchantId, op.id);
    expect(after.status).toBe("processing");
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(after.reconcileAfter?.getTime()).toBe(later.getTime() + 60_000);
    // Within the lease another pass (another instance) does not poll it again.
    const pollsBefore = (await events(op.id)).length;
    await reconcileOnce({ now: new Date(later.getTime() + 1_000), minAgeMs: 60_000, batchSize: 500 });
    expect((await currentOperation(merchantId, op.id)).reconcileAfter?.getTime()).toBe(later.getTime() + 60_000);
    expect((await events(op.id)).length).toBe(pollsBefore);
  });
});

describe("ON/RAMP ingress invoice payment-ack", () => {
  async function payInvoice(invoiceUrl: string) {
    const u = new URL(invoiceUrl);
    const form = new URLSearchParams({ reference: u.searchParams.get("reference") ?? "" });
    const res = await fetch(`${u.origin}/onramp/invoice/pay`, { method: "POST", body: form, redirect: "manual" });
    await res.text();
  }

  it("starts with a redirect to the invoice page, credits the payment with 200", async () => {
    const { op, started } = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" } });
    const waiting = await currentOperation(merchantId, op.id);
    expect(waiting.status).toBe("requires_action");
    const url = waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "";
    expect(url).toContain("/onramp/invoice?reference=");
    await payInvoice(url);
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("succeeded");
    const view = await sandboxView(h, started.providerReference ?? "");
    expect(view.operation.invoice?.ackAnswers).toEqual([200]);
    expect(view.operation.invoice?.state).toBe("credited");
    const [session] = await (await getDb()).select().from(checkoutSessions).where(eq(checkoutSessions.id, op.sessionId));
    expect(session?.status).toBe("paid");
  });

  it("answers 204 when a cancel was requested: the operation is cancelled, the provider cancels too", async () => {
    const { op, started } = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" } });
    const db = await getDb();
    await db.update(operations).set({ cancelRequestedAt: new Date() }).where(eq(operations.id, op.id));
    const waiting = await currentOperation(merchantId, op.id);
    await payInvoice(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("cancelled");
    const view = await sandboxView(h, started.providerReference ?? "");
    expect(view.operation.invoice?.ackAnswers).toEqual([204]);
  });

  it("answers 204 when the session expired before the acknowledgement", async () => {
    const { op, session } = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" } });
    const db = await getDb();
    await db.update(checkoutSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(checkoutSessions.id, session.id));
    const waiting = await currentOperation(merchantId, op.id);
    await payInvoice(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("expired");
    expect(h.callbacks.deliveries.filter((d) => d.path.includes(op.id)).map((d) => d.status)).toEqual([204]);
  });

  it("answers 204 when the acknowledged amount differs from the invoice", async () => {
    const { op } = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" } });
    h.callbacks.rewrite = (body) => ({ ...(body as object), fiat_amount: 1 });
    const waiting = await currentOperation(merchantId, op.id);
    await payInvoice(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done).toMatchObject({ status: "declined", declineCode: "amount_mismatch" });
    expect(h.callbacks.deliveries.filter((d) => d.path.includes(op.id)).map((d) => d.status)).toEqual([204]);
  });

  it("a repeated acknowledgement of a credited payment gets 200 again; one the read-back does not confirm gets neither 200 nor 204", async () => {
    const { op, token, started } = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" } });
    const early = await post("onramp_invoice", op.id, token, { invoice_id: started.providerReference, fiat_amount: 1000, fiat_currency: "EUR" });
    expect(early.status).toBe(409);
    expect((await currentOperation(merchantId, op.id)).status).toBe("requires_action");
    const waiting = await currentOperation(merchantId, op.id);
    await payInvoice(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "");
    await waitForOperation(merchantId, op.id, (o) => o.status === "succeeded");
    const again = await post("onramp_invoice", op.id, token, { invoice_id: started.providerReference, fiat_amount: 1000, fiat_currency: "EUR" });
    expect(again.status).toBe(200);
  });

  it("merchant approval of an invoice: awaiting_confirmation, then mark_operation and the ack credit it", async () => {
    const { decideOperation, refreshOperation } = await import("@/lib/operations/actions");
    const { op } = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" }, customerId: "needs-approval-inv" });
    const waiting = await currentOperation(merchantId, op.id);
    await payInvoice(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "");
    const refreshed = await refreshOperation({ merchantId, operationId: op.id, actor: { kind: "system", id: "test" } });
    expect(refreshed.ok && refreshed.value.status).toBe("awaiting_confirmation");
    const decided = await decideOperation({ merchantId, operationId: op.id, accept: true, actor: { kind: "admin", id: "owner" } });
    expect(decided.ok).toBe(true);
    expect((await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status))).status).toBe("succeeded");
  });
});
