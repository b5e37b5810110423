import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto/hash";
import { completeBrowserStep } from "@/lib/checkout/complete-browser-step";
import { registerConnector } from "@/lib/providers/registry";
import type { Connector, ProviderUpdate, ResumeInput } from "@/lib/providers/types";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { applyProviderUpdates } from "./apply-updates";
import { CHALLENGE_TIMEOUT_MS } from "./browser-steps";
import { findOperation } from "./load-operation";
import { runDueStepsOnce } from "./step-worker";

// The server-side clock of the 3DS browser steps, with a connector that only records what
// it is told: a method step ends exactly once (notification in time: completed; late or
// never: timeout), whoever comes first, however many instances run the worker.

const resumed: Array<{ op: string; input: ResumeInput }> = [];
let reads = 0;
const TOKEN = "step-token-0123456789abcdef";

const recorder: Connector = {
  name: "fenige",
  capabilities: { methods: ["wallet"], currencies: "any", billingFields: [], cancel: false, approve: false, decidesOnCallback: false, lookupByOwnId: false, cardBrands: [] },
  start: async () => ({ providerReference: null, updates: [] }),
  async resume(_account, operation, input) {
    resumed.push({ op: operation.id, input });
    // Slow enough for a racing claim to arrive while this one is under way.
    await new Promise((r) => setTimeout(r, 50));
    return [{ status: "processing", providerStatus: `after:${input.kind}`, providerTime: null, dedupeKey: `t:${input.kind}`, recheckAfterMs: 1_000, raw: {} }];
  },
  parseCallback: async () => [],
  callbackReply: () => ({ status: 200 }),
  async fetchStatus() {
    reads += 1;
    return [{ status: "succeeded", providerStatus: "done", providerTime: null, dedupeKey: "t:done", raw: {} }];
  },
  describeOutcome: () => ({ key: "X", message: "x", retry: "try_again" }),
  payerMessages: { en: {}, pl: {}, de: {}, es: {}, fr: {} },
  testHints: null,
};

let merchantId: string;
beforeAll(async () => {
  await testDb();
  await import("@/lib/providers/connectors");
  registerConnector("fenige", async () => recorder);
  merchantId = (await createMerchant({ providers: ["fenige"], baseUrl: "http://127.0.0.1:1/fenige" })).merchant.id;
});
afterAll(() => undefined);
beforeEach(async () => {
  resumed.length = 0;
  reads = 0;
  // Other tests' operations must not be due here.
  const db = await getDb();
  await db.update(operations).set({ dueAt: null }).where(eq(operations.merchantId, merchantId));
});

const methodAction = (timeoutMs = 10_000): ProviderUpdate => ({
  status: "requires_action",
  providerStatus: "THREE_DS_METHOD",
  providerTime: null,
  dedupeKey: "t:method",
  action: { kind: "method_iframe", url: "https://acs.example/method", fields: { threeDSMethodData: "x" }, timeoutMs },
  raw: {},
});

async function waitingOperation(update: ProviderUpdate = methodAction()) {
  const session = await createSession(merchantId, { provider: "fenige", status: "processing" });
  const op = await createOperation(merchantId, session.id, { provider: "fenige", paymentMethod: "wallet", providerReference: "auth-1", stepTokenHash: sha256Hex(TOKEN) });
  await applyProviderUpdates({ merchantId, operationId: op.id, updates: [update], source: "checkout" });
  return { session, op: (await findOperation(await getDb(), merchantId, op.id)) ?? op };
}

const notify = (sessionId: string, operationId: string) => completeBrowserStep({ sessionId, operationId, token: TOKEN, step: "method", fields: { threeDSMethodData: "y" } });
const inMs = (ms: number) => new Date(Date.now() + ms);

