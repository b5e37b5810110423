import countries from "i18n-iso-countries";
import { AppError, fieldsFromIssues } from "@/lib/errors";
import { log } from "@/lib/log";
import type { OperationStatus } from "@/lib/operations/status";
import type { Connector, OperationRef, ProviderAccountContext, ProviderUpdate, StartInput } from "@/lib/providers/types";
import { ProviderError } from "@/lib/providers/types";
import { onrampCall } from "../onramp/client";
import { OpStatusResponse, type OpStatusEntry } from "../onramp/schemas";
import { ackFacts, CreateIngressInvoiceResponse, PaymentAck, type CreateIngressInvoiceRequest, type IngressBillingDetails } from "./schemas";

const PROVIDER = "onramp_invoice";
// ON/RAMP needs some time to show and take the invoice; a shorter link is useless.
const MIN_TIMEOUT_SEC = 60;

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
    timeout_in_sec: Math.max(MIN_TIMEOUT_SEC, Math.floor((input.expiresAt.getTime() - now) / 1000)),
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
  const entries = await onrampCall(account, { method: "POST", path: "/rpc/op_status", body: { invoices_id: [invoiceId] }, idempotent: true, schema: OpStatusResponse });
  const entry = entries.find((e) => e.op_id.toLowerCase() === invoiceId.toLowerCase());
  // "Invalid UUIDs are silently skipped": no entry means ON/RAMP does not know it (yet).
  return entry ? [mapInvoiceStatus(entry, operation.status)] : [];
}

export const onrampInvoiceConnector: Connector = {
  name: "onramp_invoice",
  capabilities: { methods: ["invoice"], cancel: false, approve: true, decidesOnCallback: true, lookupByOwnId: false },

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
          action: { kind: "redirect", url: created.invoice_url },
          raw: created,
        },
      ],
    };
  },

  async parseCallback(account, operation, request) {
    const parsed = PaymentAck.safeParse({ ...request.query, ...(request.body && typeof request.body === "object" ? request.body : {}) });
    if (!parsed.success) {
      throw new AppError("validation_failed", "The payment acknowledgement could not be read.", { fields: fieldsFromIssues(parsed.error.issues) });
    }
    const facts = ackFacts(parsed.data);
    const invoiceId = invoiceIdOf(operation);
    if (facts.invoiceId && facts.invoiceId.toLowerCase() !== invoiceId.toLowerCase()) {
      throw new AppError("validation_failed", "The acknowledgement is for another invoice.", { fields: [{ path: "invoice_id", message: "Does not match this callback URL" }] });
    }
    const updates = await readBack(account, operation);
    // Invoices are fixed-amount EUR; an acknowledgement naming anything else must not be credited.
    const amountDiffers = facts.amount !== null && facts.amount !== operation.amount;
    const currencyDiffers = facts.currency !== null && facts.currency !== operation.currency;
    if (amountDiffers || currencyDiffers) {
      log.warn("onramp payment-ack amount or currency differs from the invoice", { operationId: operation.id });
      updates.push({
        status: "declined",
        providerStatus: "payment_ack_mismatch",
        providerTime: null,
        dedupeKey: `${PROVIDER}:ack_mismatch`,
        decline: { code: amountDiffers ? "amount_mismatch" : "currency_mismatch", reason: "AMOUNT_OR_CURRENCY_MISMATCH" },
        raw: parsed.data,
      });
    }
    return updates;
  },

  callbackReply(operation) {
    // 200: credited. 204: cancel the payment (the invoice expires). Never anything
    // else for a decision: other codes pause the payment for manual intervention.
    return { status: operation.accept ? 200 : 204 };
  },

  fetchStatus(account, operation) {
    return readBack(account, operation);
  },

  async decide(account, operation, accept) {
    await onrampCall(account, { method: "POST", path: "/rpc/mark_operation", body: { op_id: invoiceIdOf(operation), accept }, idempotent: true });
  },
};
