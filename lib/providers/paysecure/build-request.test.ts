import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { StartInput } from "@/lib/providers/types";
import { BILLING, BROWSER, paysecureCard } from "@/test/provider-harness";
import { buildCardPayment, buildPurchase, expiresOf, plainIp } from "./build-request";
import { CardPaymentRequest, PurchaseRequest } from "./schemas";

function input(overrides: Partial<StartInput> = {}): StartInput {
  return {
    operation: {
      id: "op_0123456789abcdef0123",
      providerReference: null,
      amount: 2490,
      currency: "EUR",
      customerId: "cust_1",
      sessionId: "cs_0123456789abcdef0123",
      status: "created",
      connectorState: {},
    },
    method: paysecureCard("4000000000001000", "7351"),
    customer: BILLING,
    browser: BROWSER,
    merchant: { name: "Demo Shop", logoUrl: null },
    description: "Order #42",
    expiresAt: new Date(Date.now() + 3600_000),
    returningCustomer: false,
    urls: {
      callback: "https://checkout.example/api/callbacks/paysecure/op_x/token",
      payerReturn: "https://checkout.example/pay/cs_x/return?op=op_x",
      payerReturnFailure: "https://checkout.example/pay/cs_x/return?op=op_x&outcome=failure",
      threeDsMethodNotification: "https://checkout.example/m",
      challengeNotification: "https://checkout.example/c",
    },
    checkpoint: async () => undefined,
    heldCard: { take: async () => null },
    ...overrides,
  };
}

function fieldsOf(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.fields ?? [];
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("Paysecure purchase request", () => {
  it("carries the payer's email, one product for the amount in minor units, both return URLs and our operation id", () => {
    const body = buildPurchase(input(), "brand_1");
    expect(body).toEqual({
      client: {
        email: "payer@example.test",
        full_name: "Ada Lovelace",
        street_address: "1 Main Street",
        city: "London",
        zip_code: "N1 9GU",
        state: "Greater London",
        country: "GB",
      },
      purchase: { currency: "EUR", products: [{ name: "Order #42", price: 2490, quantity: 1 }] },
      brand_id: "brand_1",
      success_redirect: "https://checkout.example/pay/cs_x/return?op=op_x",
      failure_redirect: "https://checkout.example/pay/cs_x/return?op=op_x&outcome=failure",
      reference: "op_0123456789abcdef0123",
    });
    expect(PurchaseRequest.safeParse(body).success).toBe(true);
  });

  it("sends only the email when that is all the session has, and names the order after the merchant without a description", () => {
    const body = buildPurchase(input({ customer: { email: "a@b.example" }, description: "  " }), "brand_1");
    expect(body.client).toEqual({ email: "a@b.example" });
    expect(body.purchase.products[0]?.name).toBe("Order from Demo Shop");
  });

  it("asks for the email under our own field path when it is missing or not an address", () => {
    expect(fieldsOf(() => buildPurchase(input({ customer: null }), "b"))).toEqual([{ path: "customer.email", message: "Required for this payment method" }]);
    expect(fieldsOf(() => buildPurchase(input({ customer: { email: "not-an-email" } }), "b")).map((f) => f.path)).toEqual(["customer.email"]);
  });
});

describe("Paysecure card request", () => {
  it("has every field of the document, with expires as MM/YY and remember_card off", () => {
    const body = buildCardPayment(input());
    expect(body).toEqual({
      cardholder_name: "Ada Lovelace",
      card_number: "4000000000001000",
      expires: `12/${String(new Date().getFullYear() + 3).slice(-2)}`,
      cvc: "7351",
      remember_card: "off",
      remote_ip: BROWSER.ip,
      user_agent: BROWSER.userAgent,
      accept_header: BROWSER.acceptHeader,
      language: "en-GB",
      java_enabled: false,
      javascript_enabled: true,
      color_depth: 24,
      utc_offset: -60,
      screen_width: 1280,
      screen_height: 800,
    });
    expect(CardPaymentRequest.safeParse(body).success).toBe(true);
    expect(Object.keys(body).sort()).toEqual(
      [
        "cardholder_name",
        "card_number",
        "expires",
        "cvc",
        "remember_card",
        "remote_ip",
        "user_agent",
        "accept_header",
        "language",
        "java_enabled",
        "javascript_enabled",
        "color_depth",
        "utc_offset",
        "screen_width",
        "screen_height",
      ].sort(),
    );
  });

  it("formats expiry and addresses as Paysecure reads them", () => {
    expect(expiresOf("3", "2031")).toBe("03/31");
    expect(expiresOf("11", "31")).toBe("11/31");
    expect(plainIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(plainIp(" 2001:db8::1 ")).toBe("2001:db8::1");
  });

  it("leaves out browser facts a headless browser reports as zero", () => {
    const body = buildCardPayment(input({ browser: { ...BROWSER, screenWidth: 0, screenHeight: 0 } }));
    expect(body).not.toHaveProperty("screen_width");
    expect(body).not.toHaveProperty("screen_height");
  });

  it("refuses what Paysecure would refuse before anything is sent, naming fields and never values", () => {
    const bad = paysecureCard("4000000000001000", "12");
    const fields = fieldsOf(() => buildCardPayment(input({ method: bad, browser: { ...BROWSER, userAgent: "" } })));
    expect(fields.map((f) => f.path).sort()).toEqual(["browser.userAgent", "card.cvc"]);
    expect(JSON.stringify(fields)).not.toContain("4000000000001000");
    expect(fieldsOf(() => buildCardPayment(input({ browser: null }))).map((f) => f.path).sort()).toEqual(["browser.ip", "browser.userAgent"]);
  });

  it("takes cards only", () => {
    expect(() => buildCardPayment(input({ method: { type: "bank" } }))).toThrow(AppError);
  });
});
