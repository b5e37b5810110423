import { z } from "zod";

// Paysecure wire formats (provider-docs/002, "Cards", S2S). The document shows the card
// request, the 202 answer and the error body field for field; it does not show the
// purchase request, the purchase object, a status read-back or callbacks. What is assumed
// for those is written next to each schema. Reads tolerate extra fields everywhere.

// ---- POST /purchases/ ------------------------------------------------------------------
//
// Assumed body (the document only insists on success_redirect and failure_redirect): the
// shape of Paysecure's public purchase API, as the provider sandbox takes it: client.email
// (required), purchase.currency and purchase.products (price in minor units), brand_id (a
// per-merchant credential), both redirects, and `reference`, which carries our operation
// id so a purchase can be matched to us by a person. Paysecure documents no de-duplication
// by reference, so the create is not idempotent and is never sent twice (client.ts).
// No callback URL is sent: the document does not say how one is registered, and the
// return route and reconciliation read the purchase back anyway.

export const PurchaseClient = z.object({
  email: z.email(),
  full_name: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
  street_address: z.string().min(1).optional(),
  city: z.string().min(1).optional(),
  zip_code: z.string().min(1).optional(),
  state: z.string().min(1).optional(),
  // ISO 3166-1 alpha-2, as the checkout keeps it.
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
});
export type PurchaseClient = z.infer<typeof PurchaseClient>;

export const PurchaseRequest = z.object({
  client: PurchaseClient,
  purchase: z.object({
    currency: z.string().regex(/^[A-Z]{3}$/),
    // One line for the whole order: the checkout knows an amount, not a basket.
    products: z.array(z.object({ name: z.string().min(1).max(256), price: z.number().int().positive(), quantity: z.literal(1) })).length(1),
  }),
  brand_id: z.string().min(1),
  success_redirect: z.url(),
  failure_redirect: z.url(),
  reference: z.string().min(1),
});
export type PurchaseRequest = z.infer<typeof PurchaseRequest>;

/** Assumed: the purchase object comes back with its `id` (used in every later path). */
export const PurchaseCreated = z.looseObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "Must be a path-safe id") });
export type PurchaseCreated = z.infer<typeof PurchaseCreated>;

// ---- POST /p/{purchaseId}/?s2s=true ----------------------------------------------------
//
// Field for field from the document. Mandatory: cardholder_name, card_number (10-20
// characters), expires (MM/YY, after the current month), cvc (3 or 4 digits),
// remember_card, remote_ip, user_agent. The browser fields are sent whenever the payer's
// browser gave them (the document's example sends them all; 3-D Secure needs them).

export const CardPaymentRequest = z.object({
  cardholder_name: z.string().min(1).max(128),
  card_number: z.string().regex(/^\d{10,20}$/),
  expires: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/),
  cvc: z.string().regex(/^\d{3,4}$/),
  // "on" in the document's example; we never ask Paysecure to keep the card.
  remember_card: z.literal("off"),
  remote_ip: z.string().min(1),
  user_agent: z.string().min(1),
  accept_header: z.string().min(1).optional(),
  language: z.string().min(1).optional(),
  java_enabled: z.boolean().optional(),
  javascript_enabled: z.boolean().optional(),
  color_depth: z.number().int().positive().optional(),
  // Minutes between UTC and the browser's local time, the sign of Date#getTimezoneOffset
  // (EMV 3-D Secure's browserTZ); the document's example only shows 0.
  utc_offset: z.number().int().optional(),
  screen_width: z.number().int().positive().optional(),
  screen_height: z.number().int().positive().optional(),
});
export type CardPaymentRequest = z.infer<typeof CardPaymentRequest>;

/** 202: `{ status: "pending", callback_url, method: "GET" }`; the payer's browser goes to callback_url. */
export const CardPaymentAccepted = z.looseObject({
  status: z.string(),
  callback_url: z.url(),
  method: z.string().optional(),
});
export type CardPaymentAccepted = z.infer<typeof CardPaymentAccepted>;

/** Every documented error (400, 401, 404, 405, 415): `{ message, code }`. */
export const ErrorBody = z.looseObject({ message: z.string(), code: z.union([z.string(), z.number()]).nullish() });
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---- GET /purchases/{id}/ (status read-back) ---------------------------------------------
//
// Not in the document. Assumed, as the provider sandbox serves it: the purchase object
// under the path it was created at, with
// - status: "created" (no card taken yet; a refused card leaves it here with last_error),
//   "pending_execute" (card taken, the payer must go to callback_url), "paid", "error"
//   (declined after the redirect); "expired" and "cancelled" are read as ended unpaid
//   (names from the same purchase API); anything else is kept and moves nothing;
// - last_error: the `{ message, code }` of the last refusal or decline, null without one;
// - callback_url: the S2S answer's callback_url, repeated while the purchase waits for the
//   payer, so a lost 202 can still send the payer on.
// lib/providers/paysecure/connector.test.ts holds the sandbox to this reading.

export const PURCHASE_STATUSES = ["created", "pending_execute", "paid", "error", "expired", "cancelled"] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

export const PurchaseView = z.looseObject({
  id: z.string(),
  status: z.string(),
  last_error: z.looseObject({ message: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish() }).nullish(),
  callback_url: z.url().nullish(),
});
export type PurchaseView = z.infer<typeof PurchaseView>;
