import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operationEvents } from "@/db/schema";
import { cancelOperation, decideOperation, refreshOperation } from "@/lib/operations/actions";
import { ONRAMP_ERROR_CODES, ONRAMP_ERROR_REASONS } from "@/sandbox/test-cards";
import {
  currentOperation,
  merchantOn,
  payerDecides,
  startHarness,
  startPayment,
  testCard,
  waitForOperation,
  type Harness,
} from "@/test/provider-harness";
import { onrampPayerMessage } from "./payer-messages";

// Conformance of the ON/RAMP S2S connector against the provider sandbox, through the
// real callback route: every documented test CVV, the sandbox's own cases, cancel and
// merchant approval.

let h: Harness;
let merchantId: string;
const isFinalStatus = (s: string) => ["succeeded", "declined", "cancelled", "expired", "failed"].includes(s);

beforeAll(async () => {
  h = await startHarness();
  merchantId = (await merchantOn(h)).merchant.id;
});
afterAll(async () => {
  await h.close();
});

async function providerStatuses(operationId: string) {
  const db = await getDb();
  const rows = await db
    .select({ type: operationEvents.type, outcome: operationEvents.outcome })
    .from(operationEvents)
    .where(and(eq(operationEvents.merchantId, merchantId), eq(operationEvents.operationId, operationId)))
    .orderBy(asc(operationEvents.receivedAt));
  return rows;
}

