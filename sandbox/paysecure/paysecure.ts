import { randomUUID } from "node:crypto";
import { payerSeen, type PayerSeen } from "../payer-seen";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import type { SandboxContext } from "../context";
import { header, html, httpUrl, json, luhnValid, maskPan, mediaType, parseForm, parseJson, seeOther, type Route, type SandboxResponse } from "../http";
import { approveDeclineForm, escapeHtml, formatAmount, layout } from "../pages";
import {
  PAYSECURE_DEFAULT_OUTCOME,
  PAYSECURE_ERROR_CARDS,
  PAYSECURE_MAX_ATTEMPTS,
  PAYSECURE_OUTCOME_CARDS,
  type PaysecureOutcome,
} from "../test-cards";

/** Documented error format: `{ message, code }` with 400/401/404/405/415. */
function psError(status: number, message: string, code: string): SandboxResponse {
  return json(status, { message, code });
}

const MESSAGES = {
  attempts: PAYSECURE_ERROR_CARDS.find((c) => c.code === "attempts_consumed"),
  keyType: PAYSECURE_ERROR_CARDS.find((c) => c.code === "key_type_mismatch"),
  expiry: PAYSECURE_ERROR_CARDS.find((c) => c.code === "invalid_expiry"),
  card: PAYSECURE_ERROR_CARDS.find((c) => c.code === "invalid_card"),
};

function documented(kind: keyof typeof MESSAGES): SandboxResponse {
  const c = MESSAGES[kind];
  return c ? psError(c.httpStatus, c.message, c.code) : psError(400, "Bad request", "bad_request");
}

type Purchase = {
  id: string;
  apiKey: string;
  keyType: "live" | "test";
  brandId: string;
  currency: string;
  total: number;
  products: { name: string; price: number; quantity: number }[];
  clientEmail: string;
  reference?: string;
  successRedirect: string;
  failureRedirect: string;
  status: "created" | "pending_execute" | "paid" | "error";
  attempts: number;
  outcome?: PaysecureOutcome;
  cardMasked?: string;
  lastError: { code: string; message: string } | null;
  createdOn: number;
  /** One entry per s2s payment call that was read (every attempt). */
  payerSeen: PayerSeen[];
};

/**
 * The Paysecure document does not show the `/purchases/` body. Assumed shape, the one
 * Paysecure's public API uses: client.email, purchase.currency and purchase.products
 * (name, price in minor units), brand_id, success_redirect and failure_redirect (the
 * document insists on the last two).
 */
const purchaseSchema = z.object({
  client: z.object({
    email: z.email({ error: "Must be an email address" }),
    full_name: z.string().optional(),
    phone: z.string().optional(),
    country: z.string().optional(),
    city: z.string().optional(),
    street_address: z.string().optional(),
    zip_code: z.string().optional(),
    state: z.string().optional(),
  }),
  purchase: z.object({
    currency: z.string().regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code"),
    products: z
      .array(z.object({ name: z.string().min(1), price: z.number().int().min(0), quantity: z.number().positive().default(1) }))
      .min(1, "At least one product"),
  }),
  brand_id: z.string().min(1),
  success_redirect: httpUrl,
  failure_redirect: httpUrl,
  reference: z.string().optional(),
});

const s2sSchema = z.object({
  cardholder_name: z.string().min(1),
  card_number: z.string().min(10).max(20),
  expires: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/, "MM/YY"),
  cvc: z.string().regex(/^\d{3,4}$/, "3 or 4 digit"),
  remember_card: z.union([z.string(), z.boolean()]),
  remote_ip: z.string().min(1),
  user_agent: z.string().min(1),
  accept_header: z.string().optional(),
  language: z.string().optional(),
  java_enabled: z.boolean().optional(),
  javascript_enabled: z.boolean().optional(),
  color_depth: z.number().optional(),
  utc_offset: z.number().optional(),
  screen_width: z.number().optional(),
  screen_height: z.number().optional(),
});

/**
 * `Authorization: Bearer <key>` (the document does not show the header; Bearer assumed).
 * Any key is accepted; keys starting `live_` are live keys, all others test keys, which is
 * what "Different Type of key used to create purchase and payment" compares.
 */
function apiKey(req: IncomingMessage): { key: string; type: "live" | "test" } | null {
  const m = /^Bearer\s+(\S{8,})$/i.exec((header(req, "authorization") ?? "").trim());
  const key = m?.[1];
  if (!key) return null;
  return { key, type: key.startsWith("live_") ? "live" : "test" };
}

