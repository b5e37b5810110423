import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { applyProviderUpdates } from "./apply-updates";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { checkoutSessions, operationEvents, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { newId } from "@/lib/ids";
import type { ProviderUpdate } from "@/lib/providers/types";

const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);
const u = (status: ProviderUpdate["status"], t: number, extra: Partial<ProviderUpdate> = {}): ProviderUpdate => ({
  status,
  providerStatus: status,
  providerTime: at(t),
  dedupeKey: `${status}:${t}`,
  raw: { status, t },
  ...extra,
});

describe("applyProviderUpdates", () => {
  let merchantId: string;
  beforeAll(async () => {
    await testDb();
    merchantId = (await createMerchant()).merchant.id;
    const db = await testDb();
    await db.insert(webhookEndpoints).values({ id: newId("webhookEndpoint"), merchantId, url: "https://hooks.example/x", secretSealed: "sealed" });
  });

  // As the pay path leaves them: the session processing its attempt (start-payment sends
  // checkout_session.processing itself), the operation just written.
  async function fresh() {
    const session = await createSession(merchantId, { status: "processing" });
    const op = await createOperation(merchantId, session.id);
    return { session, op };
  }

  async function history(opId: string) {
    const db = await testDb();
    return db.select().from(operationEvents).where(eq(operationEvents.operationId, opId)).orderBy(asc(operationEvents.receivedAt), asc(operationEvents.id));
  }

  it("applies a normal sequence, pays the session and writes the outbox", async () => {
    const { session, op } = await fresh();
    const redirect = { kind: "redirect" as const, url: "https://acs.example/1", number: 1 };
    await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("requires_action", 1, { action: redirect })] });
    const r = await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("processing", 2), u("succeeded", 3)] });
    expect(r.operation.status).toBe("succeeded");
    expect(r.operation.finalizedAt).not.toBeNull();
    expect(r.operation.redirectCount).toBe(1);
    const db = await testDb();
    const [s] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, session.id));
    expect(s?.status).toBe("paid");
    expect(s?.operationId).toBe(op.id);
    const events = await db.select().from(webhookEvents).where(eq(webhookEvents.merchantId, merchantId));
    const types = events.filter((e) => (e.payload.data as { id?: string; latest_operation?: { id: string } }).id === op.id || (e.payload.data as { id?: string }).id === session.id).map((e) => e.type);
    expect(types.sort()).toEqual(["checkout_session.paid", "operation.processing", "operation.requires_action", "operation.succeeded"]);
    const deliveries = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.merchantId, merchantId), eq(webhookDeliveries.status, "pending")));
    expect(deliveries.length).toBeGreaterThanOrEqual(types.length);
  });

  it("keeps a duplicate in the history but applies it once", async () => {
    const { op } = await fresh();
    await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("processing", 1)] });
    const r = await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("processing", 1)] });
    expect(r.outcomes).toEqual(["duplicate"]);
    const h = await history(op.id);
    expect(h.map((e) => e.outcome)).toEqual(["applied", "duplicate"]);
  });

  it("never leaves a final state, and marks late steps stale", async () => {
    const { session, op } = await fresh();
    await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("declined", 5, { decline: { code: "05", reason: "DO_NOT_HONOR" } })] });
    const r = await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("processing", 3), u("succeeded", 6)] });
    expect(r.operation.status).toBe("declined");
    expect(r.operation.declineReason).toBe("DO_NOT_HONOR");
    expect(r.outcomes).toEqual(["ignored", "ignored"]);
    const db = await testDb();
    const [s] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, session.id));
    expect(s?.status).toBe("open");
    // Reopened for another card: the merchant hears of it.
    const hooks = await db.select().from(webhookEvents).where(eq(webhookEvents.merchantId, merchantId));
    expect(hooks.filter((w) => (w.payload.data as { id?: string }).id === session.id).map((w) => w.type)).toEqual(["checkout_session.open"]);
  });

  it("merges connector state and keeps the attention an update raises", async () => {
    const { op } = await fresh();
    const r1 = await applyProviderUpdates({ merchantId, operationId: op.id, source: "checkout", updates: [u("pending", 1, { state: { authenticationId: "a-1" } })] });
    expect(r1.operation.connectorState).toEqual({ authenticationId: "a-1" });
    // A fact that moves nothing may still carry state.
    const r2 = await applyProviderUpdates({ merchantId, operationId: op.id, source: "checkout", updates: [u("pending", 2, { state: { orderId: "o-9" } })] });
    expect(r2.outcomes).toEqual(["ignored"]);
    expect(r2.operation.connectorState).toEqual({ authenticationId: "a-1", orderId: "o-9" });
    const r3 = await applyProviderUpdates({ merchantId, operationId: op.id, source: "poll", updates: [u("failed", 3, { attention: "no_provider_reference" })] });
    expect(r3.operation).toMatchObject({ status: "failed", attention: "no_provider_reference", connectorState: { authenticationId: "a-1", orderId: "o-9" } });
  });

  it("orders out-of-order callbacks by provider time", async () => {
    const { op } = await fresh();
    const r1 = await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("processing", 10)] });
    expect(r1.operation.status).toBe("processing");
    const r2 = await applyProviderUpdates({
      merchantId,
      operationId: op.id,
      source: "callback",
      updates: [u("requires_action", 5, { action: { kind: "redirect", url: "https://acs.example/1", number: 1 } })],
    });
    expect(r2.outcomes).toEqual(["stale"]);
    expect(r2.operation.status).toBe("processing");
  });

  it("serialises concurrent deliveries of the same callback", async () => {
    const { op } = await fresh();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("succeeded", 1)] })),
    );
    expect(results.flatMap((r) => r.outcomes).filter((o) => o === "applied")).toHaveLength(1);
    const h = await history(op.id);
    expect(h).toHaveLength(4);
  });

  it("applies calls that arrive together exactly as one after another, each caller getting its own answer", async () => {
    const first = { kind: "redirect" as const, url: "https://acs.example/1", number: 1 };
    const second = { kind: "redirect" as const, url: "https://acs.example/2", number: 2 };
    const facts = [
      u("pending", 1, { providerReference: "ref-1" }),
      u("requires_action", 2, { action: first }),
      // The same redirect again under another key: compared with the stored action.
      u("requires_action", 3, { action: first }),
      u("pending", 2),
      u("requires_action", 4, { action: second, state: { step: "two" } }),
      u("requires_action", 4, { action: second }),
      u("processing", 5, { threeDs: { version: "2.2.0", flow: "challenge" } }),
      u("succeeded", 6),
      u("declined", 7),
    ];
    const apply = (opId: string, f: ProviderUpdate) => applyProviderUpdates({ merchantId, operationId: opId, source: "callback", updates: [f] });
    const oneByOne = await fresh();
    const expected = [];
    for (const f of facts) expected.push(await apply(oneByOne.op.id, f));
    const a = await fresh();
    const b = await fresh();
    // Started together: the calls queue behind each other and are applied in batches.
    const together = await Promise.all([...facts.map((f) => apply(a.op.id, f)), ...facts.map((f) => apply(b.op.id, f))]);
    const db = await testDb();
    const shape = (r: Awaited<ReturnType<typeof apply>>) => ({
      outcomes: r.outcomes,
      changed: r.changed,
      op: { ...r.operation, id: null, sessionId: null, callbackTokenHash: null, createdAt: null, updatedAt: null, finalizedAt: r.operation.finalizedAt !== null, actionSetAt: r.operation.actionSetAt !== null, dueAt: r.operation.dueAt !== null },
    });
    for (const [k, opId] of [a.op.id, b.op.id].entries()) {
      expect(together.slice(k * facts.length, (k + 1) * facts.length).map(shape)).toEqual(expected.map(shape));
      expect((await history(opId)).map((e) => [e.type, e.outcome, e.fromStatus, e.toStatus])).toEqual(
        (await history(oneByOne.op.id)).map((e) => [e.type, e.outcome, e.fromStatus, e.toStatus]),
      );
      const [session] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.operationId, opId));
      expect(session?.status).toBe("paid");
    }
    // Two distinct redirects; the first one repeated under another key is not a third.
    expect(expected.at(-1)?.operation).toMatchObject({ status: "succeeded", redirectCount: 2, providerReference: "ref-1", connectorState: { step: "two" } });
    const hooks = async (ids: string[]) =>
      (await db.select().from(webhookEvents).where(eq(webhookEvents.merchantId, merchantId)))
        .filter((w) => ids.includes((w.payload.data as { id?: string }).id ?? ""))
        .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id))
        .map((w) => w.type);
    expect(await hooks([a.op.id, a.session.id])).toEqual(await hooks([oneByOne.op.id, oneByOne.session.id]));
  });

  it("counts a redirect as new only when it differs, whatever order its keys were stored in", async () => {
    const { op } = await fresh();
    const first = { kind: "redirect" as const, url: "https://acs.example/1", number: 1 };
    await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("requires_action", 1, { action: first })] });
    // The same redirect again under another key (a read-back naming it anew), its keys in another order.
    const again = await applyProviderUpdates({ merchantId, operationId: op.id, source: "poll", updates: [u("requires_action", 2, { dedupeKey: "again", action: { number: 1, url: first.url, kind: "redirect" } })] });
    expect(again.outcomes).toEqual(["ignored"]);
    expect(again.operation.redirectCount).toBe(1);
    const second = await applyProviderUpdates({ merchantId, operationId: op.id, source: "callback", updates: [u("requires_action", 3, { action: { kind: "redirect", url: "https://acs.example/2", number: 2 } })] });
    expect(second.outcomes).toEqual(["applied"]);
    expect(second.operation.redirectCount).toBe(2);
  });

  it("does not find another merchant's operation", async () => {
    const { op } = await fresh();
    const other = (await createMerchant()).merchant.id;
    await expect(applyProviderUpdates({ merchantId: other, operationId: op.id, source: "callback", updates: [u("succeeded", 1)] })).rejects.toThrow(/not found/);
  });
});
