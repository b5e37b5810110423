import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./server";
import { Consumer, startTestSandbox, statusName, waitFor, without } from "./test-support";

const DOC_KEY = "00000000-0000-0000-0000-000000000000";
const headers = { "content-type": "application/json", "x-xco-authorization": `Bearer ${DOC_KEY}` };

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
afterEach(() => {
  consumer.responder = () => ({ status: 200, body: { action: { continue: {} } } });
});

/** The document's create_ingress_invoice example, word for word. */
const docInvoiceExample = {
  fiat_amount: 3000,
  fiat_currency: "EUR",
  payment_ack_url: "wwww.example.com",
  user_redirect_url: "www.example.com?user_redirected",
  timeout_in_sec: 3600,
  offer_skin: { title: "The Nice merchant", image: "https://static.example.com/merchant-logo", description: "Awesome green Pluff with handler" },
  billing_details: {
    payer_email: "mrpayer.payerson@email.com",
    payer_first_name: "MrPayer",
    payer_last_name: "Payerson",
    payer_phone: "0034666444446",
    birth_date: "1980-11-24 00:00:00.000000+00",
    street: "Main Street",
    unit: "Floor 7 12B",
    postal_code: "0000001",
    city: "Big Town",
    county: "Big Town county",
    state: "CA",
    prefecture: "Prefecture-ku",
    country: "GBR",
    kyc_verified: "2020-01-01 12:45:00.000000+00",
    kyc_document: "Passport",
    kyc_reference: "25177aa2-d848-846d-226c-97ec3096f5fe",
    address_verified: "2020-01-01 12:55:00.000000+00",
    address_doc_reference: "3sdffdss-4mgo-44gfd-34dx-r34rfdfs4gf",
    player_level: "New",
    member_since: "2020-01-01 12:35:00.000000+00",
    merchant_customer_id: "u2340112",
  },
};

const REDIRECT = "https://merchant.example/return?user_redirected";

async function createInvoice(overrides: { customerId?: string; timeout?: number } = {}) {
  const ackPath = `/ack/${randomUUID()}`;
  const res = await fetch(`${sandbox.url}/onramp/rpc/create_ingress_invoice`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      ...docInvoiceExample,
      payment_ack_url: `${consumer.url}${ackPath}`,
      user_redirect_url: REDIRECT,
      timeout_in_sec: overrides.timeout ?? 3600,
      billing_details: { ...docInvoiceExample.billing_details, merchant_customer_id: overrides.customerId ?? "u2340112" },
    }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { invoice_id: string; invoice_url: string };
  return { ...body, ackPath };
}

