import { z } from "zod";

// ON/RAMP ingress invoice (hosted invoice page), field for field from its document.
// Status polling and merchant approval use the payment lifecycle API, whose schemas
// live with the S2S connector (../onramp/schemas.ts).

export const IngressSkin = z.object({
  // "Short string containing merchant's or product's name."
  title: z.string().min(1),
  image: z.url().optional(),
  description: z.string().optional(),
});

/** Every field optional except merchant_customer_id, as the document's table says. */
export const IngressBillingDetails = z.object({
  payer_email: z.email().optional(),
  payer_first_name: z.string().optional(),
  payer_last_name: z.string().optional(),
  // "Including country code, without spaces or separators."
  payer_phone: z.string().regex(/^\d+$/).optional(),
  birth_date: z.string().optional(),
  street: z.string().optional(),
  unit: z.string().optional(),
  postal_code: z.string().optional(),
  city: z.string().optional(),
  county: z.string().optional(),
  state: z.string().optional(),
  prefecture: z.string().optional(),
  // "Should be a 3 letter ISO Code."
  country: z.string().regex(/^[A-Z]{3}$/).optional(),
  kyc_verified: z.string().optional(),
  kyc_document: z.string().optional(),
  kyc_reference: z.string().optional(),
  address_verified: z.string().optional(),
  address_doc_reference: z.string().optional(),
  player_level: z.string().optional(),
  member_since: z.string().optional(),
  merchant_customer_id: z.string().min(1),
});
export type IngressBillingDetails = z.infer<typeof IngressBillingDetails>;

export const CreateIngressInvoiceRequest = z.object({
  // "EUR amount to be paid denominated in cents."
  fiat_amount: z.number().int().positive(),
  // "The constant "EUR"."
  fiat_currency: z.literal("EUR"),
  payment_ack_url: z.url(),
  user_redirect_url: z.url(),
  timeout_in_sec: z.number().int().positive(),
  offer_skin: IngressSkin,
  billing_details: IngressBillingDetails,
});
export type CreateIngressInvoiceRequest = z.infer<typeof CreateIngressInvoiceRequest>;

export const CreateIngressInvoiceResponse = z.looseObject({
  invoice_id: z.string().min(1),
  invoice_url: z.url(),
});

/**
 * The payment-ack callback. The document shows no body at all, only the answer codes
 * (200 credited, 204 cancel, anything else: manual intervention). The most robust
 * reading assumed here:
 * - the body is JSON (or empty, or form-encoded: query parameters are read too);
 * - the invoice is named by `invoice_id` (what create returned), or `op_id`/`id`;
 * - the amount, if given, is `fiat_amount` (or `amount`) in cents, as a number or a
 *   numeric string, and the currency `fiat_currency` (or `currency`);
 * - any other field is kept for the history and otherwise ignored.
 * Nothing in it is trusted or acted on: whoever holds the callback URL could write any
 * body, so the answer is decided from the op_status read-back and our own state alone.
 * A body that differs from the invoice (another invoice, amount or currency) is logged
 * and kept in the history; the invoice's amount is fixed by us at creation.
 */
const Numeric = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
export const PaymentAck = z.looseObject({
  invoice_id: z.string().optional(),
  op_id: z.string().optional(),
  id: z.string().optional(),
  fiat_amount: Numeric.optional(),
  amount: Numeric.optional(),
  fiat_currency: z.string().optional(),
  currency: z.string().optional(),
});
export type PaymentAck = z.infer<typeof PaymentAck>;

export interface AckFacts {
  invoiceId: string | null;
  amount: number | null;
  currency: string | null;
}

export function ackFacts(ack: PaymentAck): AckFacts {
  return {
    invoiceId: ack.invoice_id ?? ack.op_id ?? ack.id ?? null,
    amount: ack.fiat_amount ?? ack.amount ?? null,
    currency: (ack.fiat_currency ?? ack.currency)?.toUpperCase() ?? null,
  };
}
