import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./server";
import { ONRAMP_ERROR_REASONS, ONRAMP_TEST_CVVS } from "./test-cards";
import { Consumer, startTestSandbox, statusName, waitFor, without } from "./test-support";

const DOC_KEY = "00000000-0000-0000-0000-000000000000";

let sandbox: RunningSandbox;
let consumer: Consumer;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  consumer = await new Consumer().start();
});
afterAll(async () => {
  await sandbox.close();
  await consumer.close();
});
afterEach(async () => {
  consumer.responder = () => ({ status: 200, body: { action: { continue: {} } } });
  await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "DELETE" });
});

function headers(key = DOC_KEY) {
  return { "content-type": "application/json", "x-xco-authorization": `Bearer ${key}` };
}

/** The document's create_operation example, word for word. */
const docCreateExample = {
  op_id: "00112233-4455-6677-8899-aabbccddeeff",
  fiat_amount: "1000",
  fiat_currency: "EUR",
  callback_url: "https://api.example.com/deposit-webhook",
  user_redirect_url: "https://example.com/user/deposits",
  customer_id: "ffeeddcc-bbaa-9988-7766-554433221100",
  session_id: "00112233-4455-6677-8899-aabbccddeeff",
  first_time: false,
  card_details: {
    card_number: "4242424242424242",
    card_expiry_month: "12",
    card_expiry_year: "21",
    card_cvv: "356",
    card_holder_name: "John Doe",
    email: "example@example.com",
    first_name: "John",
    last_name: "Doe",
    country: "GBR",
  },
};

const threeDsData = {
  accept_header: "text/html",
  challenge_window: 5,
  java_enabled: false,
  javascript_enabled: true,
  language: "en-GB",
  os: "Linux",
  screen_color_depth: 24,
  screen_height: 1080,
  screen_width: 1920,
  timezone: -60,
  user_agent: "Mozilla/5.0",
};

/** A complete request: the example plus what the field table requires and the example leaves out. */
function createBody(overrides: { cvv?: string; customerId?: string; path?: string; bank?: boolean; year?: string; amount?: string; currency?: string } = {}) {
  const path = overrides.path ?? `/cb/${randomUUID()}`;
  const card = {
    ...docCreateExample.card_details,
    card_expiry_year: overrides.year ?? "39",
    card_cvv: overrides.cvv ?? "356",
    street: "1 Main Street",
    city: "London",
    postal_code: "N1 1AA",
    state: "LDN",
  };
  const { card_number, card_expiry_month, card_expiry_year, card_cvv, card_holder_name, ...billing } = card;
  return {
    body: {
      ...docCreateExample,
      op_id: randomUUID(),
      ...(overrides.amount ? { fiat_amount: overrides.amount } : {}),
      ...(overrides.currency ? { fiat_currency: overrides.currency } : {}),
      customer_id: overrides.customerId ?? "customer-1",
      callback_url: `${consumer.url}${path}`,
      card_details: overrides.bank ? billing : { card_number, card_expiry_month, card_expiry_year, card_cvv, card_holder_name, ...billing },
      ip: "203.0.113.7",
      three_ds_data: threeDsData,
    },
    path,
  };
}

async function create(overrides: Parameters<typeof createBody>[0] = {}, key = DOC_KEY) {
  const { body, path } = createBody(overrides);
  const res = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(key), body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  const json = (await res.json()) as { op_id: string }[];
  return { opId: json[0]?.op_id ?? "", path };
}

async function history(opId: string, key = DOC_KEY): Promise<{ op_id: string; date: number; status: Record<string, Record<string, unknown>> }[]> {
  const res = await fetch(`${sandbox.url}/onramp/s2s/operation_status?op_id=${opId}`, { headers: headers(key) });
  expect(res.status).toBe(200);
  return (await res.json()) as { op_id: string; date: number; status: Record<string, Record<string, unknown>> }[];
}