function expiryInPast(expires: string, now = new Date()): boolean {
  const [mm, yy] = expires.split("/").map(Number);
  if (mm === undefined || yy === undefined) return true;
  // Valid through the last day of the printed month.
  return new Date(Date.UTC(2000 + yy, mm, 1)).getTime() <= now.getTime();
}

/**
 * The purchase object served by create and by the read-back `GET /purchases/{id}/`, which
 * the document does not show (assumed: Paysecure's public purchase API shape).
 * `callback_url` repeats the S2S answer's while the purchase waits for the payer, so a
 * merchant whose 202 was lost can still send the payer on.
 */
function purchaseView(p: Purchase, publicUrl: string) {
  return {
    id: p.id,
    type: "purchase",
    status: p.status,
    brand_id: p.brandId,
    client: { email: p.clientEmail },
    purchase: { currency: p.currency, total: p.total, products: p.products },
    reference: p.reference ?? null,
    success_redirect: p.successRedirect,
    failure_redirect: p.failureRedirect,
    created_on: p.createdOn,
    is_test: p.keyType === "test",
    card_number_masked: p.cardMasked ?? null,
    last_error: p.lastError,
    callback_url: p.status === "pending_execute" ? paymentPageUrl(publicUrl, p.id) : null,
  };
}

function paymentPageUrl(publicUrl: string, purchaseId: string): string {
  return `${publicUrl}/paysecure/payment/${purchaseId}/`;
}

