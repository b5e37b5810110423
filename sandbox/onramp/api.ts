import { randomUUID } from "node:crypto";
import { z } from "zod";
import { httpUrl, json, luhnValid, maskPan, type Route, type SandboxResponse } from "../http";
import { ONRAMP_DEFAULT_BEHAVIOUR, ONRAMP_TEST_CVVS, type OnrampBehaviour } from "../test-cards";
import type { SandboxContext } from "../context";
import { onrampApiKey, onrampError, onrampInternalError, parseOnrampBody, uuid, UUID_RE } from "./common";
import type { OnrampOperations } from "./operations";
import { payerSeen } from "../payer-seen";

const CARD_FIELDS = ["card_number", "card_expiry_month", "card_expiry_year", "card_cvv", "card_holder_name"] as const;
const required = "Required";

const cardDetailsSchema = z
  .object({
    card_number: z.string().optional(),
    card_expiry_month: z.string().regex(/^(0?[1-9]|1[0-2])$/, "Must be a month, 1-12").optional(),
    card_expiry_year: z.string().regex(/^\d{2}$/, "Must be the last two digits of the year").optional(),
    card_cvv: z.string().regex(/^\d{3,4}$/, "Must be 3 or 4 digits").optional(),
    card_holder_name: z.string().min(1).optional(),
    first_name: z.string({ error: required }).min(1),
    last_name: z.string({ error: required }).min(1),
    email: z.email({ error: (issue) => (issue.input === undefined ? "Required" : "Must be an email address") }),
    phone_number: z.string().optional(),
    street: z.string({ error: required }).min(1),
    city: z.string({ error: required }).min(1),
    postal_code: z.string({ error: required }).min(1),
    state: z.string({ error: required }).min(1),
    country: z.string({ error: required }).regex(/^[A-Z]{3}$/, "Must be an ISO 3166 alpha-3 code"),
  })
  .superRefine((d, ctx) => {
    // Card fields are all-or-nothing: none of them means the bank-payment variant.
    const present = CARD_FIELDS.filter((f) => d[f] !== undefined);
    if (present.length > 0 && present.length < CARD_FIELDS.length) {
      for (const f of CARD_FIELDS) {
        if (d[f] === undefined) {
          ctx.addIssue({ code: "custom", path: [f], message: "Required for card payments (omit every card field for a bank payment)" });
        }
      }
    }
    if (d.card_number !== undefined && !luhnValid(d.card_number)) {
      ctx.addIssue({ code: "custom", path: ["card_number"], message: "Must be a valid card number" });
    }
  });

const threeDsDataSchema = z.object({
  accept_header: z.string({ error: required }).min(1),
  challenge_window: z.number({ error: required }).int().min(1).max(5),
  java_enabled: z.boolean({ error: required }),
  javascript_enabled: z.boolean({ error: required }),
  language: z.string({ error: required }).min(1),
  os: z.string({ error: required }).min(1),
  screen_color_depth: z.union([1, 4, 8, 15, 16, 24, 32, 48].map((n) => z.literal(n)), { error: "Must be one of 1, 4, 8, 15, 16, 24, 32, 48" }),
  screen_height: z.number({ error: required }).int().positive(),
  screen_width: z.number({ error: required }).int().positive(),
  timezone: z.number({ error: required }).int(),
  user_agent: z.string({ error: required }).min(1),
});

const createOperationSchema = z.object({
  op_id: uuid.optional(),
  // "Positive integer"; the document's own example sends it as a string, so both are read.
  fiat_amount: z
    .union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/)], { error: "Must be a positive integer (minor units)" })
    .transform(Number),
  fiat_currency: z.string({ error: required }).regex(/^[A-Z]{3}$/, "Must be an ISO 4217 alpha code"),
  callback_url: httpUrl,
  user_redirect_url: httpUrl,
  customer_id: z.string({ error: required }).min(1),
  session_id: z.string({ error: required }).min(1),
  first_time: z.boolean().optional(),
  card_details: cardDetailsSchema,
  ip: z.ipv4({ error: (issue) => (issue.input === undefined ? "Required" : "Must be an IPv4 address") }),
  // Assumption: when three_ds_data is sent at all, every field in it is required (the
  // document says they must all be present for 3DSv2); a partial object is a 400.
  three_ds_data: threeDsDataSchema.optional(),
});

const updateOperationSchema = z.object({
  op_id: uuid,
  action: z
    .object({ request_attempt_cancel: z.object({}).optional(), continue: z.object({}).optional() })
    .refine((a) => a.request_attempt_cancel !== undefined || a.continue !== undefined, "Must be request_attempt_cancel or continue"),
});