const names = (list: { status: Record<string, unknown> }[]) => list.map((c) => Object.keys(c.status)[0]);
const callbackNames = (path: string) => consumer.forPath(path).map((r) => statusName(r.body));

async function waitForCallback(path: string, name: string) {
  return waitFor(() => consumer.forPath(path).find((r) => statusName(r.body) === name));
}

async function redirectUrl(path: string, number = 1): Promise<string> {
  const cb = await waitFor(() =>
    consumer.forPath(path).find((r) => {
      const s = (r.body as { status: { waiting_user_to_be_redirected?: { number: number; url: string } } }).status.waiting_user_to_be_redirected;
      return s?.number === number;
    }),
  );
  return (cb.body as { status: { waiting_user_to_be_redirected: { url: string } } }).status.waiting_user_to_be_redirected.url;
}

async function actOnAcs(url: string, outcome: "approve" | "decline") {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const u = new URL(url);
  const form = new URLSearchParams({ t: u.searchParams.get("t") ?? "", n: u.searchParams.get("n") ?? "", outcome });
  const res = await fetch(`${u.origin}${u.pathname}`, { method: "POST", body: form, redirect: "manual" });
  return { page: await page.text(), res };
}

describe("ON/RAMP S2S create_operation", () => {
  it("answers /health", async () => {
    const res = await fetch(`${sandbox.url}/health`);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("rejects a missing or malformed x-xco-authorization header", async () => {
    const noKey = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", body: "{}" });
    expect(noKey.status).toBe(401);
    const badKey = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers("not-a-uuid"), body: "{}" });
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toMatchObject({ error: "unauthorized" });
  });

  it("answers the document's example with a 400 naming the fields its table requires and the example omits", async () => {
    const res = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(), body: JSON.stringify(docCreateExample) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fields: { field: string }[] };
    expect(body.error).toBe("invalid_parameters");
    expect(body.fields.map((f) => f.field).sort()).toEqual(["card_details.city", "card_details.postal_code", "card_details.state", "card_details.street", "ip"]);
  });

  it("creates an operation and answers the documented [{ op_id }] array; a replay with the same key is idempotent", async () => {
    const { body } = createBody();
    const first = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(), body: JSON.stringify(body) });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual([{ op_id: body.op_id }]);
    const replay = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(), body: JSON.stringify(body) });
    expect(await replay.json()).toEqual([{ op_id: body.op_id }]);
    expect((await history(body.op_id)).filter((c) => "pending" in c.status)).toHaveLength(1);
    const otherKey = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(randomUUID()), body: JSON.stringify(body) });
    expect(otherKey.status).toBe(409);
  });

  it("shows the payer ip and 3DS browser data each create call carried (replays included)", async () => {
    const { body } = createBody();
    await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(), body: JSON.stringify(body) });
    const again = { ...body, ip: "198.51.100.9" };
    await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(), body: JSON.stringify(again) });
    const seen = (await (await fetch(`${sandbox.url}/_sandbox/operations/${body.op_id}`)).json()) as { operation: { payerSeen: { ip: string; browser: unknown }[] } };
    expect(seen.operation.payerSeen.map((p) => p.ip)).toEqual(["203.0.113.7", "198.51.100.9"]);
    expect(seen.operation.payerSeen[0]?.browser).toEqual(threeDsData);
  });

  it("generates an op_id when none is sent and tolerates unknown fields", async () => {
    const { body } = createBody();
    const rest = without(body, "op_id");
    const res = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ ...rest, something_new: { nested: true } }),
    });
    expect(res.status).toBe(200);
    const [first] = (await res.json()) as { op_id: string }[];
    expect(first?.op_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("validates card fields all-or-nothing, Luhn, and a partial three_ds_data", async () => {
    const { body } = createBody();
    const partialCard = without(body.card_details as Record<string, string>, "card_cvv");
    const r1 = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(), body: JSON.stringify({ ...body, card_details: partialCard }) });
    expect(r1.status).toBe(400);
    expect(JSON.stringify(await r1.json())).toContain("card_details.card_cvv");
    const r2 = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ ...body, op_id: randomUUID(), card_details: { ...body.card_details, card_number: "4242424242424241" } }),
    });
    expect(JSON.stringify(await r2.json())).toContain("card_details.card_number");
    const partial3ds = without(threeDsData, "os");
    const r3 = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, { method: "POST", headers: headers(), body: JSON.stringify({ ...body, op_id: randomUUID(), three_ds_data: partial3ds }) });
    expect(r3.status).toBe(400);
    expect(JSON.stringify(await r3.json())).toContain("three_ds_data.os");
  });

  it("shows an operation only to the API key that created it", async () => {
    const key = randomUUID();
    const { opId } = await create({ cvv: "001" }, key);
    const other = await fetch(`${sandbox.url}/onramp/s2s/operation_status?op_id=${opId}`, { headers: headers(DOC_KEY) });
    expect(other.status).toBe(404);
    expect(await history(opId, key)).not.toHaveLength(0);
    const batch = await fetch(`${sandbox.url}/onramp/rpc/op_status`, { method: "POST", headers: headers(DOC_KEY), body: JSON.stringify({ invoices_id: [opId] }) });
    expect(await batch.json()).toEqual([]);
  });

  it("operation_status answers 400 without a UUID op_id and 404 for an unknown one", async () => {
    expect((await fetch(`${sandbox.url}/onramp/s2s/operation_status`, { headers: headers() })).status).toBe(400);
    expect((await fetch(`${sandbox.url}/onramp/s2s/operation_status?op_id=${randomUUID()}`, { headers: headers() })).status).toBe(404);
  });
});

