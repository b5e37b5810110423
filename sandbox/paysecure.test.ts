import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./server";
import { PAYSECURE_ERROR_CARDS } from "./test-cards";
import { startTestSandbox, without } from "./test-support";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

const KEY = "test_sandbox_key_1";
const auth = (key = KEY) => ({ "content-type": "application/json", authorization: `Bearer ${key}` });
const SUCCESS = "https://merchant.example/ok";
const FAILURE = "https://merchant.example/fail";

/** The document's S2S request body, word for word. */
const docS2sExample = {
  cardholder_name: "dk",
  card_number: "4444333322221111",
  expires: "10/23",
  cvc: "345",
  remember_card: "on",
  remote_ip: "157.38.242.7",
  user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 Safari/537.36",
  accept_header: "text/html",
  language: "en-US",
  java_enabled: false,
  javascript_enabled: true,
  color_depth: 24,
  utc_offset: 0,
  screen_width: 1920,
  screen_height: 1080,
};
const card = (cardNumber: string) => ({ ...docS2sExample, card_number: cardNumber, expires: "10/39" });

async function createPurchase(key = KEY) {
  const res = await fetch(`${sandbox.url}/paysecure/purchases/`, {
    method: "POST",
    headers: auth(key),
    body: JSON.stringify({
      client: { email: "payer@example.com" },
      purchase: { currency: "EUR", products: [{ name: "Order 1", price: 1250 }] },
      brand_id: randomUUID(),
      success_redirect: SUCCESS,
      failure_redirect: FAILURE,
      reference: "order-1",
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; status: string; purchase: { total: number } };
}

async function s2s(id: string, body: unknown, key = KEY) {
  return fetch(`${sandbox.url}/paysecure/p/${id}/?s2s=true`, { method: "POST", headers: auth(key), body: JSON.stringify(body) });
}

describe("Paysecure purchases", () => {
  it("creates a purchase", async () => {
    const p = await createPurchase();
    expect(p).toMatchObject({ status: "created", purchase: { total: 1250 } });
  });

  it("answers errors as { message, code } with 401, 415, 400, 404 and 405", async () => {
    const noKey = await fetch(`${sandbox.url}/paysecure/purchases/`, { method: "POST", body: "{}" });
    expect(noKey.status).toBe(401);
    expect(Object.keys((await noKey.json()) as object).sort()).toEqual(["code", "message"]);
    const wrongType = await fetch(`${sandbox.url}/paysecure/purchases/`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "text/plain" }, body: "x" });
    expect(wrongType.status).toBe(415);
    const invalid = await fetch(`${sandbox.url}/paysecure/purchases/`, { method: "POST", headers: auth(), body: JSON.stringify({ client: {} }) });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toContain("success_redirect");
    const missing = await s2s(randomUUID(), card("4000000000001000"));
    expect(missing.status).toBe(404);
    const p = await createPurchase();
    const get = await fetch(`${sandbox.url}/paysecure/p/${p.id}/?s2s=true`, { headers: auth() });
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ code: "method_not_allowed" });
  });
});

