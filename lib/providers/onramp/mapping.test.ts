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
    operation: { id: "op_0190f3a2b4c57d8e9f00112233445566", providerReference: null, amount: 2490, currency: "EUR", customerId: "cust_9", sessionId: "cs_1", status: "created", connectorState: {} },
    method,
    customer: BILLING,
    browser: BROWSER,
    merchant: { name: "Shop", logoUrl: null },
    description: "",
    expiresAt: new Date(),
    returningCustomer: false,
    urls: { callback: "https://app.example/cb", payerReturn: "https://app.example/ret", payerReturnFailure: "https://app.example/f", threeDsMethodNotification: "https://app.example/m", challengeNotification: "https://app.example/c" },
    checkpoint: async () => undefined,
    heldCard: { take: async () => null },
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
      first_time: true,
      card_details: { country: "GBR", state: "Greater London", card_expiry_year: String(new Date().getFullYear() + 3).slice(-2), first_name: "Ada" },
      three_ds_data: { challenge_window: 5, screen_color_depth: 24, timezone: -60, os: "Linux" },
    });
    expect(buildCreateOperation(input(testCard("004"), { returningCustomer: true })).first_time).toBe(false);
  });

  it("asks the payer for a state instead of inventing one", () => {
    const address = { ...BILLING.address, state: undefined };
    try {
      buildCreateOperation(input(testCard("004"), { customer: { ...BILLING, address } }));
      expect.unreachable();
    } catch (e) {
      expect((e as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(["customer.address.state"]);
    }
  });

  it("leaves out 3DS2 browser data ON/RAMP would refuse instead of ending the attempt, and checks the whole body", () => {
    const noAgent = buildCreateOperation(input(testCard("004"), { browser: { ...BROWSER, userAgent: "" } }));
    expect(noAgent).not.toHaveProperty("three_ds_data");
    expect(CreateOperationRequest.safeParse(noAgent).success).toBe(true);
    const noScreen = buildCreateOperation(input(testCard("004"), { browser: { ...BROWSER, screenWidth: 0 } }));
    expect(noScreen).not.toHaveProperty("three_ds_data");
    // A body the document would refuse is never sent: an email ON/RAMP's schema refuses.
    try {
      buildCreateOperation(input(testCard("004"), { customer: { ...BILLING, email: "not-an-email" } }));
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe("validation_failed");
      expect((e as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(["customer.email"]);
      expect(JSON.stringify(e)).not.toContain("4242424242424242");
    }
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
  async function server(handler: (count: number) => number | "hang" | "drop") {
    const { createServer } = await import("node:http");
    let count = 0;
    const srv = createServer((req, res) => {
      count += 1;
      const what = handler(count);
      req.resume();
      if (what === "hang") return;
      if (what === "drop") {
        req.socket.destroy();
        return;
      }
      res.writeHead(what, { "content-type": "application/json" }).end(what >= 400 ? '{"error":"boom"}' : "[]");
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as { port: number }).port;
    return {
      account: { baseUrl: `http://127.0.0.1:${port}/onramp`, credentials: { apiKey: "00000000-0000-0000-0000-000000000000" } },
      count: () => count,
      close: () => {
        srv.closeAllConnections();
        srv.close();
      },
    };
  }

  async function closedPortAccount() {
    const { createServer } = await import("node:http");
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    return { baseUrl: `http://127.0.0.1:${closedPort}/onramp`, credentials: { apiKey: "00000000-0000-0000-0000-000000000000" } };
  }

  it("calls a refused connection unavailable (never reached)", async () => {
    const { onrampCall } = await import("./client");
    await expect(onrampCall(await closedPortAccount(), { method: "GET", path: "/s2s/operation_status", query: { op_id: OP }, idempotent: true, attempts: 2 })).rejects.toMatchObject({ kind: "unavailable" });
  });

  it("calls a 5xx an unknown outcome, retries it only for idempotent calls", async () => {
    const { onrampCall } = await import("./client");
    const s = await server(() => 503);
    await expect(onrampCall(s.account, { method: "POST", path: "/s2s/create_operation", body: {}, idempotent: true, attempts: 3 })).rejects.toMatchObject({ kind: "outcome_unknown" });
    expect(s.count()).toBe(3);
    await expect(onrampCall(s.account, { method: "POST", path: "/rpc/create_ingress_invoice", body: {}, idempotent: false, attempts: 3 })).rejects.toMatchObject({ kind: "outcome_unknown" });
    expect(s.count()).toBe(4);
    s.close();
  });

  it("retries an idempotent call after a 5xx and returns the answer that finally came", async () => {
    const { onrampCall } = await import("./client");
    const { OperationStatusResponse } = await import("./schemas");
    const s = await server((n) => (n === 1 ? 502 : 200));
    await expect(onrampCall(s.account, { method: "GET", path: "/s2s/operation_status", query: { op_id: OP }, idempotent: true, attempts: 3, schema: OperationStatusResponse })).resolves.toEqual([]);
    expect(s.count()).toBe(2);
    s.close();
  });

  it("keeps an outcome unknown once an attempt may have arrived, whatever later attempts meet", async () => {
    const { onrampCall } = await import("./client");
    // First attempt: 500 from the provider; then it goes away entirely.
    const s = await server(() => 500);
    const account = s.account;
    let first = true;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      if (first) {
        first = false;
        return realFetch(...args);
      }
      s.close();
      const err = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      throw err;
    }) as typeof fetch;
    try {
      await expect(onrampCall(account, { method: "POST", path: "/s2s/create_operation", body: {}, idempotent: true, attempts: 3 })).rejects.toMatchObject({ kind: "outcome_unknown" });
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it("calls a request without an answer in time, or a dropped connection, an unknown outcome", async () => {
    const { onrampCall } = await import("./client");
    const hang = await server(() => "hang");
    await expect(onrampCall(hang.account, { method: "POST", path: "/s2s/create_operation", body: {}, idempotent: false, timeoutMs: 200 })).rejects.toMatchObject({ kind: "outcome_unknown" });
    hang.close();
    const drop = await server(() => "drop");
    await expect(onrampCall(drop.account, { method: "POST", path: "/s2s/create_operation", body: {}, idempotent: false })).rejects.toMatchObject({ kind: "outcome_unknown" });
    drop.close();
  });

  it("calls a 4xx rejected, but not when an earlier attempt of the same write may have been taken", async () => {
    const { onrampCall } = await import("./client");
    const plain = await server(() => 400);
    await expect(onrampCall(plain.account, { method: "POST", path: "/s2s/create_operation", body: {}, idempotent: true, attempts: 3 })).rejects.toMatchObject({ kind: "rejected" });
    expect(plain.count()).toBe(1);
    plain.close();
    const after5xx = await server((n) => (n === 1 ? 500 : 409));
    await expect(onrampCall(after5xx.account, { method: "POST", path: "/s2s/create_operation", body: {}, idempotent: true, attempts: 3 })).rejects.toMatchObject({ kind: "outcome_unknown" });
    after5xx.close();
  });
});