const markOperationSchema = z.object({ op_id: uuid, accept: z.boolean({ error: "Required boolean" }) });

const opStatusSchema = z.object({ invoices_id: z.array(z.unknown(), { error: "Required array of UUIDs" }) });

const createIngressSchema = z.object({
  fiat_amount: z.number({ error: required }).int().positive(),
  fiat_currency: z.literal("EUR", { error: 'Must be the constant "EUR"' }),
  payment_ack_url: httpUrl,
  user_redirect_url: httpUrl,
  timeout_in_sec: z.number({ error: required }).int().positive().max(30 * 24 * 3600),
  // Assumption: the table does not say which skin fields are required; the title is what the page shows.
  offer_skin: z.object({ title: z.string({ error: required }).min(1), image: httpUrl.optional(), description: z.string().optional() }),
  billing_details: z.object({
    payer_email: z.email().optional(),
    payer_first_name: z.string().optional(),
    payer_last_name: z.string().optional(),
    payer_phone: z.string().regex(/^\d+$/, "Digits only, with country code").optional(),
    birth_date: z.string().optional(),
    street: z.string().optional(),
    unit: z.string().optional(),
    postal_code: z.string().optional(),
    city: z.string().optional(),
    county: z.string().optional(),
    state: z.string().optional(),
    prefecture: z.string().optional(),
    country: z.string().regex(/^[A-Z]{3}$/, "Must be a 3-letter ISO code").optional(),
    kyc_verified: z.string().optional(),
    kyc_document: z.string().optional(),
    kyc_reference: z.string().optional(),
    address_verified: z.string().optional(),
    address_doc_reference: z.string().optional(),
    player_level: z.string().optional(),
    member_since: z.string().optional(),
    merchant_customer_id: z.string({ error: required }).min(1),
  }),
});

function behaviourFor(cvv: string, month: string, year: string, now = new Date()): OnrampBehaviour {
  // A card past its expiry month is declined by the "bank", whatever the CVV asks for.
  const expiryEnd = new Date(Date.UTC(2000 + Number(year), Number(month), 1));
  if (expiryEnd.getTime() <= now.getTime()) return { type: "decline", reason: "EXPIRED_CARD" };
  return ONRAMP_TEST_CVVS.find((c) => c.cvv === cvv)?.behaviour ?? ONRAMP_DEFAULT_BEHAVIOUR;
}