describe("ON/RAMP documented test CVVs", () => {
  it("001 is accepted at once: only `accepted` is called back, operation_status still lists pending and processing", async () => {
    const { opId, path } = await create({ cvv: "001" });
    const cb = await waitForCallback(path, "accepted");
    expect(cb.body).toMatchObject({ op_id: opId, status: { accepted: {} } });
    expect(typeof (cb.body as { date: unknown }).date).toBe("number");
    expect(names(await history(opId))).toEqual(["pending", "processing_user_payment", "accepted"]);
    await new Promise((r) => setTimeout(r, 50));
    expect(callbackNames(path)).toEqual(["accepted"]);
  });

  it("003 is rejected at once with DO_NOT_HONOR", async () => {
    const { opId, path } = await create({ cvv: "003" });
    const cb = await waitForCallback(path, "rejected");
    expect((cb.body as { status: { rejected: unknown } }).status.rejected).toEqual({ error_code: "05", error_reason: "DO_NOT_HONOR" });
    expect(names(await history(opId))).toEqual(["pending", "processing_user_payment", "rejected"]);
    expect(callbackNames(path)).toEqual(["rejected"]);
  });

  it("002 goes through a mock 3DSv1 page; Approve redirects the payer to user_redirect_url and accepts", async () => {
    const { opId, path } = await create({ cvv: "002" });
    const url = await redirectUrl(path);
    expect(url.startsWith(`${sandbox.url}/onramp/acs/${opId}`)).toBe(true);
    const { page, res } = await actOnAcs(url, "approve");
    expect(page).toContain("3DSv1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(docCreateExample.user_redirect_url);
    await waitForCallback(path, "accepted");
    expect(callbackNames(path)).toEqual(["waiting_user_to_be_redirected", "user_redirected", "accepted"]);
    expect(names(await history(opId))).toEqual(["pending", "waiting_user_to_be_redirected", "user_redirected", "processing_user_payment", "accepted"]);
  });

  it.each([
    ["EUR", "€24.90"],
    ["HUF", "HUF\u00a024.90"],
    ["JPY", "JP¥2,490"],
    ["KWD", "KWD\u00a02.490"],
  ])("reads fiat_amount 2490 %s in ISO 4217 minor units on the 3DS page: %j", async (currency, text) => {
    const { path } = await create({ cvv: "004", amount: "2490", currency });
    const { page } = await actOnAcs(await redirectUrl(path), "decline");
    expect(page).toContain(`<dt>Amount</dt><dd>${text}</dd>`);
  });

  it("004 goes through a mock 3DSv2 page; Decline rejects with 3DS_DECLINED", async () => {
    const { path } = await create({ cvv: "004" });
    const { page } = await actOnAcs(await redirectUrl(path), "decline");
    expect(page).toContain("3DSv2");
    const cb = await waitForCallback(path, "rejected");
    expect(cb.body).toMatchObject({ status: { rejected: { error_reason: "3DS_DECLINED" } } });
  });

  it("the ACS page refuses a wrong token and a second answer", async () => {
    const { path } = await create({ cvv: "004" });
    const url = await redirectUrl(path);
    const wrong = new URL(url);
    wrong.searchParams.set("t", randomUUID());
    expect((await fetch(wrong)).status).toBe(404);
    await actOnAcs(url, "approve");
    expect((await fetch(url)).status).toBe(409);
  });
});

describe("ON/RAMP sandbox test data", () => {
  it("any other CVV sends every callback in order with one 3DS redirect", async () => {
    const { path } = await create({ cvv: "356" });
    await actOnAcs(await redirectUrl(path), "approve");
    await waitForCallback(path, "accepted");
    expect(callbackNames(path)).toEqual(["pending", "waiting_user_to_be_redirected", "user_redirected", "processing_user_payment", "accepted"]);
  });

  it("005 asks for a second redirect (number 2) after the first Approve", async () => {
    const { path } = await create({ cvv: "005" });
    const first = await redirectUrl(path, 1);
    const { res } = await actOnAcs(first, "approve");
    expect(res.headers.get("location")).toBe(docCreateExample.user_redirect_url);
    const second = await redirectUrl(path, 2);
    expect(new URL(second).searchParams.get("n")).toBe("2");
    await actOnAcs(second, "approve");
    await waitForCallback(path, "accepted");
    expect(callbackNames(path).filter((n) => n === "waiting_user_to_be_redirected")).toHaveLength(2);
  });

  it.each(ONRAMP_ERROR_REASONS.map((reason) => [reason, ONRAMP_TEST_CVVS.find((c) => c.behaviour.type === "decline" && c.behaviour.reason === reason)?.cvv]))(
    "declines with %s (CVV %s)",
    async (reason, cvv) => {
      const { opId, path } = await create({ cvv });
      const cb = await waitForCallback(path, "rejected");
      expect(cb.body).toMatchObject({ op_id: opId, status: { rejected: { error_reason: reason } } });
    },
  );

  it("a card past its expiry is rejected with EXPIRED_CARD", async () => {
    const { path } = await create({ cvv: "001", year: "20" });
    const cb = await waitForCallback(path, "rejected");
    expect(cb.body).toMatchObject({ status: { rejected: { error_reason: "EXPIRED_CARD" } } });
  });

  it("009 stays processing until update_operation cancels it (MANUAL_CANCELLATION)", async () => {
    const { opId, path } = await create({ cvv: "009" });
    await waitForCallback(path, "processing_user_payment");
    await new Promise((r) => setTimeout(r, 60));
    expect(callbackNames(path)).toEqual(["pending", "processing_user_payment"]);
    const res = await fetch(`${sandbox.url}/onramp/s2s/update_operation`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ op_id: opId, action: { request_attempt_cancel: {} } }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    const cb = await waitForCallback(path, "cancelled");
    expect(cb.body).toMatchObject({ status: { cancelled: { reason: "MANUAL_CANCELLATION" } } });
    // A final operation cannot be cancelled again; the call still succeeds, as documented.
    const again = await fetch(`${sandbox.url}/onramp/s2s/update_operation`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ op_id: opId, action: { request_attempt_cancel: {} } }),
    });
    expect(again.status).toBe(200);
    expect(names(await history(opId)).filter((n) => n === "cancelled")).toHaveLength(1);
  });

  it("update_operation validates its body and hides unknown operations", async () => {
    const bad = await fetch(`${sandbox.url}/onramp/s2s/update_operation`, { method: "POST", headers: headers(), body: JSON.stringify({ op_id: randomUUID() }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"action"');
    // The document's example op_id does not exist here.
    const unknown = await fetch(`${sandbox.url}/onramp/s2s/update_operation`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ op_id: "5b99dfb2-ef07-4fb7-9d20-62d63ce0f737", action: { request_attempt_cancel: {} } }),
    });
    expect(unknown.status).toBe(404);
  });

  it("a callback answered with request_attempt_cancel cancels the operation", async () => {
    const path = `/cancel/${randomUUID()}`;
    consumer.responder = (r) =>
      r.path === path && statusName(r.body) === "pending"
        ? { status: 200, body: { action: { request_attempt_cancel: {} }, extra: 1 } }
        : { status: 200, body: { action: { continue: {} } } };
    const { opId } = await create({ cvv: "009", path });
    await waitForCallback(path, "cancelled");
    expect(names(await history(opId)).at(-1)).toBe("cancelled");
  });

  it("bank payment: without card fields the redirect goes to a bank picker; Approve ends received + accepted", async () => {
    const { opId, path } = await create({ bank: true });
    const url = await redirectUrl(path);
    expect(url).toContain(`/onramp/bank/${opId}`);
    const picker = await fetch(url);
    expect(await picker.text()).toContain("Choose your bank");
    const u = new URL(url);
    const fields = { t: u.searchParams.get("t") ?? "", n: "1" };
    const confirm = await fetch(`${sandbox.url}/onramp/bank/${opId}/select`, { method: "POST", body: new URLSearchParams({ ...fields, bank: "Mock National Bank" }) });
    expect(await confirm.text()).toContain("Confirm payment at Mock National Bank");
    const done = await fetch(`${sandbox.url}/onramp/bank/${opId}`, {
      method: "POST",
      body: new URLSearchParams({ ...fields, bank: "Mock National Bank", outcome: "approve" }),
      redirect: "manual",
    });
    expect(done.status).toBe(303);
    await waitForCallback(path, "accepted");
    expect(callbackNames(path)).toEqual(["pending", "waiting_user_to_be_redirected", "user_redirected", "processing_user_payment", "received", "accepted"]);
  });
});

