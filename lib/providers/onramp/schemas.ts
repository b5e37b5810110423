import { z } from "zod";

// ON/RAMP wire formats, field for field from the S2S document and the payment lifecycle
// document. Requests are built by us and parsed with `.strict()`-free objects only where
// we read the provider: every object the provider sends may carry extra fields (the
// document asks us to assume so), so reads use loose objects and never reject unknowns.

const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Must be a UUID");

// ---- POST /s2s/create_operation -----------------------------------------------------

/** The five card fields the bank-payment variant leaves out. */
export const CARD_ONLY_FIELDS = ["card_number", "card_expiry_month", "card_expiry_year", "card_cvv", "card_holder_name"] as const;

export const OnrampCardDetails = z.object({
  // Card fields: "Always (Not needed for bank payments)".
  card_number: z.string().regex(/^\d{12,19}$/).optional(),
  card_expiry_month: z.string().regex(/^(0[1-9]|1[0-2])$/).optional(),
  // "Last two digits of the credit card expiry year".
  card_expiry_year: z.string().regex(/^\d{2}$/).optional(),
  card_cvv: z.string().regex(/^\d{3,4}$/).optional(),
  card_holder_name: z.string().min(1).optional(),
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  email: z.email(),
  phone_number: z.string().min(1).optional(),
  street: z.string().min(1),
  city: z.string().min(1),
  postal_code: z.string().min(1),
  // Documented as always required: asked of the payer when the session has none.
  state: z.string().min(1),
  // ISO 3166-1 alpha-3.
  country: z.string().regex(/^[A-Z]{3}$/),
});
export type OnrampCardDetails = z.infer<typeof OnrampCardDetails>;

export const OnrampThreeDsData = z.object({
  accept_header: z.string().min(1),
  // 1: 250x400, 2: 390x400, 3: 500x600, 4: 600x400, 5: full screen.
  challenge_window: z.number().int().min(1).max(5),
  java_enabled: z.boolean(),
  javascript_enabled: z.boolean(),
  // IETF language tag.
  language: z.string().min(1),
  os: z.string().min(1),
  screen_color_depth: z.union([1, 4, 8, 15, 16, 24, 32, 48].map((n) => z.literal(n))),
  screen_height: z.number().int().positive(),
  screen_width: z.number().int().positive(),
  // Minutes between UTC and local time, negative when local time is ahead of UTC
  // (the sign of Date#getTimezoneOffset).
  timezone: z.number().int(),
  user_agent: z.string().min(1),
});
export type OnrampThreeDsData = z.infer<typeof OnrampThreeDsData>;

export const CreateOperationRequest = z.object({
  // Optional at ON/RAMP; we always send our own so that a retry can never create a second charge.
  op_id: Uuid,
  // "Positive integer" in minor units. The document's curl example sends a string; the
  // table is normative, so we send a JSON number.
  fiat_amount: z.number().int().positive(),
  fiat_currency: z.string().regex(/^[A-Z]{3}$/),
  callback_url: z.url(),
  user_redirect_url: z.url(),
  customer_id: z.string().min(1),
  session_id: z.string().min(1),
  // "Whether the invoice is for a first time deposit": true when this customer of the
  // merchant has no successful payment with us yet.
  first_time: z.boolean().optional(),
  card_details: OnrampCardDetails,
  // IPv4 only, as documented.
  ip: z.ipv4(),
  // All of its fields or none: 3DSv2 needs every one of them.
  three_ds_data: OnrampThreeDsData.optional(),
});
export type CreateOperationRequest = z.infer<typeof CreateOperationRequest>;

/** `[{ "op_id": "…" }]`: a list of one. */
export const CreateOperationResponse = z.array(z.looseObject({ op_id: Uuid })).min(1);

// ---- Callbacks and GET /s2s/operation_status -----------------------------------------

export const ONRAMP_STATUSES = [
  "pending",
  "waiting_user_to_be_redirected",
  "user_redirected",
  "processing_user_payment",
  "accepted",
  "rejected",
  "cancelled",
  "received",
  "not_received",
] as const;
export type OnrampStatusName = (typeof ONRAMP_STATUSES)[number];

export const ONRAMP_ERROR_REASONS = [
  "DO_NOT_HONOR",
  "3DS_DECLINED",
  "EXPIRED_CARD",
  "TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER",
  "ISSUER_OFFLINE",
  "UNSUPPORTED_CARD_COUNTRY",
  "INSUFFICIENT_FUNDS",
  "UNSUPPORTED_CARD_TYPE",
  "UNSUPPORTED_CURRENCY",
  "INVALID_CARDNUMBER",
  "CVV2_FAILURE",
  "UNSPECIFIED_CC_ERR",
] as const;
export type OnrampErrorReason = (typeof ONRAMP_ERROR_REASONS)[number];

