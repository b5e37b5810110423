import { log, redact } from "@/lib/log";
import type { Connector, OperationRef, ProviderAccountContext, ProviderUpdate } from "@/lib/providers/types";
import { ProviderError } from "@/lib/providers/types";
import { buildCardPayment, buildPurchase } from "./build-request";
import { PaysecureRefusal, paysecureCall } from "./client";
import { acceptedUpdate, CARD_SENT_AT, createdUpdate, mapPurchase } from "./mapping";
import { declineOf, OTHER_CODES, PAYSECURE_PAYER_MESSAGES, paysecurePayerOutcome } from "./payer-messages";
import { CardPaymentAccepted, PurchaseCreated, PurchaseView } from "./schemas";
import { PAYSECURE_TEST_HINTS } from "./test-hints";

// Paysecure cards, server to server (provider-docs/002):
//   1. POST /purchases/                 -> the purchase id, checkpointed at once;
//   2. POST /p/{id}/?s2s=true           -> 202 { callback_url }: the payer's browser goes
//                                          there (3-D Secure may follow) and comes back on
//                                          our success or failure return URL;
//   3. GET /purchases/{id}/ (assumed)   -> what the purchase became; the only thing
//                                          the return route, callbacks, the admin refresh
//                                          and reconciliation ever believe.
// A documented error (`{ message, code }`, 4xx) on either call ends the attempt with our
// decline code for that message; a lost answer leaves it open for the read-back to settle.

function purchaseIdOf(operation: OperationRef): string {
  if (!operation.providerReference) throw new ProviderError("rejected", "The operation has no Paysecure purchase yet");
  return operation.providerReference;
}

const path = (purchaseId: string) => encodeURIComponent(purchaseId);

/** A refusal as the checkout records it: our code, the provider's words as the reason, its body in the history. */
function declined(e: PaysecureRefusal): ProviderError {
  const body = e.refusal.body;
  const decline = declineOf(body ?? { code: `HTTP_${e.refusal.status}` });
  return new ProviderError("rejected", e.message, {
    status: e.refusal.status,
    providerCode: decline.code,
    payerMessage: decline.reason,
    raw: redact(body ?? { status: e.refusal.status }),
  });
}

async function readBack(account: ProviderAccountContext, operation: OperationRef): Promise<ProviderUpdate[]> {
  const id = purchaseIdOf(operation);
  try {
    const view = await paysecureCall(account, { method: "GET", path: `/purchases/${path(id)}/`, retry: "idempotent", schema: PurchaseView });
    if (view.id !== id) throw new ProviderError("invalid_response", "Paysecure answered the read-back with another purchase");
    return [mapPurchase(view, operation)];
  } catch (e) {
    if (e instanceof PaysecureRefusal && e.refusal.status === 404) {
      throw new ProviderError("rejected", e.message, { status: 404, unknownOperation: true });
    }
    throw e;
  }
}

export const paysecureConnector: Connector = {
  name: "paysecure",
  capabilities: {
    methods: ["card"],
    // The document names no currency limits; the purchase carries any ISO 4217 code.
    currencies: "any",
    // client.email is the one payer detail the purchase needs; names and address are
    // passed on when the session has them.
    billingFields: ["email"],
    // No cancel, refund or merchant-approval call is documented.
    cancel: false,
    approve: false,
    decidesOnCallback: false,
    // Purchases are found by Paysecure's id only; nothing chargeable is sent before that
    // id is checkpointed (start below).
    lookupByOwnId: false,
    // The schemes Paysecure's hosted card page takes.
    cardBrands: ["visa", "mastercard"],
  },
  testHints: PAYSECURE_TEST_HINTS,
  payerMessages: PAYSECURE_PAYER_MESSAGES,

  describeOutcome(outcome) {
    return paysecurePayerOutcome(outcome);
  },

  async start(account, input) {
    const brandId = account.credentials.brandId;
    if (!brandId) {
      throw new ProviderError("rejected", "Paysecure account has no brandId credential", { providerCode: OTHER_CODES.accountIncomplete, payerMessage: "No brandId configured" });
    }
    // Both bodies are checked before the first call: nothing is created for a card the
    // provider would refuse for its form.
    const purchaseBody = buildPurchase(input, brandId);
    const cardBody = buildCardPayment(input);

    let purchase: PurchaseCreated;
    try {
      purchase = await paysecureCall(account, { method: "POST", path: "/purchases/", body: purchaseBody, retry: "connect_only", schema: PurchaseCreated });
    } catch (e) {
      throw e instanceof PaysecureRefusal ? declined(e) : e;
    }
    // Kept before the card leaves: if its answer is lost, the purchase can still be read back.
    await input.checkpoint({ providerReference: purchase.id, state: { [CARD_SENT_AT]: Date.now() } });

    let accepted: CardPaymentAccepted;
    try {
      accepted = await paysecureCall(account, { method: "POST", path: `/p/${path(purchase.id)}/?s2s=true`, body: cardBody, retry: "never", schema: CardPaymentAccepted });
    } catch (e) {
      throw e instanceof PaysecureRefusal ? declined(e) : e;
    }
    return { providerReference: purchase.id, updates: [createdUpdate(purchase), acceptedUpdate(purchase.id, accepted)] };
  },

  async resume(account, operation, input) {
    // The payer's browser is back on our return route. Which redirect it came back on is
    // a claim anyone can make; only the purchase's own status counts.
    const updates = await readBack(account, operation);
    if (input.kind === "payer_returned") {
      const claimed = input.query.outcome === "failure" ? "failure" : "success";
      const status = updates[0]?.status;
      if ((claimed === "success" && status === "declined") || (claimed === "failure" && status === "succeeded")) {
        log.warn("paysecure return URL disagrees with the purchase status; the status wins", { operationId: operation.id, claimed, status });
      }
    }
    return updates;
  },

  async parseCallback(account, operation, request) {
    // No callback is registered (schemas.ts); should Paysecure call anyway, the body is
    // only a hint, kept in the history by the callback handler: the read-back decides.
    log.info("paysecure callback received; reading the purchase back", { operationId: operation.id, hasBody: request.body !== null && request.body !== undefined });
    return readBack(account, operation);
  },

  callbackReply() {
    // Received and acted on: a 200 stops any retries.
    return { status: 200, body: { received: true } };
  },

  fetchStatus(account, operation) {
    return readBack(account, operation);
  },
};