describe("ON/RAMP callback delivery", () => {
  it("retries with growing delays until answered 200", async () => {
    const path = `/retry/${randomUUID()}`;
    let failures = 0;
    consumer.responder = (r) => {
      if (r.path === path && failures < 2) {
        failures++;
        return { status: 503 };
      }
      return { status: 200, body: { action: { continue: {} } } };
    };
    const { opId } = await create({ cvv: "001", path });
    await waitFor(() => consumer.forPath(path).length === 3);
    const at = consumer.forPath(path).map((r) => r.at);
    const [a, b, c] = at;
    expect(a !== undefined && b !== undefined && c !== undefined).toBe(true);
    // base 20 ms, doubling: second gap at least about twice the first.
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(35);
    const inspector = (await (await fetch(`${sandbox.url}/_sandbox/operations/${opId}`)).json()) as { callbacks: { attempts: { httpStatus: number }[]; state: string }[] };
    expect(inspector.callbacks[0]?.attempts.map((a) => a.httpStatus)).toEqual([503, 503, 200]);
    expect(inspector.callbacks[0]?.state).toBe("done");
  });

  it("gives up after the configured number of attempts", async () => {
    const path = `/down/${randomUUID()}`;
    consumer.responder = (r) => (r.path === path ? { status: 500 } : { status: 200, body: {} });
    const { opId } = await create({ cvv: "001", path });
    await waitFor(async () => {
      const i = (await (await fetch(`${sandbox.url}/_sandbox/operations/${opId}`)).json()) as { callbacks: { state: string }[] };
      return i.callbacks[0]?.state === "gave_up";
    });
    expect(consumer.forPath(path)).toHaveLength(4);
  });

  it("chaos: duplicates every callback", async () => {
    await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ duplicate: 1 }) });
    const { path } = await create({ cvv: "001" });
    await waitFor(() => consumer.forPath(path).length === 2);
    expect(callbackNames(path)).toEqual(["accepted", "accepted"]);
  });

  it("chaos: reorders callbacks produced together (newest first)", async () => {
    await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ reorder: true }) });
    const { path } = await create({ cvv: "356" });
    await waitFor(() => consumer.forPath(path).length === 2);
    expect(callbackNames(path)).toEqual(["waiting_user_to_be_redirected", "pending"]);
    const dates = consumer.forPath(path).map((r) => (r.body as { date: number }).date);
    expect(dates[0]).toBeGreaterThanOrEqual(dates[1] ?? 0);
  });

  it("chaos: delays callbacks", async () => {
    await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ delayMs: 300 }) });
    const started = Date.now();
    const { path } = await create({ cvv: "001" });
    const cb = await waitForCallback(path, "accepted");
    expect(cb.at - started).toBeGreaterThanOrEqual(290);
  });

  it("chaos: failing API answers are bounded by maxFailures; slow answers are slow", async () => {
    const set = await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ failRate: 1, maxFailures: 2 }) });
    expect(((await set.json()) as { active: boolean }).active).toBe(true);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await fetch(`${sandbox.url}/onramp/s2s/operation_status?op_id=${randomUUID()}`, { headers: headers() })).status);
    }
    expect(statuses).toEqual([500, 500, 404]);
    await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ slowMs: 250 }) });
    const t0 = Date.now();
    await fetch(`${sandbox.url}/onramp/s2s/operation_status?op_id=${randomUUID()}`, { headers: headers() });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    // Pages and /health are never slowed or failed.
    const t1 = Date.now();
    await fetch(`${sandbox.url}/health`);
    expect(Date.now() - t1).toBeLessThan(200);
  });

  it("chaos settings are validated, readable, capped and resettable", async () => {
    expect((await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ duplicate: 50 }) })).status).toBe(400);
    expect((await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ typo: true }) })).status).toBe(400);
    await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ duplicate: 2, ttlMs: 100 }) });
    const read = (await (await fetch(`${sandbox.url}/_sandbox/chaos`)).json()) as { settings: { duplicate: number } };
    expect(read.settings.duplicate).toBe(2);
    await new Promise((r) => setTimeout(r, 150));
    const expired = (await (await fetch(`${sandbox.url}/_sandbox/chaos`)).json()) as { settings: { duplicate: number }; active: boolean };
    expect(expired).toMatchObject({ active: false, settings: { duplicate: 0 } });
    await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "POST", body: JSON.stringify({ reorder: true }) });
    const reset = (await (await fetch(`${sandbox.url}/_sandbox/chaos`, { method: "DELETE" })).json()) as { active: boolean };
    expect(reset.active).toBe(false);
  });

  it("handles many concurrent operations without mixing them up", async () => {
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => create({ cvv: i % 2 === 0 ? "001" : "003" })));
    await waitFor(() => created.every((c) => consumer.forPath(c.path).length === 1));
    created.forEach((c, i) => {
      const [cb] = consumer.forPath(c.path);
      expect(cb?.body).toMatchObject({ op_id: c.opId, status: i % 2 === 0 ? { accepted: {} } : { rejected: {} } });
    });
  });
});
