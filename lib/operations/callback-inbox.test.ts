import { describe, expect, it } from "vitest";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, handle } from "@/db/client";
import { callbackInbox, checkoutSessions, operationEvents, operations } from "@/db/schema";
import { newId } from "@/lib/ids";
import type { ProviderUpdate } from "@/lib/providers/types";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { applyInTransaction } from "./apply-updates";
import { acceptCallback, applyCallbackInboxOnce, callbackBacklog, callbacksApplied } from "./callback-inbox";

const t0 = Date.now() - 60_000;
const fact = (status: ProviderUpdate["status"], k: number): ProviderUpdate & { providerTime: string } => ({
  status,
  providerStatus: status.toUpperCase(),
  providerTime: new Date(t0 + k * 1000).toISOString() as unknown as Date & string,
  dedupeKey: `${status}:${k}`,
  raw: { status },
});

// As a callback route hands facts over (kept() above writes them as the inbox stores them).
const liveFact = (status: ProviderUpdate["status"], k: number): ProviderUpdate => ({ ...fact(status, k), providerTime: new Date(t0 + k * 1000) });

async function operationIn(merchantId: string) {
  const session = await createSession(merchantId, { status: "processing" });
  return createOperation(merchantId, session.id, { status: "created" });
}

// Kept deliveries here become available an hour from now and the passes run as if two hours
// later: the appliers of other test files (sharing this database, running at the real time)
// leave them alone.
const LATER = () => new Date(Date.now() + 2 * 3600_000);

/** A kept delivery as acceptCallback writes it, without kicking this process's applier (as after a crash). */
async function kept(op: { id: string; merchantId: string; sessionId: string }, updates: ProviderUpdate[], body: unknown = {}) {
  const db = await testDb();
  const id = newId("callbackDelivery");
  await db.insert(callbackInbox).values({
    id,
    merchantId: op.merchantId,
    operationId: op.id,
    sessionId: op.sessionId,
    actor: "provider:onramp",
    updates,
    delivery: { type: "callback_received", payload: { body } },
    availableAt: new Date(Date.now() + 3600_000),
  });
  return id;
}

async function historyOf(operationId: string) {
  const db = await getDb();
  return db.select().from(operationEvents).where(eq(operationEvents.operationId, operationId)).orderBy(asc(operationEvents.receivedAt), asc(operationEvents.id));
}

async function applyAll(merchantId: string) {
  let total = 0;
  for (let i = 0; i < 20; i++) {
    const pass = await applyCallbackInboxOnce({ now: LATER(), merchantId });
    total += pass.applied;
    if (pass.applied === 0) break;
  }
  return total;
}