async function opStatus(ids: unknown[]) {
  const res = await fetch(`${sandbox.url}/onramp/rpc/op_status`, { method: "POST", headers, body: JSON.stringify({ invoices_id: ids }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { op_id: string; status: string; credit_card_payment_attempt: Record<string, unknown> | null }[];
}

async function pay(invoiceUrl: string) {
  const page = await fetch(invoiceUrl);
  const text = await page.text();
  expect(text).toContain(">Pay</button>");
  const reference = new URL(invoiceUrl).searchParams.get("reference") ?? "";
  return fetch(`${sandbox.url}/onramp/invoice/pay`, { method: "POST", body: new URLSearchParams({ reference }), redirect: "manual" });
}

describe("ON/RAMP create_ingress_invoice", () => {
  it("answers the document's example with a 400 naming its malformed URLs", async () => {
    const res = await fetch(`${sandbox.url}/onramp/rpc/create_ingress_invoice`, { method: "POST", headers, body: JSON.stringify(docInvoiceExample) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: { field: string }[] };
    expect(body.fields.map((f) => f.field).sort()).toEqual(["payment_ack_url", "user_redirect_url"]);
  });

  it("requires EUR and billing_details.merchant_customer_id", async () => {
    const billing = without(docInvoiceExample.billing_details, "merchant_customer_id");
    const res = await fetch(`${sandbox.url}/onramp/rpc/create_ingress_invoice`, {
      method: "POST",
      headers,
      body: JSON.stringify({ ...docInvoiceExample, fiat_currency: "USD", payment_ack_url: "https://a.example/ack", user_redirect_url: REDIRECT, billing_details: billing }),
    });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["fiat_currency", "billing_details.merchant_customer_id"]));
  });

  it("returns invoice_id and an invoice_url to a page with a Pay button; op_status waits for the user", async () => {
    const inv = await createInvoice();
    expect(inv.invoice_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(inv.invoice_url.startsWith(`${sandbox.url}/onramp/invoice?reference=`)).toBe(true);
    const page = await (await fetch(inv.invoice_url)).text();
    expect(page).toContain("Pay The Nice merchant");
    expect(page).toContain("€30.00");
    expect(await opStatus([inv.invoice_id])).toEqual([{ op_id: inv.invoice_id, status: "waiting_user_confirmation", credit_card_payment_attempt: null }]);
  });

  it("payment-ack answered 200 credits: accepted, and the payer is redirected to user_redirect_url", async () => {
    const inv = await createInvoice();
    const res = await pay(inv.invoice_url);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(REDIRECT);
    const [ack] = consumer.forPath(inv.ackPath);
    expect(ack?.body).toMatchObject({ invoice_id: inv.invoice_id, fiat_amount: 3000, fiat_currency: "EUR", merchant_customer_id: "u2340112" });
    const [status] = await opStatus([inv.invoice_id]);
    expect(status).toMatchObject({ status: "accepted", credit_card_payment_attempt: { accepted: true, rejected: false, reject_reason: null, card_number_masked: "424242******4242", card_holder_name: "MRPAYER PAYERSON" } });
    expect(String(status?.credit_card_payment_attempt?.when_submitted)).toMatch(/\+00:00$/);
  });

  it("payment-ack answered 204 cancels the payment and expires the invoice", async () => {
    const inv = await createInvoice();
    consumer.responder = (r) => (r.path === inv.ackPath ? { status: 204 } : { status: 200 });
    const res = await pay(inv.invoice_url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Payment cancelled");
    const [status] = await opStatus([inv.invoice_id]);
    expect(status).toMatchObject({ status: "rejected", credit_card_payment_attempt: { rejected: true } });
    const page = await (await fetch(inv.invoice_url)).text();
    expect(page).toContain("invoice has expired");
    // The payer is never stranded: the way back to the merchant stays on the page.
    expect(page).toContain(`<a href="${REDIRECT}">Return to the merchant</a>`);
    expect(consumer.forPath(inv.ackPath)).toHaveLength(1);
  });

  it("any other payment-ack answer pauses for manual intervention and is retried later", async () => {
    const inv = await createInvoice();
    consumer.responder = (r) => (r.path === inv.ackPath && consumer.forPath(inv.ackPath).length < 3 ? { status: 500 } : { status: 200 });
    const res = await pay(inv.invoice_url);
    expect(await res.text()).toContain("Payment under review");
    const paused = await opStatus([inv.invoice_id]);
    expect(paused[0]?.status).toBe("querying_merchant_for_confirmation");
    await waitFor(async () => (await opStatus([inv.invoice_id]))[0]?.status === "accepted");
    expect(consumer.forPath(inv.ackPath)).toHaveLength(3);
  });

  it("a merchant that never answers 200/204 leaves the payment paused after bounded retries", async () => {
    const inv = await createInvoice();
    consumer.responder = (r) => (r.path === inv.ackPath ? { status: 418 } : { status: 200 });
    await pay(inv.invoice_url);
    await waitFor(async () => {
      const i = (await (await fetch(`${sandbox.url}/_sandbox/operations/${inv.invoice_id}`)).json()) as { paymentAcks: { state: string }[] };
      return i.paymentAcks[0]?.state === "gave_up";
    });
    expect(consumer.forPath(inv.ackPath)).toHaveLength(4);
    expect((await opStatus([inv.invoice_id]))[0]?.status).toBe("querying_merchant_for_confirmation");
  });

  it("an unused invoice expires after timeout_in_sec", async () => {
    const inv = await createInvoice({ timeout: 1 });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await opStatus([inv.invoice_id]))[0]?.status).toBe("rejected");
    const page = await (await fetch(inv.invoice_url)).text();
    expect(page).toContain("Invoice expired");
    expect(page).toContain(`<a href="${REDIRECT}">Return to the merchant</a>`);
  });
});

describe("ON/RAMP op_status and mark_operation", () => {
  it("answers the document's op_status example (unknown ids skipped) and skips invalid UUIDs", async () => {
    const docIds = [
      "eaed5195-b85c-41aa-9661-10693b65976e",
      "0928b88d-372a-475e-8095-2f20a66cfa9f",
      "5059dadc-4463-440b-9025-694355c0a941",
      "73f4a88c-8591-4550-9b4d-dfa687d61a89",
      "e59eeff7-5780-4707-b1f6-fa0a7e020ce0",
    ];
    expect(await opStatus(docIds)).toEqual([]);
    const inv = await createInvoice();
    expect((await opStatus(["not-a-uuid", 42, inv.invoice_id])).map((s) => s.op_id)).toEqual([inv.invoice_id]);
    const missing = await fetch(`${sandbox.url}/onramp/rpc/op_status`, { method: "POST", headers, body: "{}" });
    expect(missing.status).toBe(400);
  });

  it("mark_operation: the document's example answers 404 for an unknown op, and validates its body", async () => {
    const res = await fetch(`${sandbox.url}/onramp/rpc/mark_operation`, {
      method: "POST",
      headers,
      body: JSON.stringify({ op_id: "cde6f458-8754-4ffe-81a9-77c6d05a5540", accept: true }),
    });
    expect(res.status).toBe(404);
    const bad = await fetch(`${sandbox.url}/onramp/rpc/mark_operation`, { method: "POST", headers, body: JSON.stringify({ op_id: randomUUID() }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"accept"');
  });

  async function createApprovalOperation() {
    const path = `/cb/${randomUUID()}`;
    const opId = randomUUID();
    const res = await fetch(`${sandbox.url}/onramp/s2s/create_operation`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        op_id: opId,
        fiat_amount: 1000,
        fiat_currency: "EUR",
        callback_url: `${consumer.url}${path}`,
        user_redirect_url: REDIRECT,
        customer_id: "needs-approval-42",
        session_id: "s",
        ip: "203.0.113.9",
        card_details: {
          card_number: "4242424242424242",
          card_expiry_month: "12",
          card_expiry_year: "39",
          card_cvv: "001",
          card_holder_name: "John Doe",
          email: "john@example.com",
          first_name: "John",
          last_name: "Doe",
          street: "1 Main St",
          city: "London",
          postal_code: "N1",
          state: "LDN",
          country: "GBR",
        },
      }),
    });
    expect(res.status).toBe(200);
    return { opId, path };
  }

  it("an operation of a merchant that approves payments waits in waiting_merchant_confirmation until mark_operation accepts", async () => {
    const { opId, path } = await createApprovalOperation();
    expect((await opStatus([opId]))[0]).toMatchObject({ status: "waiting_merchant_confirmation", credit_card_payment_attempt: { card_number_masked: "424242******4242" } });
    await new Promise((r) => setTimeout(r, 50));
    expect(consumer.forPath(path)).toHaveLength(0);
    const mark = await fetch(`${sandbox.url}/onramp/rpc/mark_operation`, { method: "POST", headers, body: JSON.stringify({ op_id: opId, accept: true }) });
    expect(mark.status).toBe(200);
    expect(await mark.text()).toBe("null");
    await waitFor(() => consumer.forPath(path).find((r) => statusName(r.body) === "accepted"));
    expect((await opStatus([opId]))[0]?.status).toBe("accepted");
    const again = await fetch(`${sandbox.url}/onramp/rpc/mark_operation`, { method: "POST", headers, body: JSON.stringify({ op_id: opId, accept: false }) });
    expect(again.status).toBe(409);
  });

  it("mark_operation with accept=false rejects it", async () => {
    const { opId, path } = await createApprovalOperation();
    await fetch(`${sandbox.url}/onramp/rpc/mark_operation`, { method: "POST", headers, body: JSON.stringify({ op_id: opId, accept: false }) });
    const cb = await waitFor(() => consumer.forPath(path).find((r) => statusName(r.body) === "rejected"));
    expect(cb.body).toMatchObject({ status: { rejected: { error_code: "MERCHANT_REJECTED" } } });
    expect((await opStatus([opId]))[0]?.credit_card_payment_attempt).toMatchObject({ rejected: true, reject_reason: "rejected by merchant" });
  });

  it("an approval merchant's invoice waits for mark_operation before the payment-ack", async () => {
    const inv = await createInvoice({ customerId: "needs-approval-7" });
    const res = await pay(inv.invoice_url);
    expect(await res.text()).toContain("Waiting for the merchant");
    expect((await opStatus([inv.invoice_id]))[0]?.status).toBe("waiting_merchant_confirmation");
    expect(consumer.forPath(inv.ackPath)).toHaveLength(0);
    await fetch(`${sandbox.url}/onramp/rpc/mark_operation`, { method: "POST", headers, body: JSON.stringify({ op_id: inv.invoice_id, accept: true }) });
    await waitFor(async () => (await opStatus([inv.invoice_id]))[0]?.status === "accepted");
    expect(consumer.forPath(inv.ackPath)).toHaveLength(1);
  });
});
