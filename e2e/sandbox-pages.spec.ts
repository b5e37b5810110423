import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";

// Drives the provider sandbox's mock pages as a payer would, by role and accessible name.
// Self-contained on purpose: it talks to the sandbox over HTTP only.
const SANDBOX = process.env.E2E_SANDBOX_URL ?? `http://localhost:${process.env.E2E_SANDBOX_PORT ?? 4110}`;
const ONRAMP_KEY = "00000000-0000-0000-0000-000000000000";
const onrampHeaders = { "x-xco-authorization": `Bearer ${ONRAMP_KEY}` };
const RETURN_URL = `${SANDBOX}/health`;

async function createOnrampOperation(request: APIRequestContext, opts: { cvv?: string; bank?: boolean }) {
  const opId = randomUUID();
  const card = opts.bank
    ? {}
    : { card_number: "4242424242424242", card_expiry_month: "12", card_expiry_year: "39", card_cvv: opts.cvv ?? "004", card_holder_name: "John Doe" };
  const res = await request.post(`${SANDBOX}/onramp/s2s/create_operation`, {
    headers: onrampHeaders,
    data: {
      op_id: opId,
      fiat_amount: 1000,
      fiat_currency: "EUR",
      // The sandbox's echo endpoint stands in for the merchant's callback receiver.
      callback_url: `${SANDBOX}/_sandbox/echo`,
      user_redirect_url: RETURN_URL,
      customer_id: "e2e-customer",
      session_id: "e2e-session",
      ip: "203.0.113.1",
      card_details: {
        ...card,
        email: "john@example.com",
        first_name: "John",
        last_name: "Doe",
        street: "1 Main Street",
        city: "London",
        postal_code: "N1 1AA",
        state: "LDN",
        country: "GBR",
      },
    },
  });
  expect(res.status()).toBe(200);
  return opId;
}

type StatusChange = { status: Record<string, { url?: string; error_reason?: string }> };

async function onrampHistory(request: APIRequestContext, opId: string): Promise<StatusChange[]> {
  const res = await request.get(`${SANDBOX}/onramp/s2s/operation_status?op_id=${opId}`, { headers: onrampHeaders });
  return (await res.json()) as StatusChange[];
}

async function redirectUrl(request: APIRequestContext, opId: string): Promise<string> {
  const waiting = (await onrampHistory(request, opId)).find((c) => c.status.waiting_user_to_be_redirected);
  return waiting?.status.waiting_user_to_be_redirected?.url ?? "";
}

async function lastStatus(request: APIRequestContext, opId: string) {
  const history = await onrampHistory(request, opId);
  return history.at(-1)?.status ?? {};
}