describe("ON/RAMP S2S connector against the sandbox", () => {
  it("CVV 001: accepted at once, and the skipped pending/processing still come from operation_status", async () => {
    const { op, started } = await startPayment(h, merchantId, { method: testCard("001") });
    expect(started.providerReference).toMatch(/^[0-9a-f-]{36}$/);
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("succeeded");
    expect(done.providerReference).toBe(started.providerReference);
    const types = (await providerStatuses(op.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["pending", "processing_user_payment", "accepted"]));
  });

  it("CVV 002: mock 3DSv1 redirect, approved by the payer", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("002") });
    const waiting = await waitForOperation(merchantId, op.id, (o) => o.status === "requires_action");
    expect(waiting.nextAction).toMatchObject({ kind: "redirect", number: 1 });
    expect(waiting.nextAction?.kind === "redirect" && waiting.nextAction.url).toContain("/onramp/acs/");
    await payerDecides(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "", "approve");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("succeeded");
    expect(done.nextAction).toBeNull();
  });

  it("CVV 003: rejected at once with the acquirer's code and reason", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("003") });
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done).toMatchObject({ status: "declined", declineCode: "05", declineReason: "DO_NOT_HONOR" });
  });

  it("CVV 004: mock 3DSv2, declined on the ACS page", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("004") });
    const waiting = await waitForOperation(merchantId, op.id, (o) => o.status === "requires_action");
    await payerDecides(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "", "decline");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done).toMatchObject({ status: "declined", declineReason: "3DS_DECLINED" });
  });

  it("CVV 005: a second redirect is a new action, then the payment succeeds", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("005") });
    const first = await waitForOperation(merchantId, op.id, (o) => o.nextAction?.kind === "redirect" && o.nextAction.number === 1);
    await payerDecides(first.nextAction?.kind === "redirect" ? first.nextAction.url : "", "approve");
    const second = await waitForOperation(merchantId, op.id, (o) => o.nextAction?.kind === "redirect" && o.nextAction.number === 2);
    expect(second.status).toBe("requires_action");
    expect(second.redirectCount).toBe(2);
    await payerDecides(second.nextAction?.kind === "redirect" ? second.nextAction.url : "", "approve");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("succeeded");
    expect(done.redirectCount).toBe(2);
  });

  it("user_redirected keeps the redirect (the payer can be sent back to the bank page)", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("777") });
    const waiting = await waitForOperation(merchantId, op.id, (o) => o.status === "requires_action");
    const url = waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "";
    await (await fetch(url)).text(); // the payer arrives: user_redirected
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !(await providerStatuses(op.id)).some((e) => e.type === "user_redirected")) await new Promise((r) => setTimeout(r, 25));
    expect((await providerStatuses(op.id)).map((e) => e.type)).toContain("user_redirected");
    const after = await currentOperation(merchantId, op.id);
    expect(after.status).toBe("requires_action");
    expect(after.nextAction).toMatchObject({ kind: "redirect", url });
  });

  it("bank payment: no card fields, the payer picks a bank and approves", async () => {
    const { op } = await startPayment(h, merchantId, { method: { type: "bank" } });
    const waiting = await waitForOperation(merchantId, op.id, (o) => o.status === "requires_action");
    const url = waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "";
    expect(url).toContain("/onramp/bank/");
    await payerDecides(url, "approve");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("succeeded");
  });

  it("bank payment declined at the bank ends declined", async () => {
    const { op } = await startPayment(h, merchantId, { method: { type: "bank" } });
    const waiting = await waitForOperation(merchantId, op.id, (o) => o.status === "requires_action");
    await payerDecides(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "", "decline");
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("declined");
  });

  it("every documented decline reason arrives with its code and has a payer message of its own", async () => {
    for (const [i, reason] of ONRAMP_ERROR_REASONS.entries()) {
      const { op } = await startPayment(h, merchantId, { method: testCard(String(101 + i)) });
      const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
      expect(done).toMatchObject({ status: "declined", declineCode: ONRAMP_ERROR_CODES[reason], declineReason: reason });
      expect(onrampPayerMessage(done.declineReason)).not.toBe(onrampPayerMessage("SOMETHING_NEW"));
    }
  });

  it("cancels a payment stuck in processing (update_operation)", async () => {
    const { op } = await startPayment(h, merchantId, { method: testCard("009") });
    await waitForOperation(merchantId, op.id, (o) => o.status === "processing");
    const result = await cancelOperation({ merchantId, operationId: op.id, actor: { kind: "api", id: "test" } });
    expect(result.ok).toBe(true);
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("cancelled");
    expect(done.cancelRequestedAt).not.toBeNull();
  });

  it("answers a callback with request_attempt_cancel once a cancel was requested", async () => {
    const db = await getDb();
    const { operations } = await import("@/db/schema");
    const { op } = await startPayment(h, merchantId, { method: testCard("777") });
    const waiting = await waitForOperation(merchantId, op.id, (o) => o.status === "requires_action");
    // Remembered without calling the provider: the next callback's answer carries it.
    await db.update(operations).set({ cancelRequestedAt: new Date() }).where(eq(operations.id, op.id));
    // The payer opens the bank page: ON/RAMP calls back user_redirected and reads our answer.
    await (await fetch(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "")).text();
    const done = await waitForOperation(merchantId, op.id, (o) => isFinalStatus(o.status));
    expect(done.status).toBe("cancelled");
    const replies = h.callbacks.deliveries.filter((d) => d.path.includes(op.id)).map((d) => d.replyBody);
    expect(replies).toContainEqual({ action: { request_attempt_cancel: {} } });
  });

  it("merchant approval: waiting_merchant_confirmation is awaiting_confirmation; mark_operation accept and reject", async () => {
    const approved = await startPayment(h, merchantId, { method: testCard("001"), customerId: "needs-approval-1" });
    const waiting = await waitForOperation(merchantId, approved.op.id, (o) => o.status === "awaiting_confirmation");
    expect(waiting.providerStatus).toBe("waiting_merchant_confirmation");
    const ok = await decideOperation({ merchantId, operationId: approved.op.id, accept: true, actor: { kind: "admin", id: "owner" } });
    expect(ok.ok).toBe(true);
    expect((await waitForOperation(merchantId, approved.op.id, (o) => isFinalStatus(o.status))).status).toBe("succeeded");

    const rejected = await startPayment(h, merchantId, { method: testCard("001"), customerId: "needs-approval-2" });
    await waitForOperation(merchantId, rejected.op.id, (o) => o.status === "awaiting_confirmation");
    await decideOperation({ merchantId, operationId: rejected.op.id, accept: false, actor: { kind: "admin", id: "owner" } });
    expect((await waitForOperation(merchantId, rejected.op.id, (o) => isFinalStatus(o.status))).status).toBe("declined");
  });

  it("refresh reads the whole history back and changes nothing when nothing changed", async () => {
    // No callbacks reach us here, so only the reads themselves could change anything.
    const { op } = await startPayment(h, merchantId, { method: testCard("009"), callbackBase: "http://127.0.0.1:9" });
    const deadline = Date.now() + 5_000;
    while ((await currentOperation(merchantId, op.id)).status !== "processing" && Date.now() < deadline) {
      await refreshOperation({ merchantId, operationId: op.id, actor: { kind: "system", id: "test" } });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await currentOperation(merchantId, op.id)).status).toBe("processing");
    const before = await currentOperation(merchantId, op.id);
    const eventsBefore = (await providerStatuses(op.id)).length;
    const again = await refreshOperation({ merchantId, operationId: op.id, actor: { kind: "system", id: "test" } });
    expect(again.ok && again.value.status).toBe("processing");
    const after = await currentOperation(merchantId, op.id);
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(after.lastEventAt?.getTime()).toBe(before.lastEventAt?.getTime());
    expect((await providerStatuses(op.id)).length).toBe(eventsBefore);
    await cancelOperation({ merchantId, operationId: op.id, actor: { kind: "api", id: "test" } });
  });
});
