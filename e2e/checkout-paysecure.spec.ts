import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createSession, expectSuccessAndMerchantRedirect, fillCard, getSession, listOperations, payButton } from "./helpers/checkout";

// The payer's side of Paysecure against the provider sandbox, on a phone-sized screen:
// every sandbox card (frictionless, 3-D Secure approve and decline, the issuer declining
// after approval) and each of the nine documented errors, each checked by the words the
// payer reads and the button they are offered. Screenshots go to test-results/.

test.use({ viewport: { width: 390, height: 844 } });
test.beforeAll(() => mkdirSync("test-results", { recursive: true }));

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/paysecure-390-${name}.png`, fullPage: true });

async function payWithCard(page: Page, number: string) {
  await fillCard(page, "123", { number });
  await payButton(page).click();
}

/** The sandbox's page behind callback_url, on its own origin, as a bank's would be. */
async function atVerificationPage(page: Page) {
  await page.waitForURL(/\/paysecure\/payment\/[0-9a-f-]+\/$/);
  await expect(page.getByRole("heading", { name: "Verify your payment" })).toBeVisible();
}

test.describe("hosted checkout on Paysecure", () => {
  test("frictionless: paid without a verification page, back at the merchant", async ({ page, request }) => {
    const session = await createSession(request, { provider: "paysecure" });
    await page.goto(session.url);
    // Test mode shows Paysecure's own test cards, supplied by its connector.
    await page.getByText("Test mode: sample payment details").click();
    await expect(page.getByRole("cell", { name: "4000 0000 0000 1000" })).toBeVisible();
    await shot(page, "form");
    await payWithCard(page, "4000 0000 0000 1000");
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await shot(page, "success");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
    const s = await getSession(request, session.id);
    expect(s.latest_operation?.card).toMatchObject({ brand: "visa", last4: "1000" });
  });

  test("3-D Secure: Approve pays", async ({ page, request }) => {
    const session = await createSession(request, { provider: "paysecure" });
    await page.goto(session.url);
    await payWithCard(page, "4000 0000 0000 1208");
    await atVerificationPage(page);
    await shot(page, "verification");
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/\/pay\/cs_[0-9a-f]+\/return\?op=op_/);
    await expectSuccessAndMerchantRedirect(page, request, session.id);
  });

  test("3-D Secure: Decline ends in a decline the payer can read, and a retry", async ({ page, request }) => {
    const session = await createSession(request, { provider: "paysecure" });
    await page.goto(session.url);
    await payWithCard(page, "4000 0000 0000 1208");
    await atVerificationPage(page);
    await page.getByRole("button", { name: "Decline" }).click();
    await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
    await expect(page.getByTestId("result-message")).toHaveText("The payment was not confirmed with your bank (3-D Secure), so nothing was taken. Try again, or use another card.");
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    await shot(page, "3ds-declined");
    const s = await getSession(request, session.id);
    expect(s.status).toBe("open");
    expect(s.latest_operation).toMatchObject({ status: "declined", decline: { code: "3DS_FAILED" } });
  });

  test("the issuer declines after an approved challenge: another card is suggested", async ({ page, request }) => {
    const session = await createSession(request, { provider: "paysecure" });
    await page.goto(session.url);
    await payWithCard(page, "4000 0000 0000 1307");
    await atVerificationPage(page);
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
    await expect(page.getByTestId("result-message")).toHaveText("Your bank declined the payment. Try another card or contact your bank.");
    await expect(page.getByRole("button", { name: "Try another card" })).toBeVisible();
    await shot(page, "issuer-declined");
  });

  // Each documented error: what the payer reads, and what they may do next.
  const ERRORS = [
    {
      card: "4000 0000 0000 0101",
      name: "ip-mismatch",
      message:
        "The shop's connection to its payment provider is not set up correctly, so this payment could not be taken. You have not been charged. Please try again later or contact the shop.",
      button: "Try again",
    },
    {
      card: "4000 0000 0000 0200",
      name: "invalid-card",
      message: "The card details were not accepted. Check the card number, expiry date and security code and try again, or use another card.",
      button: "Try again",
    },
    { card: "4000 0000 0000 0309", name: "card-blocked", message: "This card is blocked and cannot be used. Please use another card, or contact your bank.", button: "Try another card" },
    {
      card: "4000 0000 0000 0408",
      name: "key-type",
      message: "The shop's payment account is set up inconsistently, so this payment could not be taken. You have not been charged. Please contact the shop or try again later.",
      button: "Try again",
    },
    {
      card: "4000 0000 0000 0507",
      name: "charges-incomplete",
      message:
        "The shop has not finished setting up card payments with its payment provider. This is not a problem with your card, and you have not been charged. Please contact the shop.",
      button: "Try again",
    },
    {
      card: "4000 0000 0000 0606",
      name: "attempts-consumed",
      message: "This order has reached the maximum number of payment attempts, so it cannot be paid here any more. You have not been charged. Return to the shop to place the order again.",
      button: null,
    },
    {
      card: "4000 0000 0000 0705",
      name: "invalid-expiry",
      message: "The card's expiry date was not accepted: the card must still be valid. Check the date on the card and try again, or use another card.",
      button: "Try again",
    },
    {
      card: "4000 0000 0000 0804",
      name: "customer-blocked",
      message: "The payment provider cannot accept payments for this order's customer account. You have not been charged. Please contact the shop.",
      button: null,
    },
    { card: "4000 0000 0000 0903", name: "not-allowed", message: "This card cannot be used for this payment. Please use another card, or contact your bank.", button: "Try another card" },
  ];

  for (const e of ERRORS) {
    test(`documented error (${e.name}): the payer reads why and what to do`, async ({ page, request }) => {
      const session = await createSession(request, { provider: "paysecure" });
      await page.goto(session.url);
      await payWithCard(page, e.card);
      await expect(page.getByRole("heading", { name: "Payment failed" })).toBeVisible();
      await expect(page.getByTestId("result-message")).toHaveText(e.message);
      if (e.button) await expect(page.getByRole("button", { name: e.button })).toBeVisible();
      else await expect(page.getByRole("button", { name: /Try/ })).toHaveCount(0);
      await expect(page.getByRole("link", { name: "Return to Demo Shop" })).toBeVisible();
      await shot(page, e.name);
      if (!e.button) {
        // The order's retries are over: a reload shows the same answer, never a card form.
        await page.reload();
        await expect(page.getByTestId("result-message")).toHaveText(e.message);
        await expect(page.getByLabel("Card number")).toHaveCount(0);
      }
    });
  }

  test("after a blocked card, another card pays the same order", async ({ page, request }) => {
    const session = await createSession(request, { provider: "paysecure" });
    await page.goto(session.url);
    await payWithCard(page, "4000 0000 0000 0309");
    await page.getByRole("button", { name: "Try another card" }).click();
    await expect(page.getByLabel("Card number")).toHaveValue("");
    await payWithCard(page, "4000 0000 0000 1000");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
    expect(await listOperations(request, session.id)).toHaveLength(2);
  });

  test("a payer who closed the tab after approving at the bank, before coming back, later sees the payment made", async ({ browser, request }) => {
    const session = await createSession(request, { provider: "paysecure" });
    const first = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await first.newPage();
    await page.goto(session.url);
    await payWithCard(page, "4000 0000 0000 1208");
    await atVerificationPage(page);
    // The way back to the checkout never arrives: the tab is closed right after Approve.
    await page.route("**/pay/*/return**", (route) => route.abort());
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("/paysecure/payment/") && r.request().method() === "POST"),
      page.getByRole("button", { name: "Approve" }).click(),
    ]);
    await first.close();

    const later = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const again = await later.newPage();
    await again.goto(session.url);
    await expect(again.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await again.screenshot({ path: "test-results/paysecure-390-came-back-paid.png", fullPage: true });
    expect((await getSession(request, session.id)).status).toBe("paid");
    await later.close();
  });

  test("a payer who closed the tab on the bank's page without deciding is taken back there, and can finish", async ({ browser, request }) => {
    const session = await createSession(request, { provider: "paysecure" });
    const first = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await first.newPage();
    await page.goto(session.url);
    await payWithCard(page, "4000 0000 0000 1208");
    await atVerificationPage(page);
    await first.close();

    const later = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const again = await later.newPage();
    await again.goto(session.url);
    await atVerificationPage(again);
    await again.getByRole("button", { name: "Approve" }).click();
    await expectSuccessAndMerchantRedirect(again, request, session.id);
    expect(await listOperations(request, session.id)).toHaveLength(1);
    await later.close();
  });
});

test("the demo shop offers Paysecure and pays through its sandbox account", async ({ page }) => {
  await page.goto("/demo");
  await page.getByLabel("Provider").selectOption({ label: "Paysecure" });
  await page.getByRole("button", { name: "Checkout" }).click();
  await page.waitForURL(/\/pay\/cs_/);
  await payWithCard(page, "4000 0000 0000 1000");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
});

test("screenshots at 375 px and 1280 px: the form with Paysecure's test cards, and a documented error", async ({ page, request }) => {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const session = await createSession(request, { provider: "paysecure" });
    await page.goto(session.url);
    await page.getByText("Test mode: sample payment details").click();
    await page.screenshot({ path: `test-results/paysecure-${width}-form.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await payWithCard(page, "4000 0000 0000 0507");
    await expect(page.getByRole("heading", { name: "Payment failed" })).toBeVisible();
    await page.screenshot({ path: `test-results/paysecure-${width}-charges-incomplete.png`, fullPage: true });
  }
});