test.describe("ON/RAMP pages", () => {
  test("ACS challenge: Approve returns the payer to user_redirect_url and accepts", async ({ page, request }) => {
    const opId = await createOnrampOperation(request, { cvv: "004" });
    await page.goto(await redirectUrl(request, opId));
    await expect(page.getByRole("heading", { name: "3-D Secure verification" })).toBeVisible();
    await expect(page.getByText("424242******4242")).toBeVisible();
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page).toHaveURL(RETURN_URL);
    await expect.poll(async () => Object.keys(await lastStatus(request, opId))).toEqual(["accepted"]);
  });

  test("ACS challenge: Decline rejects with 3DS_DECLINED", async ({ page, request }) => {
    const opId = await createOnrampOperation(request, { cvv: "002" });
    await page.goto(await redirectUrl(request, opId));
    await expect(page.getByRole("heading", { name: "3-D Secure verification (3DSv1)" })).toBeVisible();
    await page.getByRole("button", { name: "Decline" }).click();
    await expect(page).toHaveURL(RETURN_URL);
    await expect.poll(async () => (await lastStatus(request, opId)).rejected?.error_reason).toBe("3DS_DECLINED");
  });

  test("two redirects: the payer approves twice", async ({ page, request }) => {
    const opId = await createOnrampOperation(request, { cvv: "005" });
    await page.goto(await redirectUrl(request, opId));
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page).toHaveURL(RETURN_URL);
    const second = (await onrampHistory(request, opId)).filter((c) => c.status.waiting_user_to_be_redirected).at(-1);
    await page.goto(second?.status.waiting_user_to_be_redirected?.url ?? "");
    await expect(page.getByText("step 2")).toBeVisible();
    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(async () => Object.keys(await lastStatus(request, opId))).toEqual(["accepted"]);
  });

  test("bank picker: choose a bank, then approve", async ({ page, request }) => {
    const opId = await createOnrampOperation(request, { bank: true });
    await page.goto(await redirectUrl(request, opId));
    await expect(page.getByRole("heading", { name: "Choose your bank" })).toBeVisible();
    await page.getByRole("radio", { name: "Mock National Bank" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Confirm payment at Mock National Bank" })).toBeVisible();
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page).toHaveURL(RETURN_URL);
    await expect.poll(async () => Object.keys(await lastStatus(request, opId))).toEqual(["accepted"]);
  });

  test("ingress invoice: Pay credits the payment and returns the payer", async ({ page, request }) => {
    const res = await request.post(`${SANDBOX}/onramp/rpc/create_ingress_invoice`, {
      headers: onrampHeaders,
      data: {
        fiat_amount: 3000,
        fiat_currency: "EUR",
        // The echo endpoint answers 200, which credits the payment.
        payment_ack_url: `${SANDBOX}/_sandbox/echo`,
        user_redirect_url: RETURN_URL,
        timeout_in_sec: 600,
        offer_skin: { title: "The Nice merchant", description: "Awesome green Pluff with handler" },
        billing_details: { merchant_customer_id: "u2340112", payer_first_name: "Mr", payer_last_name: "Payer" },
      },
    });
    const { invoice_id, invoice_url } = (await res.json()) as { invoice_id: string; invoice_url: string };
    await page.setViewportSize({ width: 375, height: 720 });
    await page.goto(invoice_url);
    await expect(page.getByRole("heading", { name: "Pay The Nice merchant" })).toBeVisible();
    await expect(page.getByText("€30.00")).toBeVisible();
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(RETURN_URL);
    const status = await request.post(`${SANDBOX}/onramp/rpc/op_status`, { headers: onrampHeaders, data: { invoices_id: [invoice_id] } });
    expect(((await status.json()) as { status: string }[])[0]?.status).toBe("accepted");
  });
});

test.describe("Paysecure page", () => {
  async function startPayment(request: APIRequestContext, cardNumber: string) {
    const headers = { authorization: "Bearer test_e2e_paysecure_key" };
    const purchase = await request.post(`${SANDBOX}/paysecure/purchases/`, {
      headers,
      data: {
        client: { email: "payer@example.com" },
        purchase: { currency: "EUR", products: [{ name: "Order", price: 1999 }] },
        brand_id: randomUUID(),
        success_redirect: `${SANDBOX}/health?result=success`,
        failure_redirect: `${SANDBOX}/health?result=failure`,
      },
    });
    const { id } = (await purchase.json()) as { id: string };
    const s2s = await request.post(`${SANDBOX}/paysecure/p/${id}/?s2s=true`, {
      headers,
      data: { cardholder_name: "J Doe", card_number: cardNumber, expires: "10/39", cvc: "123", remember_card: "on", remote_ip: "203.0.113.1", user_agent: "e2e" },
    });
    expect(s2s.status()).toBe(202);
    return ((await s2s.json()) as { callback_url: string }).callback_url;
  }

  test("3DS page: Approve goes to success_redirect", async ({ page, request }) => {
    await page.goto(await startPayment(request, "4000000000001208"));
    await expect(page.getByRole("heading", { name: "Verify your payment" })).toBeVisible();
    await expect(page.getByText("€19.99")).toBeVisible();
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page).toHaveURL(`${SANDBOX}/health?result=success`);
  });

  test("3DS page: Decline goes to failure_redirect", async ({ page, request }) => {
    await page.goto(await startPayment(request, "4000000000001208"));
    await page.getByRole("button", { name: "Decline" }).click();
    await expect(page).toHaveURL(`${SANDBOX}/health?result=failure`);
  });
});

