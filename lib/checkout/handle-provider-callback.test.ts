import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { POST as callbackRoute } from "@/app/api/callbacks/[provider]/[operationId]/[token]/route";
import { callbacksApplied } from "@/lib/operations/callback-inbox";
import { getDb } from "@/db/client";
import { checkoutSessions, operationEvents, operations, webhookEvents } from "@/db/schema";
import { refreshOperation } from "@/lib/operations/actions";
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
  startProxy,
  testCard,
  waitForOperation,
  type Harness,
} from "@/test/provider-harness";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { sha256Hex } from "@/lib/crypto/hash";

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

/** A provider's callback through the route; resolves once this instance has applied what it kept. */
async function post(provider: string, operationId: string, token: string, body: unknown) {
  const url = `http://localhost:3999/api/callbacks/${provider}/${operationId}/${token}`;
  const res = await callbackRoute(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }), {
    params: Promise.resolve({ provider, operationId, token }),
  });
  await callbacksApplied(operationId);
  return res;
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

  it("a callback for a payment ON/RAMP says it does not know is kept and answered continue, not retried forever", async () => {
    const session = await createSession(merchantId);
    const token = "t".repeat(43);
    const ghost = "6f1c2a4e-0000-4000-8000-000000000001";
    const op = await createOperation(merchantId, session.id, { providerReference: ghost, callbackTokenHash: sha256Hex(token) });
    const res = await post("onramp", op.id, token, { op_id: ghost, date: Math.floor(Date.now() / 1000), status: { accepted: {} } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ action: { continue: {} } });
    expect((await currentOperation(merchantId, op.id)).status).toBe("created");
    expect((await events(op.id)).map((e) => e.type)).toContain("callback_unverified");
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

  it("a body it cannot read is kept in the history and answered continue; the read-back still applies", async () => {
    const { op, token, started } = await startPayment(h, merchantId, { method: testCard("002"), callbackBase: DEAD_CALLBACK_BASE });
    const shapeless = await post("onramp", op.id, token, { op_id: "x", status: "accepted" });
    expect(shapeless.status).toBe(200);
    expect(await shapeless.json()).toEqual({ action: { continue: {} } });
    // A documented status with a malformed field: ON/RAMP would retry a 400 forever.
    const malformed = await post("onramp", op.id, token, { op_id: started.providerReference, date: Math.floor(Date.now() / 1000), status: { waiting_user_to_be_redirected: { url: "not a url", number: "x" } } });
    expect(malformed.status).toBe(200);
    expect(await malformed.json()).toEqual({ action: { continue: {} } });
    const received = (await events(op.id)).filter((e) => e.type === "callback_received");
    expect(received.map((e) => (e.payload as { body: unknown }).body)).toEqual(expect.arrayContaining([{ op_id: "x", status: "accepted" }]));
    expect(received).toHaveLength(2);
    // The payer approves; the next delivery (of anything) reads the truth back and applies it.
    const waiting = await currentOperation(merchantId, op.id);
    await payerDecides(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "", "approve");
    await post("onramp", op.id, token, { op_id: started.providerReference, date: 0, status: { accepted: { bonus: [1] } } });
    expect((await currentOperation(merchantId, op.id)).status).toBe("succeeded");
  });

  it("a broken entry in operation_status is recorded once and does not hide the others", async () => {
    // ON/RAMP answers through a proxy that adds one unreadable entry to every history.
    const proxy = await startProxy(`${h.sandbox.url}/onramp`, {
      response: (path, body) =>
        path.startsWith("/s2s/operation_status") && Array.isArray(body) ? [...body, { op_id: (body[0] as { op_id?: string } | undefined)?.op_id, date: "yesterday", status: { accepted: {} } }] : body,
    });
    const m = (await createMerchant({ providers: ["onramp"], baseUrl: proxy.url })).merchant.id;
    try {
      const { op, token, started } = await startPayment(h, m, { method: testCard("002"), callbackBase: DEAD_CALLBACK_BASE });
      expect((await currentOperation(m, op.id)).status).toBe("requires_action");
      const waiting = await currentOperation(m, op.id);
      await payerDecides(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "", "approve");
      const answer = await post("onramp", op.id, token, { op_id: started.providerReference, date: Math.floor(Date.now() / 1000), status: { accepted: {} } });
      expect(answer.status).toBe(200);
      expect((await currentOperation(m, op.id)).status).toBe("succeeded");
      // Reconciliation reads it too, without failing.
      const refreshed = await refreshOperation({ merchantId: m, operationId: op.id, actor: { kind: "system", id: "test" } });
      expect(refreshed.ok).toBe(true);
      const db = await getDb();
      const unreadable = await db.select().from(operationEvents).where(and(eq(operationEvents.merchantId, m), eq(operationEvents.operationId, op.id), eq(operationEvents.type, "unreadable:operation_status")));
      expect(unreadable).toHaveLength(1);
    } finally {
      await proxy.close();
    }
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
    const report = await reconcileOnce({ minAgeMs: 0, batchSize: 500, merchantId });
    expect(report.polled).toBeGreaterThan(0);
    const after = await currentOperation(merchantId, op.id);
    expect(after.status).toBe("succeeded");
    expect((await events(op.id)).some((e) => e.source === "poll" && e.type === "accepted" && e.outcome === "applied")).toBe(true);
  });

  it("reconciliation leaves recently updated operations alone and expires open sessions past their time", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("002"), callbackBase: DEAD_CALLBACK_BASE });
    const before = await currentOperation(merchantId, op.id);
    await reconcileOnce({ minAgeMs: 3600_000, merchantId });
    expect((await currentOperation(merchantId, op.id)).updatedAt.getTime()).toBe(before.updatedAt.getTime());

    const stale = await createSession(merchantId, { expiresAt: new Date(Date.now() - 1000) });
    const fresh = await createSession(merchantId);
    const report = await reconcileOnce({ minAgeMs: 3600_000, batchSize: 500, merchantId });
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
    await reconcileOnce({ minAgeMs: 60_000, batchSize: 500, merchantId });
    const failed = await currentOperation(merchantId, old.id);
    expect(failed.status).toBe("failed");
    expect(failed.providerStatus).toBe("unknown_to_provider");
    expect((await currentOperation(merchantId, young.id)).status).toBe("created");
  });

  it("a poll that changes nothing leaves updated_at alone and leases the operation until the next round", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("009"), callbackBase: DEAD_CALLBACK_BASE });
    const before = await waitForOperation(merchantId, op.id, (o) => o.status === "processing");
    const later = new Date(Date.now() + 120_000);
    const first = await reconcileOnce({ now: later, minAgeMs: 60_000, batchSize: 500, merchantId });
    expect(first.polled).toBeGreaterThan(0);
    const after = await currentOperation(merchantId, op.id);
    expect(after.status).toBe("processing");
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(after.reconcileAfter?.getTime()).toBe(later.getTime() + 60_000);
    // Within the lease another pass (another instance) does not poll it again.
    const pollsBefore = (await events(op.id)).length;
    await reconcileOnce({ now: new Date(later.getTime() + 1_000), minAgeMs: 60_000, batchSize: 500, merchantId });
    expect((await currentOperation(merchantId, op.id)).reconcileAfter?.getTime()).toBe(later.getTime() + 60_000);
    expect((await events(op.id)).length).toBe(pollsBefore);
  });
});