describe("Paysecure S2S payment", () => {
  it("the document's example card has expired: the documented expiry message", async () => {
    const p = await createPurchase();
    const res = await s2s(p.id, docS2sExample);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: "Invalid Card Expiry(Valid Format:MM/YY) must be greater than current month/year",
      code: "invalid_expiry",
    });
  });

  it("shows the payer ip and browser data of every payment call", async () => {
    const p = await createPurchase();
    await s2s(p.id, card("4000000000000309"));
    await s2s(p.id, { ...card("4444333322221111"), remote_ip: "198.51.100.20" });
    const seen = (await (await fetch(`${sandbox.url}/_sandbox/operations/${p.id}`)).json()) as { purchase: { payerSeen: { ip: string; browser: Record<string, unknown> }[] } };
    expect(seen.purchase.payerSeen.map((s) => s.ip)).toEqual(["157.38.242.7", "198.51.100.20"]);
    expect(seen.purchase.payerSeen[1]?.browser).toMatchObject({ accept_header: "text/html", language: "en-US" });
    expect(JSON.stringify(seen.purchase.payerSeen)).not.toContain("4444333322221111");
  });

  it("answers 202 pending with a GET callback_url, as documented", async () => {
    const p = await createPurchase();
    const res = await s2s(p.id, card("4444333322221111"));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { status: string; callback_url: string; method: string };
    expect(body).toEqual({ status: "pending", callback_url: `${sandbox.url}/paysecure/payment/${p.id}/`, method: "GET" });
  });

  it("requires every mandatory parameter", async () => {
    const p = await createPurchase();
    const rest = without(card("4444333322221111"), "remember_card", "remote_ip");
    const res = await s2s(p.id, rest);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body.message).toContain("remember_card");
    expect(body.message).toContain("remote_ip");
  });

  it.each(PAYSECURE_ERROR_CARDS.map((c) => [c.message, c]))("test card answers %s", async (_m, errorCase) => {
    const p = await createPurchase();
    const res = await s2s(p.id, card(errorCase.cardNumber));
    expect(res.status).toBe(errorCase.httpStatus);
    expect(await res.json()).toEqual({ message: errorCase.message, code: errorCase.code });
  });

  it("a bad card number is Invalid Card Information", async () => {
    const p = await createPurchase();
    const res = await s2s(p.id, card("4444333322221112"));
    expect(await res.json()).toMatchObject({ message: "Invalid Card Information" });
  });

  it("a purchase made with a test key cannot be paid with a live key", async () => {
    const p = await createPurchase();
    const res = await s2s(p.id, card("4000000000001000"), "live_sandbox_key_1");
    expect(await res.json()).toMatchObject({ message: "Different Type of key used to create purchase and payment" });
    const otherMerchant = await s2s(p.id, card("4000000000001000"), "test_other_merchant");
    expect(otherMerchant.status).toBe(404);
  });

  it("allows three attempts per purchase", async () => {
    const p = await createPurchase();
    for (let i = 0; i < 3; i++) await s2s(p.id, card("4000000000000309"));
    const res = await s2s(p.id, card("4000000000001000"));
    expect(await res.json()).toMatchObject({ message: "Allowed Attempt for this Transaction has been consumed" });
  });
});

describe("Paysecure callback_url page", () => {
  async function started(cardNumber: string) {
    const p = await createPurchase();
    const res = await s2s(p.id, card(cardNumber));
    const { callback_url } = (await res.json()) as { callback_url: string };
    return { id: p.id, callbackUrl: callback_url };
  }
  const status = async (id: string) => ((await (await fetch(`${sandbox.url}/paysecure/purchases/${id}/`, { headers: auth() })).json()) as { status: string }).status;

  it("the read-back repeats callback_url only while the purchase waits for the payer", async () => {
    const fresh = await createPurchase();
    const view = async (id: string) => (await (await fetch(`${sandbox.url}/paysecure/purchases/${id}/`, { headers: auth() })).json()) as { status: string; callback_url: string | null };
    expect(await view(fresh.id)).toMatchObject({ status: "created", callback_url: null });
    const { id, callbackUrl } = await started("4000000000001000");
    expect(await view(id)).toMatchObject({ status: "pending_execute", callback_url: callbackUrl });
    await fetch(callbackUrl, { redirect: "manual" });
    expect(await view(id)).toMatchObject({ status: "paid", callback_url: null });
  });

  it("frictionless success goes straight to success_redirect", async () => {
    const { id, callbackUrl } = await started("4000000000001000");
    const res = await fetch(callbackUrl, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(SUCCESS);
    expect(await status(id)).toBe("paid");
  });

  it("frictionless failure goes straight to failure_redirect", async () => {
    const { id, callbackUrl } = await started("4000000000001109");
    const res = await fetch(callbackUrl, { redirect: "manual" });
    expect(res.headers.get("location")).toBe(FAILURE);
    expect(await status(id)).toBe("error");
  });

  it("challenge: Approve -> success_redirect, Decline -> failure_redirect", async () => {
    const a = await started("4000000000001208");
    const page = await (await fetch(a.callbackUrl)).text();
    expect(page).toContain(">Approve</button>");
    expect(page).toContain("400000******1208");
    expect(page).not.toContain("4000000000001208");
    const approve = await fetch(a.callbackUrl, { method: "POST", body: new URLSearchParams({ outcome: "approve" }), redirect: "manual" });
    expect(approve.headers.get("location")).toBe(SUCCESS);
    expect(await status(a.id)).toBe("paid");

    const d = await started("4444333322221111");
    const decline = await fetch(d.callbackUrl, { method: "POST", body: new URLSearchParams({ outcome: "decline" }), redirect: "manual" });
    expect(decline.headers.get("location")).toBe(FAILURE);
    expect(await status(d.id)).toBe("error");
  });

  it("issuer decline after an approved challenge goes to failure_redirect", async () => {
    const { callbackUrl } = await started("4000000000001307");
    const res = await fetch(callbackUrl, { method: "POST", body: new URLSearchParams({ outcome: "approve" }), redirect: "manual" });
    expect(res.headers.get("location")).toBe(FAILURE);
  });
});
