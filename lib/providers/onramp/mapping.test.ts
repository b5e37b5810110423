import { describe, expect, it } from "vitest";
import { buildCreateOperation, osFromUserAgent, toIpv4 } from "./build-request";
import { mapHistory, mapLifecycleForS2s, mapStatusChange } from "./mapping";
import { onrampPayerMessage } from "./payer-messages";
import { CreateOperationRequest, ONRAMP_ERROR_REASONS, StatusChange } from "./schemas";
import { BILLING, BROWSER, testCard } from "@/test/provider-harness";
import type { StartInput } from "@/lib/providers/types";

const OP = "c6cce9a4-af6d-4572-a0ab-d7bc2ad159ba";
const change = (date: number, status: Record<string, unknown>) => StatusChange.parse({ op_id: OP, date, status });

describe("ON/RAMP status mapping", () => {
  it("maps every documented status", () => {
    expect(mapStatusChange(change(1, { pending: {} }), "created")).toMatchObject({ status: "pending", dedupeKey: "onramp:pending:1" });
    expect(mapStatusChange(change(2, { waiting_user_to_be_redirected: { url: "https://acs.example/x", number: 2 } }), "pending")).toMatchObject({
      status: "requires_action",
      action: { kind: "redirect", url: "https://acs.example/x", number: 2 },
      dedupeKey: "onramp:waiting_user_to_be_redirected:2:2",
    });
    expect(mapStatusChange(change(3, { user_redirected: {} }), "requires_action")).toMatchObject({ status: "requires_action" });
    expect(mapStatusChange(change(3, { user_redirected: {} }), "requires_action").action).toBeUndefined();
    expect(mapStatusChange(change(4, { processing_user_payment: {} }), "requires_action").status).toBe("processing");
    expect(mapStatusChange(change(5, { accepted: {} }), "processing").status).toBe("succeeded");
    expect(mapStatusChange(change(5, { received: { data: null } }), "processing").status).toBe("succeeded");
    expect(mapStatusChange(change(5, { rejected: { error_code: "51", error_reason: "INSUFFICIENT_FUNDS" } }), "processing")).toMatchObject({
      status: "declined",
      decline: { code: "51", reason: "INSUFFICIENT_FUNDS" },
    });
    expect(mapStatusChange(change(5, { not_received: { data: { bank: "x" } } }), "processing").status).toBe("declined");
    expect(mapStatusChange(change(5, { cancelled: { reason: "MANUAL_CANCELLATION" } }), "processing").status).toBe("cancelled");
  });

  it("reads the provider time from `date` (unix seconds)", () => {
    expect(mapStatusChange(change(1626971748, { pending: {} }), "created").providerTime?.toISOString()).toBe("2021-07-22T16:35:48.000Z");
  });

  it("keeps an unknown status as the current one and tolerates extra fields", () => {
    const parsed = StatusChange.parse({ op_id: OP, date: 9, status: { refunded_to_the_moon: { x: 1 } }, surprise: true });
    const u = mapStatusChange(parsed, "processing");
    expect(u).toMatchObject({ status: "processing", providerStatus: "unknown:refunded_to_the_moon" });
    const extra = mapStatusChange(change(9, { accepted: { bonus: 1 } }), "processing");
    expect(extra.status).toBe("succeeded");
  });

  it("rejects a known status with the wrong fields", () => {
    expect(() => mapStatusChange(change(1, { waiting_user_to_be_redirected: { url: "not a url" } }), "pending")).toThrow();
  });

  it("orders a history by date, keeping list order for equal dates", () => {
    const updates = mapHistory([change(5, { accepted: {} }), change(1, { pending: {} }), change(1, { waiting_user_to_be_redirected: { url: "https://a.example", number: 1 } })], "created");
    expect(updates.map((u) => u.providerStatus)).toEqual(["pending", "waiting_user_to_be_redirected", "accepted"]);
  });

  it("maps op_status waiting_merchant_confirmation to awaiting_confirmation at the latest S2S time", () => {
    const latest = change(7, { processing_user_payment: {} });
    expect(mapLifecycleForS2s({ op_id: OP, status: "waiting_merchant_confirmation" }, latest)).toMatchObject({ status: "awaiting_confirmation" });
    expect(mapLifecycleForS2s({ op_id: OP, status: "queued" }, latest)).toBeNull();
  });

  it("has a distinct payer message for every documented reason", () => {
    const messages = ONRAMP_ERROR_REASONS.map(onrampPayerMessage);
    expect(new Set(messages).size).toBe(ONRAMP_ERROR_REASONS.length);
    expect(onrampPayerMessage("INSUFFICIENT_FUNDS")).toBe("Your bank declined the payment: insufficient funds. Try another card.");
    expect(onrampPayerMessage(null)).toMatch(/declined/);
  });
});