export function paysecureRoutes(ctx: SandboxContext): { routes: Route[]; purchases: Map<string, Purchase> } {
  const purchases = new Map<string, Purchase>();
  const failure = () => psError(500, "Internal Server Error", "internal_error");
  const methodNotAllowed: Route["handler"] = () => psError(405, "Method Not Allowed", "method_not_allowed");

  const routes: Route[] = [
    {
      method: "POST",
      pattern: "/paysecure/purchases/",
      failure,
      handler: (c) => {
        const auth = apiKey(c.req);
        if (!auth) return psError(401, "Invalid or missing API key", "unauthorized");
        if (mediaType(c.req) !== "application/json") return psError(415, "Content-Type must be application/json", "unsupported_media_type");
        const parsed = parseJson(c.rawBody);
        if (!parsed.ok) return psError(400, "Request body is not valid JSON", "invalid_json");
        const result = purchaseSchema.safeParse(parsed.value);
        if (!result.success) {
          const fields = result.error.issues.map((i) => i.path.join(".")).join(", ");
          return psError(400, `Invalid or missing fields: ${fields}`, "validation_error");
        }
        const b = result.data;
        const purchase: Purchase = {
          id: randomUUID(),
          apiKey: auth.key,
          keyType: auth.type,
          brandId: b.brand_id,
          currency: b.purchase.currency,
          total: b.purchase.products.reduce((sum, p) => sum + Math.round(p.price * p.quantity), 0),
          products: b.purchase.products,
          clientEmail: b.client.email,
          reference: b.reference,
          successRedirect: b.success_redirect,
          failureRedirect: b.failure_redirect,
          status: "created",
          attempts: 0,
          lastError: null,
          createdOn: Math.floor(Date.now() / 1000),
          payerSeen: [],
        };
        purchases.set(purchase.id, purchase);
        return json(201, purchaseView(purchase, ctx.publicUrl()));
      },
    },
    {
      method: "GET",
      pattern: "/paysecure/purchases/:purchaseId/",
      failure,
      handler: (c) => {
        const auth = apiKey(c.req);
        if (!auth) return psError(401, "Invalid or missing API key", "unauthorized");
        const p = purchases.get(c.params.purchaseId ?? "");
        if (!p || p.apiKey !== auth.key) return psError(404, "Purchase not found", "not_found");
        return json(200, purchaseView(p, ctx.publicUrl()));
      },
    },
    {
      method: "POST",
      pattern: "/paysecure/p/:purchaseId/",
      failure,
      handler: (c) => {
        const auth = apiKey(c.req);
        if (!auth) return psError(401, "Invalid or missing API key", "unauthorized");
        if (c.url.searchParams.get("s2s") !== "true") {
          return psError(400, "The sandbox only implements the Server-to-Server mode (?s2s=true)", "s2s_required");
        }
        if (mediaType(c.req) !== "application/json") return psError(415, "Content-Type must be application/json", "unsupported_media_type");
        const p = purchases.get(c.params.purchaseId ?? "");
        // Another merchant's key of the same type cannot see the purchase at all.
        if (!p || (p.apiKey !== auth.key && p.keyType === auth.type)) return psError(404, "Purchase not found", "not_found");
        if (p.keyType !== auth.type) return documented("keyType");
        if (p.status === "paid" || p.attempts >= PAYSECURE_MAX_ATTEMPTS) return documented("attempts");
        const parsed = parseJson(c.rawBody);
        if (!parsed.ok) return psError(400, "Request body is not valid JSON", "invalid_json");
        const result = s2sSchema.safeParse(parsed.value);
        if (!result.success) {
          const paths = result.error.issues.map((i) => i.path.join("."));
          if (paths.includes("expires")) return documented("expiry");
          return psError(400, `Invalid or missing fields: ${paths.join(", ")}`, "validation_error");
        }
        const card = result.data;
        p.payerSeen.push(
          payerSeen(card.remote_ip, {
            user_agent: card.user_agent,
            accept_header: card.accept_header,
            language: card.language,
            java_enabled: card.java_enabled,
            javascript_enabled: card.javascript_enabled,
            color_depth: card.color_depth,
            utc_offset: card.utc_offset,
            screen_width: card.screen_width,
            screen_height: card.screen_height,
          }),
        );
        p.attempts++;
        const digits = card.card_number.replace(/\s+/g, "");
        const errorCase = PAYSECURE_ERROR_CARDS.find((e) => e.cardNumber === digits);
        const fail = (r: SandboxResponse): SandboxResponse => {
          const body = r.json as { message: string; code: string };
          p.lastError = body;
          return r;
        };
        if (errorCase) return fail(psError(errorCase.httpStatus, errorCase.message, errorCase.code));
        if (!luhnValid(digits)) return fail(documented("card"));
        if (expiryInPast(card.expires)) return fail(documented("expiry"));
        p.outcome = PAYSECURE_OUTCOME_CARDS.find((o) => o.cardNumber === digits)?.outcome ?? PAYSECURE_DEFAULT_OUTCOME;
        p.cardMasked = maskPan(digits);
        p.status = "pending_execute";
        p.lastError = null;
        return json(202, { status: "pending", callback_url: paymentPageUrl(ctx.publicUrl(), p.id), method: "GET" });
      },
    },
    { method: "GET", pattern: "/paysecure/p/:purchaseId/", handler: methodNotAllowed },
    { method: "PUT", pattern: "/paysecure/p/:purchaseId/", handler: methodNotAllowed },
    { method: "DELETE", pattern: "/paysecure/p/:purchaseId/", handler: methodNotAllowed },
    {
      // The page behind callback_url: frictionless cards bounce straight on, others see the ACS.
      method: "GET",
      pattern: "/paysecure/payment/:purchaseId/",
      handler: (c) => {
        const p = purchases.get(c.params.purchaseId ?? "");
        if (!p) return html(404, layout("Payment not found", "<p>This payment link is not valid.</p>"));
        if (p.status === "paid") return seeOther(p.successRedirect);
        if (p.status === "error") return seeOther(p.failureRedirect);
        if (p.status !== "pending_execute") return html(409, layout("Payment not started", "<p>No card has been submitted yet.</p>"));
        if (p.outcome === "frictionless_success") {
          p.status = "paid";
          return seeOther(p.successRedirect);
        }
        if (p.outcome === "frictionless_failure") {
          p.status = "error";
          p.lastError = { code: "declined", message: "Declined by issuer" };
          return seeOther(p.failureRedirect);
        }
        return html(
          200,
          layout(
            "Verify your payment",
            `<p>Your bank asks you to confirm this payment.</p>
<dl><dt>Amount</dt><dd>${escapeHtml(formatAmount(p.total, p.currency))}</dd><dt>Card</dt><dd>${escapeHtml(p.cardMasked ?? "")}</dd></dl>
${approveDeclineForm(`/paysecure/payment/${p.id}/`, {})}`,
            { badge: "Sandbox ACS · Paysecure" },
          ),
        );
      },
    },
    {
      method: "POST",
      pattern: "/paysecure/payment/:purchaseId/",
      handler: (c) => {
        const p = purchases.get(c.params.purchaseId ?? "");
        if (!p) return html(404, layout("Payment not found", "<p>This payment link is not valid.</p>"));
        if (p.status === "paid") return seeOther(p.successRedirect);
        if (p.status !== "pending_execute") return seeOther(p.failureRedirect);
        const approved = parseForm(c.rawBody).outcome === "approve";
        if (approved && p.outcome !== "challenge_then_issuer_decline") {
          p.status = "paid";
          return seeOther(p.successRedirect);
        }
        p.status = "error";
        p.lastError = approved
          ? { code: "declined", message: "Declined by issuer" }
          : { code: "3ds_declined", message: "3-D Secure authentication failed" };
        return seeOther(p.failureRedirect);
      },
    },
  ];
  return { routes, purchases };
}