describe("3DS method timer", () => {
  it("is set when the method action is, fires once after its timeout, never before", async () => {
    const { op } = await waitingOperation();
    expect(op.actionSetAt).not.toBeNull();
    expect((op.dueAt?.getTime() ?? 0) - (op.actionSetAt?.getTime() ?? 0)).toBe(10_000);
    await runDueStepsOnce({ now: inMs(9_000), merchantId });
    expect(resumed).toEqual([]);
    const report = await runDueStepsOnce({ now: inMs(10_100), merchantId });
    expect(report.timeouts).toBe(1);
    expect(resumed).toEqual([{ op: op.id, input: { kind: "method_timeout" } }]);
    const after = await findOperation(await getDb(), merchantId, op.id);
    expect(after?.threeDs?.methodMs ?? 0).toBeGreaterThanOrEqual(10_000);
    expect(after?.status).toBe("processing");
    // A notification that arrives after the timer changes nothing.
    expect(await notify(op.sessionId, op.id)).toEqual({ ok: true, value: { carried: false } });
    await runDueStepsOnce({ now: inMs(10_200), merchantId });
    expect(resumed).toHaveLength(1);
  });

  it("a notification in time is carried as completed, and the timer then finds nothing", async () => {
    const { op } = await waitingOperation();
    expect(await notify(op.sessionId, op.id)).toEqual({ ok: true, value: { carried: true } });
    expect(resumed).toEqual([{ op: op.id, input: { kind: "method_completed", data: { threeDSMethodData: "y" } } }]);
    const after = await findOperation(await getDb(), merchantId, op.id);
    expect(after?.threeDs?.methodMs).toBeLessThan(10_000);
    await runDueStepsOnce({ now: inMs(11_000), merchantId });
    expect(resumed.filter((r) => r.input.kind === "method_timeout")).toEqual([]);
  });

  it("a notification after the timeout, before the timer ran, is carried as the timeout it is", async () => {
    const { op } = await waitingOperation();
    await (await getDb()).update(operations).set({ actionSetAt: sql`now() - interval '11 seconds'` }).where(eq(operations.id, op.id));
    await notify(op.sessionId, op.id);
    expect(resumed).toEqual([{ op: op.id, input: { kind: "method_timeout" } }]);
  });

  it("carries a step once when the notification, a repeat of it and two workers race", async () => {
    const { op } = await waitingOperation(methodAction(0));
    await Promise.all([notify(op.sessionId, op.id), notify(op.sessionId, op.id), runDueStepsOnce({ now: inMs(100), merchantId }), runDueStepsOnce({ now: inMs(100), merchantId })]);
    expect(resumed.filter((r) => r.op === op.id)).toHaveLength(1);
  });

  it("refuses a notification with another token", async () => {
    const { op } = await waitingOperation();
    const wrong = await completeBrowserStep({ sessionId: op.sessionId, operationId: op.id, token: "another-token-0123456789", step: "method", fields: {} });
    expect(!wrong.ok && wrong.error.code).toBe("not_found");
    expect(resumed).toEqual([]);
  });

  it("times a challenge out too, and reads back when the connector asked to be asked again", async () => {
    const { op } = await waitingOperation({
      status: "requires_action",
      providerStatus: "CHALLENGE",
      providerTime: null,
      dedupeKey: "t:challenge",
      action: { kind: "challenge_iframe", url: "https://acs.example/c", fields: { creq: "c" }, windowSize: 5 },
      raw: {},
    });
    await runDueStepsOnce({ now: inMs(CHALLENGE_TIMEOUT_MS - 1_000), merchantId });
    expect(resumed).toEqual([]);
    await runDueStepsOnce({ now: inMs(CHALLENGE_TIMEOUT_MS + 1_000), merchantId });
    expect(resumed).toEqual([{ op: op.id, input: { kind: "challenge_timeout" } }]);
    // The resume asked for a read-back in 1 s: the worker does it, and the operation ends.
    const due = (await findOperation(await getDb(), merchantId, op.id))?.dueAt;
    expect(due).not.toBeNull();
    await runDueStepsOnce({ now: inMs(CHALLENGE_TIMEOUT_MS + 3_000), merchantId });
    expect(reads).toBe(1);
    expect(await findOperation(await getDb(), merchantId, op.id)).toMatchObject({ status: "succeeded", dueAt: null });
  });
});
