import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operationEvents } from "@/db/schema";
import { currentOperation, merchantOn, payerDecides, startHarness, startPayment, testCard, type Harness } from "@/test/provider-harness";
import { resumePayment } from "./resume-payment";

// The payer back from the provider's page: the result shows at once, read from the
// provider, without waiting for a callback (none reaches this test).
const NO_CALLBACKS = "http://127.0.0.1:9";
let h: Harness;
let merchantId: string;
beforeAll(async () => {
  h = await startHarness();
  merchantId = (await merchantOn(h)).merchant.id;
});
afterAll(async () => {
  await h.close();
});

describe("resumePayment", () => {
  it("reads the provider's status when the payer returns, whatever the return URL claims", async () => {
    const { op, session } = await startPayment(h, merchantId, { method: testCard("002"), callbackBase: NO_CALLBACKS });
    const waiting = await currentOperation(merchantId, op.id);
    expect(waiting.status).toBe("requires_action");
    await payerDecides(waiting.nextAction?.kind === "redirect" ? waiting.nextAction.url : "", "decline");
    // The query claims success; the provider says declined.
    const state = await resumePayment({ sessionId: session.id, operationId: op.id, input: { kind: "payer_returned", query: { status: "success" } } });
    expect(state.ok && state.value).toMatchObject({ status: "declined", final: true, canRetry: true, retry: "try_again" });
    const db = await getDb();
    const history = await db.select({ type: operationEvents.type }).from(operationEvents).where(and(eq(operationEvents.merchantId, merchantId), eq(operationEvents.operationId, op.id)));
    expect(history.map((e) => e.type)).toContain("payer_returned");
  });

  it("answers only for the session's own operation", async () => {
    const a = await startPayment(h, merchantId, { method: testCard("002"), callbackBase: NO_CALLBACKS });
    const b = await startPayment(h, merchantId, { method: testCard("002"), callbackBase: NO_CALLBACKS });
    const crossed = await resumePayment({ sessionId: a.session.id, operationId: b.op.id, input: { kind: "payer_returned", query: {} } });
    expect(!crossed.ok && crossed.error.status).toBe(404);
  });

  it("stops asking the provider when a page is reloaded over and over, and still answers", async () => {
    const { op, session } = await startPayment(h, merchantId, { method: testCard("002"), callbackBase: NO_CALLBACKS });
    for (let i = 0; i < 8; i++) {
      const r = await resumePayment({ sessionId: session.id, operationId: op.id, input: { kind: "payer_returned", query: {} } });
      expect(r.ok && r.value.status).toBe("requires_action");
    }
    const db = await getDb();
    const asked = await db.select({ type: operationEvents.type }).from(operationEvents).where(and(eq(operationEvents.operationId, op.id), eq(operationEvents.type, "payer_returned")));
    expect(asked).toHaveLength(5);
  });
});
