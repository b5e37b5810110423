import countries from "i18n-iso-countries";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { OperationStatus } from "@/lib/operations/status";
import type { Connector, OperationRef, ProviderAccountContext, ProviderUpdate, StartInput } from "@/lib/providers/types";
import { ProviderError } from "@/lib/providers/types";
import { onrampCall } from "../onramp/client";
import { unreadableEntry } from "../onramp/mapping";
import { opStatuses } from "../onramp/op-status";
import { ONRAMP_PAYER_MESSAGES, onrampPayerOutcome } from "../onramp/payer-messages";
import { OpStatusResponse, readOpStatusEntries, type OpStatusEntry } from "../onramp/schemas";
import { ONRAMP_INVOICE_TEST_HINTS } from "../onramp/test-hints";
import { ackFacts, CreateIngressInvoiceResponse, PaymentAck, type CreateIngressInvoiceRequest, type IngressBillingDetails } from "./schemas";

const PROVIDER = "onramp_invoice";
// ON/RAMP needs some time to show and take the invoice; a shorter link is useless.
export const MIN_TIMEOUT_SEC = 60;

function invoiceIdOf(operation: OperationRef): string {
  if (!operation.providerReference) throw new ProviderError("rejected", "The operation has no ON/RAMP invoice yet");
  return operation.providerReference;
}