describe("create_operation request", () => {
  const input = (method: StartInput["method"], overrides: Partial<StartInput> = {}): StartInput => ({
    operation: { id: "op_0190f3a2b4c57d8e9f00112233445566", providerReference: null, amount: 2490, currency: "EUR", customerId: "cust_9", sessionId: "cs_1", status: "created" },
    method,
    customer: BILLING,
    browser: BROWSER,
    merchant: { name: "Shop", logoUrl: null },
    description: "",
    expiresAt: new Date(),
    urls: { callback: "https://app.example/cb", payerReturn: "https://app.example/ret", payerReturnFailure: "https://app.example/f", threeDsMethodNotification: "https://app.example/m", challengeNotification: "https://app.example/c" },
    ...overrides,
  });

  it("builds a document-valid card request with our op id, alpha-3 country and 3DS data", () => {
    const body = buildCreateOperation(input(testCard("004")));
    expect(CreateOperationRequest.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      op_id: "0190f3a2-b4c5-7d8e-9f00-112233445566",
      fiat_amount: 2490,
      fiat_currency: "EUR",
      ip: "203.0.113.7",
      card_details: { country: "GBR", state: "London", card_expiry_year: String(new Date().getFullYear() + 3).slice(-2), first_name: "Ada" },
      three_ds_data: { challenge_window: 5, screen_color_depth: 24, timezone: -60, os: "Linux" },
    });
  });

  it("leaves every card field out of a bank payment", () => {
    const body = buildCreateOperation(input({ type: "bank" }));
    expect(CreateOperationRequest.safeParse(body).success).toBe(true);
    for (const f of ["card_number", "card_expiry_month", "card_expiry_year", "card_cvv", "card_holder_name"]) expect(body.card_details).not.toHaveProperty(f);
  });

  it("names the missing payer details with our field paths, never card data", () => {
    try {
      buildCreateOperation(input(testCard("123"), { customer: { first_name: "Ada" }, browser: { ...BROWSER, ip: "2001:db8::1" } }));
      expect.unreachable();
    } catch (e) {
      const text = JSON.stringify(e);
      expect(text).not.toContain("4242424242424242");
      const fields = (e as { fields: { path: string }[] }).fields.map((f) => f.path);
      expect(fields).toEqual(expect.arrayContaining(["customer.email", "customer.address.city", "customer.address.country", "browser.ip"]));
    }
  });

  it("reads IPv4 out of IPv4-mapped addresses and tells operating systems apart", () => {
    expect(toIpv4("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(toIpv4("::1")).toBe("127.0.0.1");
    expect(toIpv4("2001:db8::1")).toBeNull();
    expect(osFromUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")).toBe("iOS");
    expect(osFromUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64)")).toBe("Windows");
  });
});

describe("ON/RAMP client errors", () => {
  it("calls a refused connection unavailable (never reached) and retries only idempotent calls", async () => {
    const { createServer } = await import("node:http");
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { onrampCall } = await import("./client");
    const account = { baseUrl: `http://127.0.0.1:${closedPort}/onramp`, credentials: { apiKey: "00000000-0000-0000-0000-000000000000" } };
    await expect(onrampCall(account, { method: "GET", path: "/s2s/operation_status", query: { op_id: OP }, idempotent: true, attempts: 2 })).rejects.toMatchObject({ kind: "unavailable" });
  });

  it("calls a request without an answer in time a timeout (outcome unknown)", async () => {
    const { createServer } = await import("node:http");
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const { onrampCall } = await import("./client");
    const account = { baseUrl: `http://127.0.0.1:${port}/onramp`, credentials: { apiKey: "00000000-0000-0000-0000-000000000000" } };
    await expect(onrampCall(account, { method: "POST", path: "/s2s/create_operation", body: {}, idempotent: false, timeoutMs: 200 })).rejects.toMatchObject({ kind: "timeout" });
    server.closeAllConnections();
    server.close();
  });
});
