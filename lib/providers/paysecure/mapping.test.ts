import { describe, expect, it } from "vitest";
import type { OperationRef } from "@/lib/providers/types";
import { CARD_ANSWER_GRACE_MS, CARD_SENT_AT, acceptedUpdate, createdUpdate, mapPurchase } from "./mapping";
import { PurchaseView } from "./schemas";

const ID = "3f1c2d4e-1111-2222-3333-444455556666";
const op = (status: OperationRef["status"], connectorState: OperationRef["connectorState"] = {}): OperationRef => ({
  id: "op_1",
  providerReference: ID,
  amount: 1000,
  currency: "EUR",
  customerId: "c",
  sessionId: "cs_1",
  status,
  connectorState,
});
const view = (fields: Record<string, unknown>) => PurchaseView.parse({ id: ID, ...fields, surprise: { extra: true } });

describe("Paysecure purchase mapping", () => {
  it("start: the purchase is pending, the 202 is a first redirect to callback_url", () => {
    expect(createdUpdate({ id: ID })).toMatchObject({ status: "pending", providerReference: ID, dedupeKey: `paysecure:purchase_created:${ID}` });
    expect(acceptedUpdate(ID, { status: "pending", callback_url: "https://ps.example/payment/1/", method: "GET" })).toMatchObject({
      status: "requires_action",
      action: { kind: "redirect", url: "https://ps.example/payment/1/", number: 1 },
      dedupeKey: `paysecure:pending_execute:${ID}`,
    });
  });

  it("read back: paid succeeds, error declines with the issuer's or 3-D Secure's reason", () => {
    expect(mapPurchase(view({ status: "paid" }), op("requires_action"))).toMatchObject({ status: "succeeded", dedupeKey: `paysecure:paid:${ID}` });
    expect(mapPurchase(view({ status: "error", last_error: { code: "declined", message: "Declined by issuer" } }), op("requires_action"))).toMatchObject({
      status: "declined",
      decline: { code: "DECLINED", reason: "Declined by issuer" },
    });
    expect(mapPurchase(view({ status: "error", last_error: { code: "3ds_declined", message: "3-D Secure authentication failed" } }), op("requires_action"))).toMatchObject({
      status: "declined",
      decline: { code: "3DS_FAILED", reason: "3-D Secure authentication failed" },
    });
    expect(mapPurchase(view({ status: "error", last_error: null }), op("requires_action")).decline).toEqual({ code: "DECLINED", reason: "DECLINED" });
    // A documented message in the read-back gets its documented code.
    expect(mapPurchase(view({ status: "error", last_error: { code: "x", message: "Card is Blocked" } }), op("requires_action")).decline?.code).toBe("CARD_BLOCKED");
  });

  it("read back: pending_execute with its callback_url restores the redirect a lost 202 carried; without it nothing moves", () => {
    const withUrl = mapPurchase(view({ status: "pending_execute", callback_url: "https://ps.example/payment/1/" }), op("created"));
    expect(withUrl).toMatchObject({ status: "requires_action", action: { kind: "redirect", url: "https://ps.example/payment/1/", number: 1 }, dedupeKey: `paysecure:pending_execute:${ID}` });
    const without = mapPurchase(view({ status: "pending_execute", callback_url: null }), op("created"));
    expect(without).toMatchObject({ status: "created", providerStatus: "pending_execute" });
    expect(without.action).toBeUndefined();
  });

  it("read back: a created purchase with last_error is the card refused; the decline is the documented one", () => {
    const u = mapPurchase(view({ status: "created", last_error: { code: "card_blocked", message: "Card is Blocked" } }), op("created"));
    expect(u).toMatchObject({ status: "failed", providerStatus: "card_refused", decline: { code: "CARD_BLOCKED", reason: "Card is Blocked" } });
  });

  it("read back: a created purchase without the card changes nothing until the grace period is over, then fails as never received", () => {
    const now = Date.now();
    const fresh = mapPurchase(view({ status: "created", last_error: null }), op("created", { [CARD_SENT_AT]: now - 1000 }), now);
    expect(fresh).toMatchObject({ status: "created", dedupeKey: `paysecure:purchase_created:${ID}` });
    const late = mapPurchase(view({ status: "created", last_error: null }), op("created", { [CARD_SENT_AT]: now - CARD_ANSWER_GRACE_MS - 1 }), now);
    expect(late).toMatchObject({ status: "failed", providerStatus: "card_not_received", decline: { code: "CARD_NOT_RECEIVED" } });
    // No record of a card ever sent (a crash before it): never guessed.
    expect(mapPurchase(view({ status: "created" }), op("created"), now + 10 * CARD_ANSWER_GRACE_MS).status).toBe("created");
  });

  it("read back: expired and cancelled purchases end unpaid; an unknown status is kept and moves nothing", () => {
    expect(mapPurchase(view({ status: "expired" }), op("requires_action"))).toMatchObject({ status: "failed", decline: { code: "PURCHASE_ENDED" } });
    expect(mapPurchase(view({ status: "cancelled" }), op("requires_action"))).toMatchObject({ status: "failed", decline: { code: "PURCHASE_ENDED" } });
    expect(mapPurchase(view({ status: "hold" }), op("requires_action"))).toMatchObject({ status: "requires_action", providerStatus: "unknown:hold", dedupeKey: `paysecure:unknown:hold:${ID}` });
  });

  it("keeps one key per fact, however often it is read back", () => {
    const a = mapPurchase(view({ status: "paid" }), op("requires_action"));
    const b = mapPurchase(view({ status: "paid", client: { email: "changed@example.test" } }), op("requires_action"));
    expect(a.dedupeKey).toBe(b.dedupeKey);
    expect(a.providerTime).toBeNull();
  });
});
