import countries from "i18n-iso-countries";
import { AppError, type FieldError } from "@/lib/errors";
import { uuidOf } from "@/lib/ids";
import { log } from "@/lib/log";
import type { BrowserData, StartInput } from "@/lib/providers/types";
import { CreateOperationRequest, OnrampThreeDsData, type OnrampCardDetails } from "./schemas";

// StartInput -> create_operation body. Missing payer facts that ON/RAMP requires are
// reported with our own field paths (customer.*, browser.*) so the page can ask for them;
// card data never appears in an error. The body is checked against the documented schema
// before it leaves: a request ON/RAMP would refuse is never sent.

/** ON/RAMP takes IPv4 only. IPv4-mapped IPv6 (what Node reports behind dual-stack) is unwrapped. */
export function toIpv4(ip: string): string | null {
  const v = ip.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(v);
  const candidate = mapped?.[1] ?? (v === "::1" ? "127.0.0.1" : v);
  const parts = candidate.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return candidate;
}

/** The `os` field: a coarse operating system name from the user agent. */
export function osFromUserAgent(ua: string): string {
  if (/iPhone|iPad|iPod/i.test(ua)) return "iOS";
  if (/Android/i.test(ua)) return "Android";
  if (/CrOS/i.test(ua)) return "ChromeOS";
  if (/Windows/i.test(ua)) return "Windows";
  if (/Mac OS X|Macintosh/i.test(ua)) return "macOS";
  if (/Linux/i.test(ua)) return "Linux";
  return "Unknown";
}

export function threeDsDataOf(b: BrowserData): OnrampThreeDsData {
  return {
    accept_header: b.acceptHeader,
    challenge_window: b.challengeWindow,
    java_enabled: b.javaEnabled,
    javascript_enabled: b.javascriptEnabled,
    language: b.language,
    os: osFromUserAgent(b.userAgent),
    screen_color_depth: b.colorDepth,
    screen_height: b.screenHeight,
    screen_width: b.screenWidth,
    timezone: b.timezoneOffset,
    user_agent: b.userAgent,
  };
}

function splitName(full: string): { first: string; last: string } | null {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2) return null;
  return { first: parts.slice(0, -1).join(" "), last: parts.at(-1) ?? "" };
}

export function buildCreateOperation(input: StartInput): CreateOperationRequest {
  const fields: FieldError[] = [];
  const need = (path: string, value: string | undefined | null): string => {
    if (!value || value.trim() === "") {
      fields.push({ path, message: "Required for this payment method" });
      return "";
    }
    return value.trim();
  };
  const c = input.customer;
  const address = c?.address;
  const method = input.method;
  if (method.type !== "card" && method.type !== "bank") {
    throw new AppError("unprocessable", "This payment method is not available with this provider.");
  }
  // The cardholder name fills in first/last name when the merchant did not send them.
  const fromHolder = method.type === "card" ? splitName(method.card.holderName) : null;
  const first = need("customer.first_name", c?.first_name ?? fromHolder?.first);
  const last = need("customer.last_name", c?.last_name ?? fromHolder?.last);
  const email = need("customer.email", c?.email);
  const street = need("customer.address.line1", address ? [address.line1, address.line2].filter(Boolean).join(", ") : undefined);
  const city = need("customer.address.city", address?.city);
  // Documented as always required; most addresses abroad have a region of some kind, and
  // the payer knows it: asked for like the other billing fields, never invented.
  const state = need("customer.address.state", address?.state);
  const postal = need("customer.address.postal_code", address?.postal_code);
  const alpha2 = need("customer.address.country", address?.country);
  const alpha3 = alpha2 ? countries.alpha2ToAlpha3(alpha2.toUpperCase()) : undefined;
  if (alpha2 && !alpha3) fields.push({ path: "customer.address.country", message: "Unknown country code" });
  const browser = input.browser;
  if (!browser) fields.push({ path: "browser", message: "Browser data is required for this payment method" });
  const ip = browser ? toIpv4(browser.ip) : null;
  if (browser && !ip) fields.push({ path: "browser.ip", message: "This provider accepts IPv4 addresses only" });
  if (fields.length > 0 || !browser || !ip || !alpha3) {
    throw new AppError("validation_failed", "Some payer details this payment method needs are missing.", { fields });
  }

  const details: OnrampCardDetails = {
    first_name: first,
    last_name: last,
    email,
    ...(c?.phone ? { phone_number: c.phone.replace(/^\+/, "") } : {}),
    street,
    city,
    postal_code: postal,
    state,
    country: alpha3,
  };
  if (method.type === "card") {
    const card = method.card;
    details.card_number = card.number.replace(/\D/g, "");
    details.card_expiry_month = card.expMonth.padStart(2, "0");
    details.card_expiry_year = card.expYear.slice(-2);
    details.card_cvv = card.cvc;
    details.card_holder_name = card.holderName.trim();
  }
  // "All of its fields or none": browser facts ON/RAMP would refuse (an empty user agent,
  // a 0 px screen from a headless browser) leave 3DS2 data out rather than end the attempt.
  const threeDs = OnrampThreeDsData.safeParse(threeDsDataOf(browser));
  if (!threeDs.success) log.warn("onramp three_ds_data left out", { operationId: input.operation.id, fields: threeDs.error.issues.map((i) => i.path.join(".")) });
  const body = CreateOperationRequest.safeParse({
    op_id: uuidOf(input.operation.id),
    fiat_amount: input.operation.amount,
    fiat_currency: input.operation.currency,
    callback_url: input.urls.callback,
    user_redirect_url: input.urls.payerReturn,
    customer_id: input.operation.customerId,
    session_id: input.operation.sessionId,
    first_time: !input.returningCustomer,
    card_details: details,
    ip,
    ...(threeDs.success ? { three_ds_data: threeDs.data } : {}),
  });
  if (!body.success) {
    // Paths name the documented fields only; values (card data among them) never appear.
    throw new AppError("validation_failed", "Some payment details are not in a form the provider accepts.", {
      fields: body.error.issues.map((i) => ({ path: requestPathToOurs(i.path.map(String).join(".")), message: "Not accepted by this payment method" })),
    });
  }
  return body.data;
}

const CARD_PATHS: Record<string, string> = {
  "card_details.card_number": "card.number",
  "card_details.card_expiry_month": "card.expiry",
  "card_details.card_expiry_year": "card.expiry",
  "card_details.card_cvv": "card.cvc",
  "card_details.card_holder_name": "card.holderName",
  "card_details.first_name": "customer.first_name",
  "card_details.last_name": "customer.last_name",
  "card_details.email": "customer.email",
  "card_details.phone_number": "customer.phone",
  "card_details.street": "customer.address.line1",
  "card_details.city": "customer.address.city",
  "card_details.postal_code": "customer.address.postal_code",
  "card_details.state": "customer.address.state",
  "card_details.country": "customer.address.country",
};

/** A create_operation field as the page knows it (card.*, customer.*), else the request's own path. */
function requestPathToOurs(path: string): string {
  return CARD_PATHS[path] ?? `request.${path}`;
}
