import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createAdmin, createMerchant, createOperation, createSession } from "@/test/factories";
import { auditLog, operationEvents, operations } from "@/db/schema";
import { registerConnector } from "@/lib/providers/registry";
import type { Connector, OperationRef, ProviderUpdate } from "@/lib/providers/types";
import { loadAdmin } from "../authenticate";
import type { AdminContext } from "../admin-context";
import { actOnOperation } from "./act-on-operation";
import { getOperationDetail } from "./get-operation-detail";

// A provider double that records the calls the admin actions make and answers a status
// read-back the way a provider that accepted the request would.
const calls: string[] = [];
const answered = new Map<string, ProviderUpdate[]>();
const fake: Connector = {
  name: "paysecure",
  capabilities: { methods: ["card"], currencies: "any", billingFields: [], cancel: true, approve: true, decidesOnCallback: false, lookupByOwnId: true, cardBrands: [] },
  testHints: null,
  describeOutcome: () => ({ key: "X", message: "Declined.", retry: "another_card" }),
  payerMessages: { en: {}, pl: {}, de: {}, es: {}, fr: {} },
  start: async () => ({ providerReference: null, updates: [] }),
  parseCallback: async () => [],
  callbackReply: () => ({ status: 200 }),
  fetchStatus: async (_a, op: OperationRef) => answered.get(op.id) ?? [],
  cancel: async (_a, op) => {
    calls.push(`cancel:${op.id}`);
    answered.set(op.id, [{ status: "cancelled", providerStatus: "CANCELLED", providerTime: new Date(), dedupeKey: `cancel-${op.id}`, raw: { status: "CANCELLED", card_number: "4111111111111111" } }]);
  },
  decide: async (_a, op, accept) => {
    calls.push(`${accept ? "approve" : "reject"}:${op.id}`);
    answered.set(op.id, [{ status: accept ? "succeeded" : "declined", providerStatus: accept ? "PAID" : "REJECTED", providerTime: new Date(), dedupeKey: `decide-${op.id}`, raw: {} }]);
  },
};

describe("admin actions on operations", () => {
  let owner: AdminContext;
  let viewer: AdminContext;
  let otherOwner: AdminContext;
  let merchantId: string;
  let sessionId: string;

  beforeAll(async () => {
    await testDb();
    await import("@/lib/providers/connectors");
    registerConnector("paysecure", async () => fake);
    const m = await createMerchant({ providers: ["paysecure"] });
    const other = await createMerchant({ providers: ["paysecure"] });
    merchantId = m.merchant.id;
    sessionId = (await createSession(merchantId, { provider: "paysecure" })).id;
    const load = async (id: string) => {
      const a = await loadAdmin(id);
      if (!a) throw new Error("admin missing");
      return a;
    };
    owner = await load((await createAdmin(merchantId, "owner")).user.id);
    viewer = await load((await createAdmin(merchantId, "viewer")).user.id);
    otherOwner = await load((await createAdmin(other.merchant.id, "owner")).user.id);
  });

  const newOp = (status: "processing" | "awaiting_confirmation" | "succeeded" = "processing") =>
    createOperation(merchantId, sessionId, { provider: "paysecure", status, providerReference: `ps-${Math.random().toString(36).slice(2)}` });

  const auditFor = async (opId: string) => (await testDb()).select().from(auditLog).where(eq(auditLog.targetId, opId));

  it("refuses a viewer, changes nothing and calls no provider", async () => {
    const op = await newOp();
    const r = await actOnOperation(viewer, { operationId: op.id, action: "cancel" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("forbidden");
    expect(calls).not.toContain(`cancel:${op.id}`);
    const [after] = await (await testDb()).select().from(operations).where(eq(operations.id, op.id));
    expect(after?.status).toBe("processing");
    expect(after?.cancelRequestedAt).toBeNull();
    expect(await auditFor(op.id)).toHaveLength(0);
  });

  it("lets an owner cancel: provider called, status from the provider, history and audit written", async () => {
    const op = await newOp();
    const r = await actOnOperation(owner, { operationId: op.id, action: "cancel" });
    expect(r.ok && r.value.status).toBe("cancelled");
    expect(calls).toContain(`cancel:${op.id}`);
    const events = await (await testDb()).select().from(operationEvents).where(eq(operationEvents.operationId, op.id));
    expect(events.map((e) => e.type)).toContain("cancel_requested");
    expect(events.find((e) => e.type === "cancel_requested")?.actor).toBe(`admin:${owner.id}`);
    const audit = await auditFor(op.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "operation.cancel", actorId: owner.id, actorEmail: owner.email, merchantId });
    expect(audit[0]?.details).toMatchObject({ outcome: "ok", status_before: "processing", status_after: "cancelled" });
  });

  it("does not let another merchant's owner touch it (not found, no audit on our side)", async () => {
    const op = await newOp();
    const r = await actOnOperation(otherOwner, { operationId: op.id, action: "cancel" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("not_found");
    expect(calls).not.toContain(`cancel:${op.id}`);
    expect(await getOperationDetail(await testDb(), otherOwner, op.id)).toBeNull();
  });

  it("approves and rejects only what awaits confirmation, auditing refusals too", async () => {
    const waiting = await newOp("awaiting_confirmation");
    const approved = await actOnOperation(owner, { operationId: waiting.id, action: "approve" });
    expect(approved.ok && approved.value.status).toBe("succeeded");
    const done = await newOp("succeeded");
    const refused = await actOnOperation(owner, { operationId: done.id, action: "reject" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("invalid_state");
    const audit = await auditFor(done.id);
    expect(audit[0]?.details).toMatchObject({ outcome: "refused", error: "invalid_state" });
  });

  it("offers actions by state and role, and redacts payloads on display", async () => {
    const op = await newOp("awaiting_confirmation");
    const asOwner = await getOperationDetail(await testDb(), owner, op.id);
    expect(asOwner?.actions.sort()).toEqual(["approve", "cancel", "refresh", "reject"]);
    const asViewer = await getOperationDetail(await testDb(), viewer, op.id);
    expect(asViewer?.actions).toEqual([]);
    const cancelled = await newOp();
    await actOnOperation(owner, { operationId: cancelled.id, action: "cancel" });
    const detail = await getOperationDetail(await testDb(), owner, cancelled.id);
    expect(detail?.actions).toEqual(["refresh"]);
    expect(JSON.stringify(detail?.events)).not.toContain("4111111111111111");
    const applied = detail?.events.filter((e) => e.outcome === "applied");
    expect(applied?.[0]).toMatchObject({ fromStatus: "processing", toStatus: "cancelled", source: "poll" });
    const own = await (await testDb()).select().from(auditLog).where(and(eq(auditLog.merchantId, merchantId), eq(auditLog.actorId, viewer.id)));
    expect(own).toHaveLength(0);
  });
});