function isHttpUrl(value: string | null): value is string {
  if (!value) return false;
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

export function buildInvoiceRequest(input: StartInput, now = Date.now()): CreateIngressInvoiceRequest {
  if (input.operation.currency !== "EUR") {
    throw new AppError("unprocessable", "ON/RAMP invoices can only be paid in EUR.");
  }
  // The invoice must not outlive the session: a payer paying after our session ended
  // would pay an order the merchant has already given up on.
  const timeout = Math.floor((input.expiresAt.getTime() - now) / 1000);
  if (timeout < MIN_TIMEOUT_SEC) throw new AppError("session_expired", "Too little time is left to pay this order.");
  const c = input.customer;
  const a = c?.address;
  const alpha3 = a?.country ? countries.alpha2ToAlpha3(a.country.toUpperCase()) : undefined;
  const billing: IngressBillingDetails = {
    merchant_customer_id: input.operation.customerId,
    ...(c?.email ? { payer_email: c.email } : {}),
    ...(c?.first_name ? { payer_first_name: c.first_name } : {}),
    ...(c?.last_name ? { payer_last_name: c.last_name } : {}),
    ...(c?.phone ? { payer_phone: c.phone.replace(/\D/g, "") } : {}),
    ...(a?.line1 ? { street: a.line1 } : {}),
    ...(a?.line2 ? { unit: a.line2 } : {}),
    ...(a?.postal_code ? { postal_code: a.postal_code } : {}),
    ...(a?.city ? { city: a.city } : {}),
    ...(a?.state ? { state: a.state } : {}),
    ...(alpha3 ? { country: alpha3 } : {}),
  };
  const description = input.description.trim();
  return {
    fiat_amount: input.operation.amount,
    fiat_currency: "EUR",
    payment_ack_url: input.urls.callback,
    user_redirect_url: input.urls.payerReturn,
    timeout_in_sec: timeout,
    offer_skin: {
      title: input.merchant.name,
      ...(isHttpUrl(input.merchant.logoUrl) ? { image: input.merchant.logoUrl } : {}),
      ...(description ? { description } : {}),
    },
    billing_details: billing,
  };
}

/**
 * op_status onto our statuses. op_status gives no time for a status, so updates carry
 * none and the status machine orders them by their place in the flow; the dedupe key is
 * the status itself (an invoice passes each lifecycle status once).
 */
export function mapInvoiceStatus(entry: OpStatusEntry, current: OperationStatus): ProviderUpdate {
  const base = { providerTime: null, raw: entry, providerStatus: entry.status, dedupeKey: `${PROVIDER}:${entry.status}` };
  switch (entry.status) {
    case "waiting_user_confirmation":
      // The payer is (or may be) on the invoice page; the redirect we gave stays.
      return { ...base, status: "requires_action" };
    case "queued":
    case "querying_merchant_for_confirmation":
      return { ...base, status: "processing" };
    case "waiting_merchant_confirmation":
      return { ...base, status: "awaiting_confirmation" };
    case "accepted":
      return { ...base, status: "succeeded" };
    case "rejected": {
      const reason = entry.credit_card_payment_attempt?.reject_reason ?? "UNSPECIFIED_CC_ERR";
      return { ...base, status: "declined", decline: { code: "rejected", reason } };
    }
    default:
      return { ...base, status: current, providerStatus: `unknown:${entry.status}`, dedupeKey: `${PROVIDER}:unknown:${entry.status}` };
  }
}

async function readBack(account: ProviderAccountContext, operation: OperationRef): Promise<ProviderUpdate[]> {
  const invoiceId = invoiceIdOf(operation);
  const raw = await onrampCall(account, { method: "POST", path: "/rpc/op_status", body: { invoices_id: [invoiceId] }, idempotent: true, schema: OpStatusResponse });
  const updates: ProviderUpdate[] = [];
  const entries = readOpStatusEntries(raw, (e) => updates.push(unreadableEntry(e, operation.status, "op_status")));
  const entry = entries.find((e) => e.op_id.toLowerCase() === invoiceId.toLowerCase());
  // "Invalid UUIDs are silently skipped": no entry means ON/RAMP does not know it (yet).
  if (entry) updates.push(mapInvoiceStatus(entry, operation.status));
  return updates;
}

export const onrampInvoiceConnector: Connector = {
  name: "onramp_invoice",
  capabilities: {
    methods: ["invoice"],
    // "fiat_currency: The constant "EUR"."
    currencies: ["EUR"],
    // Billing details are passed on when known; only merchant_customer_id is required.
    billingFields: [],
    cancel: false,
    approve: true,
    decidesOnCallback: true,
    // The invoice id is ON/RAMP's; the payer gets nothing to pay before we hold it.
    lookupByOwnId: false,
    // The hosted invoice page takes the payment; nothing card-shaped is typed here.
    cardBrands: [],
  },
  testHints: ONRAMP_INVOICE_TEST_HINTS,
  payerMessages: ONRAMP_PAYER_MESSAGES,

  describeOutcome(outcome) {
    return onrampPayerOutcome(outcome.declineReason);
  },

  async start(account, input) {
    const body = buildInvoiceRequest(input);
    // No id of ours travels with an invoice, so this call is never retried: a lost
    // answer leaves an unused invoice that expires on its own, never a second payment.
    const created = await onrampCall(account, { method: "POST", path: "/rpc/create_ingress_invoice", body, idempotent: false, schema: CreateIngressInvoiceResponse });
    return {
      providerReference: created.invoice_id,
      updates: [
        {
          status: "requires_action",
          providerStatus: "invoice_created",
          providerTime: null,
          dedupeKey: `${PROVIDER}:invoice:${created.invoice_id}`,
          providerReference: created.invoice_id,
          action: { kind: "redirect", url: created.invoice_url, number: 1 },
          raw: created,
        },
      ],
    };
  },

  async parseCallback(account, operation, request) {
    // The acknowledgement is decided from ON/RAMP's read-back and our own state only
    // (lib/checkout/handle-provider-callback.ts); nothing the body claims moves the
    // operation. What it claims is compared and logged, and kept in the history.
    const parsed = PaymentAck.safeParse({ ...request.query, ...(request.body && typeof request.body === "object" ? request.body : {}) });
    if (!operation.providerReference) {
      // Our create call never learnt the invoice: nothing can be read back, so neither
      // credit nor cancel; the operation ends through reconciliation.
      log.warn("onramp payment-ack for an operation without its invoice id", { operationId: operation.id });
      return [];
    }
    if (parsed.success) {
      const facts = ackFacts(parsed.data);
      const differs =
        (facts.invoiceId !== null && facts.invoiceId.toLowerCase() !== operation.providerReference.toLowerCase()) ||
        (facts.amount !== null && facts.amount !== operation.amount) ||
        (facts.currency !== null && facts.currency !== operation.currency);
      if (differs) log.warn("onramp payment-ack body differs from the invoice; decided from the read-back", { operationId: operation.id });
    } else {
      log.warn("onramp payment-ack body unreadable; decided from the read-back", { operationId: operation.id });
    }
    return readBack(account, operation);
  },

  callbackReply(operation) {
    // 200: credited. 204: cancel the payment (the invoice expires). Never anything
    // else for a decision: other codes pause the payment for manual intervention.
    return { status: operation.accept ? 200 : 204 };
  },

  fetchStatus(account, operation) {
    return readBack(account, operation);
  },

  async unchangedAmong(account, operations) {
    // op_status is this connector's whole read-back: an invoice whose mapped status is ours
    // has nothing new.
    const withInvoice = operations.filter((o) => o.providerReference !== null);
    const lifecycle = await opStatuses(account, withInvoice.map(invoiceIdOf));
    const unchanged = new Set<string>();
    for (const op of withInvoice) {
      const entry = lifecycle.get(invoiceIdOf(op).toLowerCase());
      if (entry && mapInvoiceStatus(entry, op.status).status === op.status && !mapInvoiceStatus(entry, op.status).providerStatus.startsWith("unknown:")) unchanged.add(op.id);
    }
    return unchanged;
  },

  async decide(account, operation, accept) {
    await onrampCall(account, { method: "POST", path: "/rpc/mark_operation", body: { op_id: invoiceIdOf(operation), accept }, idempotent: true });
  },
};