describe("the callback inbox", () => {
  it("a delivery kept before a crash is applied by the next pass of any instance, once, with its own history row", async () => {
    const { merchant } = await createMerchant();
    const op = await operationIn(merchant.id);
    const id = await kept(op, [fact("processing", 1)], { op_id: "x" });
    const db = await getDb();
    expect((await db.select().from(operations).where(eq(operations.id, op.id)))[0]?.status).toBe("created");
    expect((await callbackBacklog()).count).toBeGreaterThanOrEqual(1);

    await applyAll(merchant.id);
    expect((await db.select().from(operations).where(eq(operations.id, op.id)))[0]?.status).toBe("processing");
    expect(await db.select().from(callbackInbox).where(eq(callbackInbox.id, id))).toHaveLength(0);
    const received = (await historyOf(op.id)).filter((e) => e.type === "callback_received");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ outcome: "applied", source: "callback", actor: "provider:onramp", payload: { body: { op_id: "x" } } });
    await applyAll(merchant.id);
    expect((await historyOf(op.id)).filter((e) => e.type === "callback_received")).toHaveLength(1);
  });

  it("applies a batch in arrival order per operation: a repeat is a duplicate, a fact after the end changes nothing, the session follows", async () => {
    const { merchant } = await createMerchant();
    const a = await operationIn(merchant.id);
    const b = await operationIn(merchant.id);
    await kept(a, [fact("pending", 1)]);
    await kept(b, [fact("succeeded", 3)]);
    await kept(a, [fact("succeeded", 3)]);
    await kept(a, [fact("pending", 1)]);
    await kept(a, [fact("processing", 2)]);
    await applyAll(merchant.id);
    const db = await getDb();
    const ops = await db.select().from(operations).where(inArray(operations.id, [a.id, b.id]));
    expect(Object.fromEntries(ops.map((o) => [o.id, o.status]))).toEqual({ [a.id]: "succeeded", [b.id]: "succeeded" });
    const outcomes = (await historyOf(a.id)).filter((e) => e.type === "callback_received").map((e) => e.outcome);
    expect(outcomes).toEqual(["applied", "applied", "duplicate", "ignored"]);
    const [session] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.id, a.sessionId));
    expect(session?.status).toBe("paid");
  });

  it("one delivery that cannot be applied fails alone and waits, with a growing delay; the rest of its batch is applied", async () => {
    const { merchant } = await createMerchant();
    const other = await createMerchant();
    const good = await operationIn(merchant.id);
    const target = await operationIn(merchant.id);
    // Names a merchant the operation does not belong to: never applicable.
    const bad = await kept({ ...target, merchantId: other.merchant.id }, [fact("processing", 1)]);
    await kept(good, [fact("processing", 1)]);
    const pass = await applyCallbackInboxOnce({ now: LATER(), merchantId: other.merchant.id });
    await applyAll(merchant.id);
    expect(pass.failed).toBeGreaterThanOrEqual(1);
    const db = await getDb();
    expect((await db.select().from(operations).where(eq(operations.id, good.id)))[0]?.status).toBe("processing");
    const [waiting] = await db.select().from(callbackInbox).where(eq(callbackInbox.id, bad));
    expect(waiting?.attempts).toBe(1);
    expect(waiting?.availableAt.getTime()).toBeGreaterThan(Date.now());
    await db.delete(callbackInbox).where(eq(callbackInbox.id, bad));
  });

  it("two appliers at once never apply a delivery twice (real Postgres)", async () => {
    const h = await handle();
    if (h.kind === "pglite") return; // one transaction at a time there: nothing could race
    const { merchant } = await createMerchant();
    const ops = await Promise.all(Array.from({ length: 12 }, () => operationIn(merchant.id)));
    for (const op of ops) for (const k of [1, 2, 3]) await kept(op, [fact(k === 1 ? "pending" : k === 2 ? "processing" : "succeeded", k)]);
    const later = LATER();
    const passes = await Promise.all(Array.from({ length: 4 }, () => applyCallbackInboxOnce({ now: later, limit: 10, merchantId: merchant.id })));
    await applyAll(merchant.id);
    expect(passes.reduce((n, p) => n + p.failed, 0)).toBe(0);
    const db = await getDb();
    const received = await db
      .select({ operationId: operationEvents.operationId })
      .from(operationEvents)
      .where(and(inArray(operationEvents.operationId, ops.map((o) => o.id)), eq(operationEvents.type, "callback_received")));
    expect(received).toHaveLength(36);
    const finals = await db.select({ status: operations.status }).from(operations).where(inArray(operations.id, ops.map((o) => o.id)));
    expect(finals.every((o) => o.status === "succeeded")).toBe(true);
  });

  it("deliveries accepted at once are kept together and each answered; one that cannot be kept fails alone", async () => {
    const { merchant } = await createMerchant();
    const ops = await Promise.all(Array.from({ length: 6 }, () => operationIn(merchant.id)));
    const accept = (op: { id: string; sessionId: string }, k: number) =>
      acceptCallback({
        merchantId: merchant.id,
        operationId: op.id,
        sessionId: op.sessionId,
        actor: "provider:onramp",
        updates: [liveFact(k === 1 ? "processing" : "succeeded", k)],
        delivery: { type: "callback_received", payload: { k } },
      });
    // Thirty at once: more than can be in flight, so most wait and go in shared inserts.
    const accepted = ops.flatMap((op) => [1, 2, 1, 2, 2].map((k) => accept(op, k)));
    // An operation that does not exist: the row breaks its insert (foreign key), and only it fails.
    const orphan = accept({ id: newId("operation"), sessionId: ops[0]?.sessionId ?? "" }, 1);
    const settled = await Promise.allSettled([...accepted, orphan]);
    expect(settled.slice(0, -1).every((r) => r.status === "fulfilled")).toBe(true);
    expect(settled.at(-1)?.status).toBe("rejected");
    for (const op of ops) await callbacksApplied(op.id);
    const db = await getDb();
    const finals = await db.select({ status: operations.status }).from(operations).where(inArray(operations.id, ops.map((o) => o.id)));
    expect(finals.map((o) => o.status)).toEqual(ops.map(() => "succeeded"));
    for (const op of ops) {
      const received = (await historyOf(op.id)).filter((e) => e.type === "callback_received");
      expect(received).toHaveLength(5);
      expect(received.filter((e) => e.outcome === "duplicate")).toHaveLength(3);
    }
  });

  it("a callback is kept at once while a batch holds its operation (real Postgres)", async () => {
    const h = await handle();
    if (h.kind === "pglite") return; // one transaction at a time there: the accept would wait for any
    const { merchant } = await createMerchant();
    const op = await operationIn(merchant.id);
    const db = await getDb();
    const outcome = await db.transaction(async (tx) => {
      await applyInTransaction(tx, [{ merchantId: merchant.id, operationId: op.id, updates: [liveFact("processing", 1)], source: "callback" }], [op.sessionId]);
      // The batch's locks are held until this transaction ends. Keeping a callback inserts a
      // row that references the operation: it must not wait for the batch to commit.
      const keeping = acceptCallback({ merchantId: merchant.id, operationId: op.id, sessionId: op.sessionId, actor: "provider:onramp", updates: [liveFact("succeeded", 2)], delivery: { type: "callback_received", payload: {} } });
      return Promise.race([keeping.then(() => "kept"), new Promise((r) => setTimeout(() => r("waited for the batch"), 3000))]);
    });
    expect(outcome).toBe("kept");
    await callbacksApplied(op.id);
    expect((await db.select().from(operations).where(eq(operations.id, op.id)))[0]?.status).toBe("succeeded");
  });
});
