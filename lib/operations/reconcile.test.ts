import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { reconcileOnce } from "./reconcile";
import { lifecyclePhaseMatches } from "@/lib/providers/onramp/connector";
import { currentOperation, merchantOn, payerDecides, startHarness, startPayment, testCard, type Harness } from "@/test/provider-harness";

const DEAD_CALLBACK_BASE = "http://127.0.0.1:9";
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("lifecyclePhaseMatches (ON/RAMP op_status against our status)", () => {
  it("needs no read-back only when the phase is ours", () => {
    expect(lifecyclePhaseMatches("waiting_user_confirmation", "requires_action")).toBe(true);
    expect(lifecyclePhaseMatches("waiting_user_confirmation", "pending")).toBe(true);
    expect(lifecyclePhaseMatches("waiting_user_confirmation", "created")).toBe(false);
    expect(lifecyclePhaseMatches("queued", "processing")).toBe(true);
    expect(lifecyclePhaseMatches("queued", "requires_action")).toBe(false);
    expect(lifecyclePhaseMatches("waiting_merchant_confirmation", "awaiting_confirmation")).toBe(true);
    expect(lifecyclePhaseMatches("waiting_merchant_confirmation", "processing")).toBe(false);
    for (const finished of ["accepted", "rejected", "something_new"]) expect(lifecyclePhaseMatches(finished, "processing")).toBe(false);
  });
});

describe("reconciliation in bulk", () => {
  it("asks op_status once for many operations and reads the history only of those that moved", async () => {
    const { merchant } = await merchantOn(h);
    // Three payers still at their bank's 3DS page; one approved whose callbacks never came.
    const waiting = await Promise.all([1, 2, 3].map(() => startPayment(h, merchant.id, { method: testCard("002"), callbackBase: DEAD_CALLBACK_BASE })));
    const lost = await startPayment(h, merchant.id, { method: testCard("002"), callbackBase: DEAD_CALLBACK_BASE });
    const at3ds = await currentOperation(merchant.id, lost.op.id);
    await payerDecides(at3ds.nextAction?.kind === "redirect" ? at3ds.nextAction.url : "", "approve");
    const ours = [...waiting.map((w) => w.op), lost.op];
    const refs = new Set(ours.map((o) => (o.providerReference ?? "").toLowerCase()));

    const spy = vi.spyOn(globalThis, "fetch");
    try {
      await reconcileOnce({ minAgeMs: 0, batchSize: 500, merchantId: merchant.id });
      const calls = spy.mock.calls.map(([input, init]) => ({ url: String(input), body: typeof init?.body === "string" ? init.body : "" }));
      const histories = calls.filter((c) => c.url.includes("/s2s/operation_status") && refs.has(new URL(c.url).searchParams.get("op_id") ?? ""));
      const bulk = calls.filter((c) => c.url.endsWith("/rpc/op_status") && [...refs].every((r) => c.body.includes(r)));
      expect(bulk).toHaveLength(1);
      expect(histories.map((c) => new URL(c.url).searchParams.get("op_id"))).toEqual([lost.op.providerReference?.toLowerCase()]);
    } finally {
      spy.mockRestore();
    }
    expect((await currentOperation(merchant.id, lost.op.id)).status).toBe("succeeded");
    for (const w of waiting) expect((await currentOperation(merchant.id, w.op.id)).status).toBe("requires_action");
  });
});