test.describe("Fenige 3DS method and challenge", () => {
  const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: randomUUID() })).toString("base64url")}.c2ln`;
  const headers = { authorization: `Mobile ${token}`, "product-name": "TestProduct" };
  const api = `${SANDBOX}/fenige/mobile-api`;

  test("method in a hidden iframe, then the challenge form in an iframe; Approve finalizes Y", async ({ page, request }) => {
    const cardId = "800003"; // wallet 48500000003: method, then challenge
    await request.post(`${api}/calculate-commission`, {
      headers,
      data: { amount: 1000, type: "SENDER", sender: { cardId, userId: "700003", currency: "PLN" }, receiver: { userId: 1, card: "x", currency: "PLN", receiverType: "EMPTY" } },
    });
    const authenticationId = randomUUID();
    const init = await request.post(`${api}/authentication/v2/init`, {
      headers,
      data: {
        authenticationId,
        amount: 1000,
        currency: "PLN",
        cardId,
        browserDetails: { language: "en", javaEnabled: "false", jsEnabled: "true", screenColorDepth: "24", screenHeight: "800", screenWidth: "375", timezoneOffset: "0", userAgent: "e2e", acceptHeader: "*/*" },
        requestChallengeIndicator: "NO_PREFERENCE",
        threeDsMethodNotificationUrl: `${SANDBOX}/_sandbox/echo`,
        challengeNotificationUrl: `${SANDBOX}/_sandbox/echo`,
        authenticationType: "PAYMENT",
      },
    });
    const method = (await init.json()) as { threeDsMode: string; threeDsMethodData: string; threeDsMethodUrl: string };
    expect(method.threeDsMode).toBe("THREE_DS_METHOD");

    // What the checkout does: post threeDSMethodData into a hidden iframe.
    await page.setContent(`<!doctype html><title>checkout</title>
<iframe name="method-frame" title="3DS method" style="display:none"></iframe>
<form id="m" method="post" action="${method.threeDsMethodUrl}" target="method-frame"><input type="hidden" name="threeDSMethodData" value="${method.threeDsMethodData}"></form>
<script>document.getElementById("m").submit()</script>`);
    await expect(page.frameLocator('iframe[title="3DS method"]').getByRole("heading", { name: "Notification received" })).toBeAttached();

    const cont = await request.post(`${api}/authentication/v2/continue`, { headers, data: { authenticationId, methodCompletionIndicator: "Y" } });
    const challenge = (await cont.json()) as { threeDsMode: string; challengeHtmlFormBase64: string };
    expect(challenge.threeDsMode).toBe("CHALLENGE");

    // The challenge form, rendered in an iframe of the chosen window size.
    const formHtml = Buffer.from(challenge.challengeHtmlFormBase64, "base64").toString("utf8");
    await page.setContent(`<!doctype html><title>checkout</title><iframe title="3-D Secure challenge" width="390" height="400"></iframe>`);
    await page.locator("iframe").evaluate((frame, srcdoc) => {
      (frame as HTMLIFrameElement).srcdoc = srcdoc;
    }, formHtml);
    const acs = page.frameLocator('iframe[title="3-D Secure challenge"]');
    await expect(acs.getByRole("heading", { name: "Confirm your payment" })).toBeVisible();
    await acs.getByRole("button", { name: "Approve" }).click();
    await expect(acs.getByRole("heading", { name: "Notification received" })).toBeVisible();
    await expect(acs.getByText("cres")).toBeVisible();

    const fin = await request.post(`${api}/authentication/v2/finalize`, { headers, data: { authenticationId } });
    expect(((await fin.json()) as { authenticationStatus: string }).authenticationStatus).toBe("Y");
  });
});
