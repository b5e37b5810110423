import { AppError, type FieldError } from "@/lib/errors";
import type { StartInput } from "@/lib/providers/types";
import { CardPaymentRequest, PurchaseRequest, type PurchaseClient } from "./schemas";

// StartInput -> the two Paysecure bodies. Both are built and checked before anything is
// sent, so a card Paysecure would refuse for its form never leaves a purchase behind.
// Errors name our own field paths (customer.*, card.*, browser.*), never values.

/** Node reports IPv4 clients behind a dual-stack socket as IPv4-mapped IPv6. */
export function plainIp(ip: string): string {
  const v = ip.trim();
  return /^::ffff:\d{1,3}(?:\.\d{1,3}){3}$/i.test(v) ? v.slice(7) : v;
}

/** The card's expiry as the document wants it: MM/YY. */
export function expiresOf(expMonth: string, expYear: string): string {
  return `${expMonth.padStart(2, "0")}/${expYear.slice(-2)}`;
}

function clientOf(input: StartInput): PurchaseClient {
  const c = input.customer;
  const a = c?.address;
  const fullName = [c?.first_name, c?.last_name].filter((p) => p && p.trim()).join(" ").trim();
  return {
    email: c?.email?.trim() ?? "",
    ...(fullName ? { full_name: fullName } : {}),
    ...(c?.phone ? { phone: c.phone } : {}),
    ...(a?.line1 ? { street_address: [a.line1, a.line2].filter(Boolean).join(", ") } : {}),
    ...(a?.city ? { city: a.city } : {}),
    ...(a?.postal_code ? { zip_code: a.postal_code } : {}),
    ...(a?.state ? { state: a.state } : {}),
    ...(a?.country ? { country: a.country.toUpperCase() } : {}),
  };
}

const PURCHASE_PATHS: Record<string, string> = { "client.email": "customer.email" };
const CARD_PATHS: Record<string, string> = {
  cardholder_name: "card.holderName",
  card_number: "card.number",
  expires: "card.expiry",
  cvc: "card.cvc",
  remote_ip: "browser.ip",
  user_agent: "browser.userAgent",
};

function refused(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }>, paths: Record<string, string>): AppError {
  const fields: FieldError[] = issues.map((i) => {
    const path = i.path.map(String).join(".");
    return { path: paths[path] ?? `request.${path}`, message: path === "client.email" ? "Required for this payment method" : "Not accepted by this payment method" };
  });
  return new AppError("validation_failed", "Some payment details are not in a form the provider accepts.", { fields });
}

export function buildPurchase(input: StartInput, brandId: string): PurchaseRequest {
  const body = PurchaseRequest.safeParse({
    client: clientOf(input),
    purchase: {
      currency: input.operation.currency,
      products: [{ name: input.description.trim().slice(0, 256) || `Order from ${input.merchant.name}`, price: input.operation.amount, quantity: 1 }],
    },
    brand_id: brandId,
    success_redirect: input.urls.payerReturn,
    failure_redirect: input.urls.payerReturnFailure,
    reference: input.operation.id,
  });
  if (!body.success) throw refused(body.error.issues, PURCHASE_PATHS);
  return body.data;
}

export function buildCardPayment(input: StartInput): CardPaymentRequest {
  if (input.method.type !== "card") throw new AppError("unprocessable", "This payment method is not available with this provider.");
  const card = input.method.card;
  const b = input.browser;
  const body = CardPaymentRequest.safeParse({
    cardholder_name: card.holderName.trim(),
    card_number: card.number.replace(/\D/g, ""),
    expires: expiresOf(card.expMonth, card.expYear),
    cvc: card.cvc,
    remember_card: "off",
    remote_ip: b ? plainIp(b.ip) : "",
    user_agent: b?.userAgent ?? "",
    ...(b
      ? {
          ...(b.acceptHeader ? { accept_header: b.acceptHeader } : {}),
          ...(b.language ? { language: b.language } : {}),
          java_enabled: b.javaEnabled,
          javascript_enabled: b.javascriptEnabled,
          color_depth: b.colorDepth,
          utc_offset: b.timezoneOffset,
          // A headless browser reports 0 px: left out rather than refused.
          ...(b.screenWidth > 0 ? { screen_width: b.screenWidth } : {}),
          ...(b.screenHeight > 0 ? { screen_height: b.screenHeight } : {}),
        }
      : {}),
  });
  // Paths name the documented fields only; values (card data among them) never appear.
  if (!body.success) throw refused(body.error.issues, CARD_PATHS);
  return body.data;
}