async function payInvoice(invoiceUrl: string) {
  const u = new URL(invoiceUrl);
  const form = new URLSearchParams({ reference: u.searchParams.get("reference") ?? "" });
  const res = await fetch(`${u.origin}/onramp/invoice/pay`, { method: "POST", body: form, redirect: "manual" });
  await res.text();
}

describe("ON/RAMP ingress invoice payment-ack", () => {
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

  it("decides the acknowledgement from the read-back only: a forged body changes nothing, the real payment is credited", async () => {
    const { op, token, started } = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" } });
    // Whoever holds the URL can write any body: it must neither decline nor credit.
    const forged = await post("onramp_invoice", op.id, token, { invoice_id: started.providerReference, fiat_amount: 1, fiat_currency: "USD" });
    expect(forged.status).not.toBe(200);
    expect(forged.status).not.toBe(204);
    expect((await currentOperation(merchantId, op.id)).status).toBe("requires_action");
    // The genuine acknowledgement, sent by ON/RAMP with a tampered amount on the way, is
    // still decided by what ON/RAMP itself reports.
    h.callbacks.rewrite = (body) => ({ ...(body as object), fiat_amount: 1 });
    const waiting = await currentOperation(merchantId, op.id);
    await payInvoice(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("succeeded");
    expect(h.callbacks.deliveries.filter((d) => d.path.includes(op.id)).map((d) => d.status)).toEqual([200]);
    const view = await sandboxView(h, started.providerReference ?? "");
    expect(view.operation.invoice?.state).toBe("credited");
  });

  it("never lets the invoice outlive the session, and refuses to start one with too little time left", async () => {
    const expiresAt = new Date(Date.now() + 10 * 60_000);
    const { started } = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" }, expiresAt });
    const view = (await (await fetch(`${h.sandbox.url}/_sandbox/operations/${started.providerReference}`)).json()) as { operation: { invoice: { expiresAt: number } } };
    expect(view.operation.invoice.expiresAt).toBeLessThanOrEqual(expiresAt.getTime());
    const late = await startPayment(h, merchantId, { provider: "onramp_invoice", method: { type: "invoice" }, expiresAt: new Date(Date.now() + 30_000) });
    expect(late.op).toMatchObject({ status: "failed", declineCode: "TOO_LATE", providerReference: null });
    expect(late.started.state).toMatchObject({ final: true, canRetry: false, retry: "none" });
  });

  it("an invoice whose creation answer was lost stays open (confirming), then ends after the grace period for an admin to see", async () => {
    const proxy = await startProxy(`${h.sandbox.url}/onramp`, { status: (path) => (path.startsWith("/rpc/create_ingress_invoice") ? 502 : null) });
    const m = (await createMerchant({ providers: ["onramp_invoice"], baseUrl: proxy.url })).merchant.id;
    try {
      const { op, session } = await startPayment(h, m, { provider: "onramp_invoice", method: { type: "invoice" } });
      expect(op).toMatchObject({ status: "created", providerReference: null, providerStatus: "outcome_unknown" });
      const db = await getDb();
      const [s1] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, session.id));
      expect(s1?.status).toBe("processing");
      // Young: reconciliation cannot ask ON/RAMP (no invoice id) and leaves it alone.
      await reconcileOnce({ minAgeMs: 0, batchSize: 500, merchantId: m });
      expect((await currentOperation(m, op.id)).status).toBe("created");
      // Past the grace period it ends: nothing payable ever reached the payer.
      await db.update(operations).set({ createdAt: new Date(Date.now() - 20 * 60_000) }).where(eq(operations.id, op.id));
      await reconcileOnce({ minAgeMs: 0, batchSize: 500, merchantId: m });
      const ended = await currentOperation(m, op.id);
      expect(ended).toMatchObject({ status: "failed", declineCode: "NO_PROVIDER_REFERENCE", attention: "no_provider_reference" });
      const [s2] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, session.id));
      expect(s2?.status).toBe("open");
    } finally {
      await proxy.close();
    }
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
