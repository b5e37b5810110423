import { describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { applyProviderUpdates } from "@/lib/operations/apply-updates";
import { paymentEventStream } from "./payment-progress-stream";
import type { PaymentState } from "./payment-progress";

async function readEvents(stream: ReadableStream<Uint8Array>, until: (states: PaymentState[]) => boolean, timeoutMs = 10_000) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const states: PaymentState[] = [];
  let raw = "";
  const deadline = Date.now() + timeoutMs;
  while (!until(states) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    raw += decoder.decode(value, { stream: true });
    let idx: number;
    while ((idx = raw.indexOf("\n\n")) >= 0) {
      const block = raw.slice(0, idx);
      raw = raw.slice(idx + 2);
      const data = block.split("\n").find((l) => l.startsWith("data: "));
      if (block.startsWith("event: state") && data) states.push(JSON.parse(data.slice(6)) as PaymentState);
    }
  }
  reader.releaseLock();
  return { states, raw };
}

describe("payment progress stream", () => {
  it("sends the current state, then each change (via NOTIFY), and ends on the final one", async () => {
    await testDb();
    const { merchant } = await createMerchant();
    const session = await createSession(merchant.id, { status: "processing" });
    const op = await createOperation(merchant.id, session.id, { status: "pending" });
    const stream = await paymentEventStream(session.id, op.id, { limits: { pollMs: 60_000 } });
    expect(stream.ok).toBe(true);
    if (!stream.ok) return;
    setTimeout(() => {
      void (async () => {
        await applyProviderUpdates({
          merchantId: merchant.id,
          operationId: op.id,
          source: "callback",
          updates: [{ status: "requires_action", providerStatus: "waiting", providerTime: new Date(), dedupeKey: "w1", action: { kind: "redirect", url: "https://acs.example/1", number: 1 }, raw: {} }],
        });
        await applyProviderUpdates({
          merchantId: merchant.id,
          operationId: op.id,
          source: "callback",
          updates: [{ status: "succeeded", providerStatus: "accepted", providerTime: new Date(Date.now() + 1000), dedupeKey: "a1", raw: {} }],
        });
      })();
    }, 100);
    const { states } = await readEvents(stream.value, (s) => s.some((x) => x.final));
    expect(states[0]).toMatchObject({ status: "pending", final: false });
    expect(states.map((s) => s.status)).toContain("succeeded");
    const last = states.at(-1);
    expect(last).toMatchObject({ status: "succeeded", final: true, sessionStatus: "paid", successUrl: `https://shop.example/success?session_id=${session.id}` });
    // No provider payload and no card data goes to the browser, except what the receipt
    // of a successful payment shows the payer (the brand and last four, as on any receipt).
    const { receipt, ...rest } = last ?? {};
    expect(receipt).toMatchObject({ cardBrand: "Visa", cardLast4: "4242", operationId: last?.operationId });
    expect(JSON.stringify([...states.slice(0, -1), rest])).not.toMatch(/first6|last4|raw|callback/i);
    expect(JSON.stringify(states)).not.toMatch(/first6|raw|callback|424242/i);
  });

  it("falls back to polling, and refuses an operation of another session", async () => {
    await testDb();
    const { merchant } = await createMerchant();
    const session = await createSession(merchant.id, { status: "processing" });
    const other = await createSession(merchant.id);
    const op = await createOperation(merchant.id, session.id, { status: "pending" });
    expect((await paymentEventStream(other.id, op.id)).ok).toBe(false);
    const stream = await paymentEventStream(session.id, op.id, { limits: { pollMs: 100 } });
    if (!stream.ok) throw new Error("no stream");
    const { getDb } = await import("@/db/client");
    const { operations } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    // A change written without NOTIFY (another path, a lost notification) still arrives.
    setTimeout(() => void getDb().then((db) => db.update(operations).set({ status: "declined", declineReason: "DO_NOT_HONOR" }).where(eq(operations.id, op.id))), 150);
    const { states } = await readEvents(stream.value, (s) => s.some((x) => x.final));
    expect(states.at(-1)).toMatchObject({ status: "declined", final: true, message: "Your bank declined the payment. Try another card or contact your bank." });
  });
});