function whenSubmitted(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

export function onrampApiRoutes(ctx: SandboxContext, ops: OnrampOperations): Route[] {
  const failure = onrampInternalError;

  const withKey =
    (fn: (key: string, c: Parameters<Route["handler"]>[0]) => SandboxResponse | Promise<SandboxResponse>): Route["handler"] =>
    (c) => {
      const auth = onrampApiKey(c.req);
      if (!auth.ok) return auth.response;
      return fn(auth.key, c);
    };

  return [
    {
      method: "POST",
      pattern: "/onramp/s2s/create_operation",
      failure,
      handler: withKey((key, c) => {
        const parsed = parseOnrampBody(c.rawBody, createOperationSchema);
        if (!parsed.ok) return parsed.response;
        const body = parsed.value;
        const opId = (body.op_id ?? randomUUID()).toLowerCase();
        const existing = ops.get(opId);
        const seen = payerSeen(body.ip, body.three_ds_data);
        if (existing) {
          if (existing.apiKey === key) existing.payerSeen.push(seen);
          // Idempotent replay for the key that created it, so a merchant retry never pays twice.
          if (existing.apiKey === key) return json(200, [{ op_id: existing.opId }]);
          return onrampError(409, "duplicate_op_id", "op_id is already used");
        }
        const cd = body.card_details;
        const isCard = cd.card_number !== undefined;
        const op = ops.create({
          opId,
          apiKey: key,
          kind: isCard ? "card" : "bank",
          amount: body.fiat_amount,
          currency: body.fiat_currency,
          callbackUrl: body.callback_url,
          userRedirectUrl: body.user_redirect_url,
          customerId: body.customer_id,
          card: isCard ? { masked: maskPan(cd.card_number ?? ""), holder: cd.card_holder_name ?? "" } : undefined,
          behaviour: isCard
            ? behaviourFor(cd.card_cvv ?? "", cd.card_expiry_month ?? "12", cd.card_expiry_year ?? "99")
            : ONRAMP_DEFAULT_BEHAVIOUR,
          payerSeen: [seen],
        });
        ops.start(op);
        return json(200, [{ op_id: op.opId }]);
      }),
    },
    {
      method: "GET",
      pattern: "/onramp/s2s/operation_status",
      failure,
      handler: withKey((key, c) => {
        const opId = c.url.searchParams.get("op_id") ?? "";
        if (!UUID_RE.test(opId)) {
          return onrampError(400, "invalid_parameters", "Some parameters were invalid", [{ field: "op_id", message: "Must be a UUID" }]);
        }
        const op = ops.getForKey(opId, key);
        if (!op) return onrampError(404, "not_found", "Operation not found");
        return json(200, op.history);
      }),
    },
    {
      method: "POST",
      pattern: "/onramp/s2s/update_operation",
      failure,
      handler: withKey((key, c) => {
        const parsed = parseOnrampBody(c.rawBody, updateOperationSchema);
        if (!parsed.ok) return parsed.response;
        const op = ops.getForKey(parsed.value.op_id, key);
        if (!op) return onrampError(404, "not_found", "Operation not found");
        if (parsed.value.action.request_attempt_cancel !== undefined) ops.requestCancel(op);
        return { status: 200 };
      }),
    },
    {
      method: "POST",
      pattern: "/onramp/rpc/mark_operation",
      failure,
      handler: withKey((key, c) => {
        const parsed = parseOnrampBody(c.rawBody, markOperationSchema);
        if (!parsed.ok) return parsed.response;
        const op = ops.getForKey(parsed.value.op_id, key);
        if (!op) return onrampError(404, "not_found", "Operation not found");
        if (!op.awaitingMerchant) {
          return onrampError(409, "not_awaiting_confirmation", "Operation is not waiting for the merchant's confirmation");
        }
        ops.merchantDecision(op, parsed.value.accept);
        return json(200, null);
      }),
    },
    {
      method: "POST",
      pattern: "/onramp/rpc/op_status",
      failure,
      handler: withKey((key, c) => {
        const parsed = parseOnrampBody(c.rawBody, opStatusSchema);
        if (!parsed.ok) return parsed.response;
        const out = [];
        for (const id of parsed.value.invoices_id) {
          // "Invalid UUID's from request are silently skipped"; so are ids another key owns.
          if (typeof id !== "string" || !UUID_RE.test(id)) continue;
          const op = ops.getForKey(id, key);
          if (!op) continue;
          const rejected = op.current === "rejected" || op.current === "cancelled";
          out.push({
            op_id: op.opId,
            status: ops.lifecycleStatus(op),
            // Assumption: null while no card has been submitted (bank payments, unpaid invoices).
            credit_card_payment_attempt: op.card
              ? {
                  accepted: op.current === "accepted",
                  rejected,
                  reject_reason: rejected ? op.rejectReason : null,
                  when_submitted: whenSubmitted(op.createdAt),
                  card_number_masked: op.card.masked,
                  card_holder_name: op.card.holder,
                }
              : null,
          });
        }
        return json(200, out);
      }),
    },
    {
      method: "POST",
      pattern: "/onramp/rpc/create_ingress_invoice",
      failure,
      handler: withKey((key, c) => {
        const parsed = parseOnrampBody(c.rawBody, createIngressSchema);
        if (!parsed.ok) return parsed.response;
        const body = parsed.value;
        const b = body.billing_details;
        const reference = randomUUID();
        const op = ops.create({
          opId: randomUUID(),
          apiKey: key,
          kind: "ingress",
          // An invoice is created without the payer: the provider's own page sees them.
          payerSeen: [],
          amount: body.fiat_amount,
          currency: body.fiat_currency,
          userRedirectUrl: body.user_redirect_url,
          customerId: b.merchant_customer_id,
          behaviour: ONRAMP_DEFAULT_BEHAVIOUR,
          invoice: {
            reference,
            paymentAckUrl: body.payment_ack_url,
            expiresAt: Date.now() + body.timeout_in_sec * 1000,
            offerSkin: body.offer_skin,
            payerName: [b.payer_first_name, b.payer_last_name].filter(Boolean).join(" ").toUpperCase() || "SANDBOX PAYER",
            merchantCustomerId: b.merchant_customer_id,
            state: "open",
            ackAnswers: [],
          },
        });
        op.history.push({ op_id: op.opId, date: Math.floor(Date.now() / 1000), status: { pending: {} } });
        return json(200, {
          invoice_id: op.opId,
          invoice_url: `${ctx.publicUrl()}/onramp/invoice?reference=${reference}`,
        });
      }),
    },
  ];
}