/** The fields each documented status carries. Unknown extra fields are kept. */
export const StatusBodies = {
  pending: z.looseObject({}),
  waiting_user_to_be_redirected: z.looseObject({
    // The table types `number` as "HTTP URL" but describes a counter starting at 1; we
    // read it as an integer and accept a numeric string too. Assumption: absent means 1.
    number: z.coerce.number().int().positive().optional(),
    url: z.url(),
  }),
  user_redirected: z.looseObject({}),
  processing_user_payment: z.looseObject({}),
  accepted: z.looseObject({}),
  rejected: z.looseObject({
    // Both documented as strings; we tolerate their absence (a decline is still a decline)
    // and keep an undocumented error_reason as it is.
    error_code: z.string().nullish(),
    error_reason: z.string().nullish(),
  }),
  cancelled: z.looseObject({
    // Only MANUAL_CANCELLATION is documented; others are kept as they come.
    reason: z.string().nullish(),
  }),
  received: z.looseObject({ data: z.record(z.string(), z.unknown()).nullish() }),
  not_received: z.looseObject({ data: z.record(z.string(), z.unknown()).nullish() }),
} satisfies Record<OnrampStatusName, z.ZodType>;

/**
 * One status change. `status` is an object with exactly one key naming the status
 * (the document: "one of the following"). An unknown key is kept as `unknown` so it can
 * be recorded and answered `continue`; a known key whose body does not match its schema
 * is a malformed callback.
 */
export const StatusChange = z.looseObject({
  op_id: Uuid,
  // Unix seconds. Assumption: an integer; a fractional value is floored by the mapping.
  date: z.number().nonnegative(),
  status: z.record(z.string(), z.unknown()).refine((s) => Object.keys(s).length >= 1, "Must name one status"),
});
export type StatusChange = z.infer<typeof StatusChange>;

export type ParsedStatus =
  | { [K in OnrampStatusName]: { name: K; body: z.infer<(typeof StatusBodies)[K]> } }[OnrampStatusName]
  | { name: "unknown"; key: string; body: unknown };

/** Read the single status of a change. Throws a ZodError when a known status is malformed. */
export function parseStatus(change: StatusChange): ParsedStatus {
  const entries = Object.entries(change.status);
  // Assumption: should several keys ever arrive, the first documented one is what counts.
  const known = entries.find(([k]) => (ONRAMP_STATUSES as readonly string[]).includes(k));
  if (!known) {
    const [key, body] = entries[0] ?? ["", null];
    return { name: "unknown", key, body };
  }
  const [key, raw] = known;
  const name = key as OnrampStatusName;
  // A status documented as an empty object may come as null; treat it as {}.
  const body = StatusBodies[name].parse(raw ?? {});
  return { name, body } as ParsedStatus;
}

/**
 * "Returns a list of callbacks." Read entry by entry (see readHistory): one entry we
 * cannot read must not hide the others, so the list itself only has to be a list.
 */
export const OperationStatusResponse = z.array(z.unknown());

/** Callback answer and update_operation action: exactly one of these keys. */
export type OnrampAction = { request_attempt_cancel: Record<string, never> } | { continue: Record<string, never> };
export type CallbackAnswer = { action: OnrampAction };

// ---- POST /s2s/update_operation ------------------------------------------------------

export const UpdateOperationRequest = z.object({ op_id: Uuid, action: z.object({ request_attempt_cancel: z.object({}) }) });
export type UpdateOperationRequest = z.infer<typeof UpdateOperationRequest>;

// ---- Payment lifecycle: POST /rpc/mark_operation, POST /rpc/op_status ----------------

export const MarkOperationRequest = z.object({ op_id: Uuid, accept: z.boolean() });
export type MarkOperationRequest = z.infer<typeof MarkOperationRequest>;

export const LIFECYCLE_STATUSES = [
  "accepted",
  "rejected",
  "queued",
  "waiting_merchant_confirmation",
  "querying_merchant_for_confirmation",
  "waiting_user_confirmation",
] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const OpStatusRequest = z.object({ invoices_id: z.array(Uuid).min(1) });
export type OpStatusRequest = z.infer<typeof OpStatusRequest>;

export const CreditCardPaymentAttempt = z.looseObject({
  accepted: z.boolean(),
  rejected: z.boolean(),
  reject_reason: z.string().nullable(),
  // "Date": ISO 8601 with offset in the example. Kept as text; only shown in history.
  when_submitted: z.string().nullish(),
  card_number_masked: z.string().nullish(),
  card_holder_name: z.string().nullish(),
});

export const OpStatusEntry = z.looseObject({
  op_id: Uuid,
  // An enum in the document; an undocumented value is kept (and mapped to "unknown").
  status: z.string(),
  // Assumption: null (or absent) while no card payment has been attempted: the
  // document shows it only for card attempts, and bank payments or unpaid invoices have none.
  credit_card_payment_attempt: CreditCardPaymentAttempt.nullish(),
});
export type OpStatusEntry = z.infer<typeof OpStatusEntry>;

/** "Array of objects in unspecified order … invalid UUIDs silently skipped." Read entry by entry. */
export const OpStatusResponse = z.array(z.unknown());

/** The readable entries of an op_status answer; the others are reported to `unreadable`. */
export function readOpStatusEntries(entries: readonly unknown[], unreadable: (entry: unknown) => void): OpStatusEntry[] {
  const out: OpStatusEntry[] = [];
  for (const e of entries) {
    const parsed = OpStatusEntry.safeParse(e);
    if (parsed.success) out.push(parsed.data);
    else unreadable(e);
  }
  return out;
}
