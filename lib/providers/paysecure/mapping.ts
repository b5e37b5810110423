import { redact } from "@/lib/log";
import type { OperationRef, ProviderUpdate } from "@/lib/providers/types";
import { declineOf, OTHER_CODES } from "./payer-messages";
import type { CardPaymentAccepted, PurchaseCreated, PurchaseView } from "./schemas";

// Paysecure's purchase statuses onto the checkout's status machine.
//
//   purchase created (start)         -> pending
//   202 callback_url (start)         -> requires_action, redirect {callback_url, 1}
//   read back: pending_execute       -> requires_action (with the redirect when the
//                                       read-back repeats callback_url)
//              paid                  -> succeeded
//              error                 -> declined {code from last_error}
//              created + last_error  -> failed: the card was refused (a documented error
//                                       whose answer we lost)
//              created, no last_error-> nothing changes, until CARD_ANSWER_GRACE_MS after
//                                       the card was sent: then failed CARD_NOT_RECEIVED,
//                                       as Paysecure holds no card for it and nobody can
//                                       pay a purchase without its callback_url
//              expired, cancelled    -> failed PURCHASE_ENDED (unpaid)
//              anything else         -> recorded, moves nothing
//
// Paysecure gives no time per status, so updates carry none and the status machine orders
// them by their place in the flow. Each fact's key is stable across read-backs, so a
// purchase read back a hundred times is one entry per fact in the history.

const PROVIDER = "paysecure";

/** Past this, a purchase still without the card we sent will not get it. */
export const CARD_ANSWER_GRACE_MS = 10 * 60_000;

/** Connector state key: when the card was sent (epoch ms), checkpointed before sending. */
export const CARD_SENT_AT = "cardSentAt";

export function createdUpdate(purchase: PurchaseCreated): ProviderUpdate {
  return {
    status: "pending",
    providerStatus: "purchase_created",
    providerTime: null,
    dedupeKey: `${PROVIDER}:purchase_created:${purchase.id}`,
    providerReference: purchase.id,
    raw: redact(purchase),
  };
}

export function redirectUpdate(purchaseId: string, url: string, raw: unknown): ProviderUpdate {
  return {
    status: "requires_action",
    providerStatus: "pending_execute",
    providerTime: null,
    dedupeKey: `${PROVIDER}:pending_execute:${purchaseId}`,
    providerReference: purchaseId,
    action: { kind: "redirect", url, number: 1 },
    threeDs: { flow: "redirect" },
    raw: redact(raw),
  };
}

export function acceptedUpdate(purchaseId: string, accepted: CardPaymentAccepted): ProviderUpdate {
  return redirectUpdate(purchaseId, accepted.callback_url, accepted);
}

function isThreeDsFailure(error: NonNullable<PurchaseView["last_error"]>): boolean {
  const text = `${error.code ?? ""} ${error.message ?? ""}`.toLowerCase();
  return /3-?d[ -]?s|three.?d|authenticat/.test(text);
}

export function mapPurchase(view: PurchaseView, operation: OperationRef, now = Date.now()): ProviderUpdate {
  const raw = redact(view);
  const base = { providerTime: null, raw, providerReference: view.id };
  const error = view.last_error ?? null;
  switch (view.status) {
    case "paid":
      return { ...base, status: "succeeded", providerStatus: "paid", dedupeKey: `${PROVIDER}:paid:${view.id}` };
    case "pending_execute":
      if (view.callback_url) return { ...redirectUpdate(view.id, view.callback_url, view), raw };
      // Without the URL nothing new is known: the attempt stays as it is.
      return { ...base, status: operation.status, providerStatus: "pending_execute", dedupeKey: `${PROVIDER}:pending_execute:${view.id}` };
    case "error": {
      const fallback = error && isThreeDsFailure(error) ? OTHER_CODES.threeDsFailed : OTHER_CODES.declined;
      const decline = declineOf(error ?? {}, fallback);
      return { ...base, status: "declined", providerStatus: "error", dedupeKey: `${PROVIDER}:error:${view.id}`, decline };
    }
    case "created": {
      if (error?.message || error?.code) {
        const decline = declineOf(error);
        return { ...base, status: "failed", providerStatus: "card_refused", dedupeKey: `${PROVIDER}:card_refused:${view.id}`, decline };
      }
      const sentAt = operation.connectorState[CARD_SENT_AT];
      if (typeof sentAt === "number" && now - sentAt > CARD_ANSWER_GRACE_MS) {
        return {
          ...base,
          status: "failed",
          providerStatus: "card_not_received",
          dedupeKey: `${PROVIDER}:card_not_received:${view.id}`,
          decline: { code: OTHER_CODES.cardNotReceived, reason: "The purchase never received the card" },
        };
      }
      // The same fact as start()'s "purchase created": a duplicate once that was applied,
      // and no change while the card's answer is still unknown.
      return { ...base, status: operation.status, providerStatus: "purchase_created", dedupeKey: `${PROVIDER}:purchase_created:${view.id}` };
    }
    case "expired":
    case "cancelled":
      return {
        ...base,
        status: "failed",
        providerStatus: view.status,
        dedupeKey: `${PROVIDER}:${view.status}:${view.id}`,
        decline: { code: OTHER_CODES.purchaseEnded, reason: `Purchase ${view.status}` },
      };
    default:
      return { ...base, status: operation.status, providerStatus: `unknown:${view.status}`, dedupeKey: `${PROVIDER}:unknown:${view.status}:${view.id}` };
  }
}
