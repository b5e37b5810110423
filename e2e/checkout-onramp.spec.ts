import { expect, test } from "@playwright/test";
import { actOnAcs, auth, createSession, expectSuccessAndMerchantRedirect, fillCard, getSession, listOperations, payButton } from "./helpers/checkout";

// The payer's side of ON/RAMP S2S against the provider sandbox, one case per test CVC and
// per sandbox case, each checked on the page, at the merchant's return URL and in the API.

test.describe("hosted checkout on ON/RAMP", () => {
  test("CVC 001 is accepted: success page, merchant redirect, paid in the API", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await expect(page.getByText("Demo Shop", { exact: true })).toBeVisible();
    await expect(page.getByTestId("amount")).toHaveText("€24.90");
    await fillCard(page, "001");
    await expect(page.getByText("Visa", { exact: true })).toBeVisible();
    await expect(page.getByLabel("Card number")).toHaveValue("4111 1111 1111 1111");
    await payButton(page).click();
    await expectSuccessAndMerchantRedirect(page, request, session.id);
    const s = await getSession(request, session.id);
    expect(s.latest_operation?.card).toMatchObject({ brand: "visa", last4: "1111" });
  });

  test("CVC 002 goes through the 3DSv1 page; Approve pays", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "002");
    await payButton(page).click();
    await actOnAcs(page, "Approve");
    await page.waitForURL(/\/pay\/cs_[0-9a-f]+\/return\?op=op_/);
    await expectSuccessAndMerchantRedirect(page, request, session.id);
  });

  test("CVC 003 is declined with a human reason; another card then pays", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "003");
    await payButton(page).click();
    await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
    await expect(page.getByTestId("result-message")).toHaveText("Your bank declined the payment. Try another card or contact your bank.");
    const declined = await getSession(request, session.id);
    expect(declined.status).toBe("open");
    expect(declined.latest_operation).toMatchObject({ status: "declined", decline: { reason: "DO_NOT_HONOR" } });

    await page.getByRole("button", { name: "Try another card" }).click();
    await expect(page.getByLabel("Card number")).toHaveValue("");
    await fillCard(page, "001", { number: "5555 5555 5555 4444" });
    await payButton(page).click();
    await expectSuccessAndMerchantRedirect(page, request, session.id);
    expect(await listOperations(request, session.id)).toHaveLength(2);
  });

  test("CVC 004 goes through the 3DSv2 page; Approve pays", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "004");
    await payButton(page).click();
    await actOnAcs(page, "Approve");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
  });

  test("a second redirect after the first 3DS step is followed too (sandbox CVC 005)", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "005");
    await payButton(page).click();
    await actOnAcs(page, "Approve");
    // Back on our return page, which follows redirect number 2 to the bank again.
    await page.waitForURL(/\/onramp\/acs\/.*n=2/, { timeout: 20_000 });
    await expect(page.getByText("(step 2)")).toBeVisible();
    await page.getByRole("button", { name: "Approve" }).click();
    await expectSuccessAndMerchantRedirect(page, request, session.id);
  });

  test("Decline at the ACS ends in a decline page with the 3-D Secure reason", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "004");
    await payButton(page).click();
    await actOnAcs(page, "Decline");
    await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("result-message")).toContainText("3-D Secure");
    // Not confirming with the bank is worth another try with the same card.
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    const s = await getSession(request, session.id);
    expect(s.status).toBe("open");
    expect(s.latest_operation?.status).toBe("declined");
  });

  test("Pay by bank sends the payer to the bank picker and back", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await page.getByRole("radio", { name: "Pay by bank" }).check();
    await expect(page.getByLabel("Card number")).toHaveCount(0);
    await payButton(page).click();
    await page.waitForURL(/\/onramp\/bank\//);
    await expect(page.getByRole("heading", { name: "Choose your bank" })).toBeVisible();
    await page.getByRole("radio", { name: "Mock National Bank" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Approve" }).click();
    await expectSuccessAndMerchantRedirect(page, request, session.id);
    const s = await getSession(request, session.id);
    expect(s.latest_operation?.card).toBeNull();
  });

  test("a double-click on Pay makes one operation, and the same attempt replayed returns it", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "001");
    const payRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith(`/api/checkout/${session.id}/pay`)) payRequests.push(r.postData() ?? "");
    });
    await payButton(page).dblclick();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    const ops = await listOperations(request, session.id);
    expect(ops).toHaveLength(1);
    // A retried request with the same attempt (a lost answer, a reload) returns the same operation.
    const replay = await request.post(`/api/checkout/${session.id}/pay`, { data: JSON.parse(payRequests[0] ?? "{}") as unknown });
    expect(replay.status()).toBe(200);
    expect(((await replay.json()) as { operationId: string }).operationId).toBe(ops[0]?.id);
    expect(await listOperations(request, session.id)).toHaveLength(1);
  });

  test("a paid or cancelled session cannot be paid again", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "001");
    await payButton(page).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await page.goto(session.url);
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await expect(page.getByLabel("Card number")).toHaveCount(0);

    const cancelled = await createSession(request);
    const res = await request.post(`/api/v1/checkout/sessions/${cancelled.id}/cancel`, { headers: { ...auth, "idempotency-key": `c-${cancelled.id}` } });
    expect(res.status()).toBe(200);
    await page.goto(cancelled.url);
    await expect(page.getByRole("heading", { name: "Payment cancelled" })).toBeVisible();
    await expect(page.getByLabel("Card number")).toHaveCount(0);
    const attempt = await request.post(`/api/checkout/${cancelled.id}/pay`, {
      data: { attemptKey: "e2e_attempt_cancelled_0001", method: { type: "bank" }, browser: { screenWidth: 1, screenHeight: 1, colorDepth: 24, timezoneOffset: 0, language: "en", javaEnabled: false, javascriptEnabled: true, challengeWindow: 5 } },
    });
    expect(attempt.status()).toBe(409);
  });
});

test("ON/RAMP hosted invoice: Continue to payment, pay on the invoice page, back to a paid order", async ({ page, request }) => {
  const session = await createSession(request, { provider: "onramp_invoice" });
  await page.goto(session.url);
  await expect(page.getByLabel("Card number")).toHaveCount(0);
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(/\/onramp\/invoice\?reference=/);
  await page.getByRole("button", { name: "Pay" }).click();
  await expectSuccessAndMerchantRedirect(page, request, session.id);
});

test("reloading during 3-D Secure shows the attempt in progress, never a second payment", async ({ page, request }) => {
  const session = await createSession(request);
  await page.goto(session.url);
  await fillCard(page, "004");
  await payButton(page).click();
  await page.waitForURL(/\/onramp\/acs\//);
  // The payer comes back to the hosted page without finishing at the bank.
  await page.goto(session.url);
  await expect(page.getByTestId("progress-step")).toHaveText("Waiting for 3-D Secure…");
  await expect(page.getByLabel("Card number")).toHaveCount(0);
  await page.reload();
  await page.getByRole("link", { name: "Open the verification page again" }).click();
  await actOnAcs(page, "Approve");
  await expectSuccessAndMerchantRedirect(page, request, session.id);
  expect(await listOperations(request, session.id)).toHaveLength(1);
});
