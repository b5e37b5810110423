import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { e2eEnv } from "../playwright.config";
import { createSession, expectSuccessAndMerchantRedirect, getSession, listOperations } from "./helpers/checkout";

// Fenige wallet payments in Chromium against the provider sandbox: every 3-D Secure path
// the sandbox's wallets take, with the method and challenge iframes inside our own page,
// at a phone's width (the challenge also at 320 and 1280 px), and the provider's own
// figures on the fee and exchange-rate screen.

const EXPIRY = `11 / ${String((new Date().getFullYear() + 2) % 100).padStart(2, "0")}`;
const SANDBOX_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiNjUzNGJhIiwiZXhwIjoxNjUxNzU2Njk4fQ.tBs5Os24ux-zmYNGYx5MCRAIYOg4Wtnu51NGs39doZ0";

test.use({ viewport: { width: 390, height: 844 } });

async function fenigeSession(request: APIRequestContext, body: Record<string, unknown> = {}) {
  return createSession(request, { provider: "fenige", currency: "PLN", amount: 18_750, ...body });
}

async function findWallet(page: Page, phone: string) {
  await expect(page.getByRole("button", { name: "Find my wallet" })).toBeEnabled();
  await page.getByLabel("Wallet phone number").fill(phone);
  await page.getByRole("button", { name: "Find my wallet" }).click();
}

async function payFromWallet(page: Page, phone: string) {
  await findWallet(page, phone);
  await expect(page.getByTestId("quote")).toBeVisible();
  await page.getByLabel("Expiry date").fill(EXPIRY);
  await page.getByLabel("Security code").fill("123");
  await page.getByRole("button", { name: /^Pay / }).click();
}

function challengeFrame(page: Page) {
  return page.frameLocator('iframe[title="Your bank\'s verification page"]');
}

async function answerChallenge(page: Page, choice: "Approve" | "Decline") {
  await expect(page.getByRole("dialog", { name: "Confirm the payment with your bank" })).toBeVisible();
  await challengeFrame(page).getByRole("button", { name: choice }).click();
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/fenige-${name}.png`, fullPage: true });
}

/** Content-Security-Policy refusals the page reports (a frame or form our policy blocks). */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (frame|load|send form|execute)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

async function adminDetail(browser: Browser, request: APIRequestContext, sessionId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/admin/operations");
  await page.getByLabel("Email").fill(e2eEnv.adminEmail);
  await page.getByLabel("Password").fill(e2eEnv.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Operations" })).toBeVisible();
  const [op] = await listOperations(request, sessionId);
  await page.goto(`/admin/operations/${op?.id ?? ""}`);
  return page;
}

test.describe("hosted checkout on Fenige wallets", () => {
  test("the demo shop offers Fenige with its sandbox account", async ({ page }) => {
    await page.goto("/demo");
    await page.getByLabel("Amount").fill("43.10");
    await page.getByLabel("Currency").selectOption("PLN");
    await page.getByLabel("Provider").selectOption("fenige");
    await page.getByRole("button", { name: "Checkout" }).click();
    await expect(page).toHaveURL(/\/pay\/cs_[0-9a-f]{32}$/);
    await expect(page.getByLabel("Wallet phone number")).toBeVisible();
    await page.getByText("Test mode: sample payment details").click();
    await expect(page.getByRole("cell", { name: "+48500000004" })).toBeVisible();
    await findWallet(page, "+48 500 000 001");
    await expect(page.getByTestId("quote-total")).toBeVisible();
  });

  test("the wallet steps at 375 px and 1280 px (screenshots for review)", async ({ page, request }) => {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const session = await fenigeSession(request);
      await page.goto(session.url);
      await shot(page, `${width}-phone`);
      await findWallet(page, "+48 500 000 004");
      await expect(page.getByTestId("quote")).toBeVisible();
      await page.getByRole("button", { name: /^Pay / }).click();
      await expect(page.getByText("Enter the expiry date.")).toBeVisible();
      await shot(page, `${width}-quote-errors`);
    }
  });

  test("frictionless (+48 500 000 001): paid, back at the shop", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    const phone = page.getByLabel("Wallet phone number");
    await expect(phone).toHaveAttribute("inputmode", "tel");
    await expect(phone).toHaveAttribute("autocomplete", "tel");
    await expect(phone).toHaveAttribute("type", "tel");
    await shot(page, "390-phone");
    await findWallet(page, "+48 500 000 001");
    await expect(page.getByTestId("quote-total")).toHaveText("PLN 189.38");
    await shot(page, "390-quote-pln");
    await page.getByLabel("Expiry date").fill(EXPIRY);
    await page.getByLabel("Security code").fill("123");
    await page.getByRole("button", { name: "Pay PLN 189.38" }).click();
    await expectSuccessAndMerchantRedirect(page, request, session.id);
  });

  test("the 3DS notification route takes the issuer's form post, may be framed by our pages only, and knows no foreign token", async ({ request }) => {
    const session = await fenigeSession(request);
    const res = await request.post(`/pay/${session.id}/3ds/method?op=op_00000000000000000000000000000000&t=not-the-token-of-anything`, {
      form: { threeDSMethodData: "eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IngifQ" },
      headers: { origin: e2eEnv.sandboxUrl },
    });
    expect(res.status()).toBe(404);
    expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(res.headers()["content-type"]).toContain("text/html");
    const page = await request.get(session.url);
    expect(page.headers()["content-security-policy"]).toMatch(/frame-src 'self' http:\/\/localhost:\d+;/);
    expect(page.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  test("an inactive wallet is not found, inline, and nothing is charged", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await findWallet(page, "+48 500 000 007");
    await expect(page.getByText(/No active wallet was found for this phone number/)).toBeVisible();
    await expect(page.getByLabel("Wallet phone number")).toHaveAttribute("aria-invalid", "true");
    await shot(page, "390-inactive");
    expect(await listOperations(request, session.id)).toHaveLength(0);
    expect((await getSession(request, session.id)).status).toBe("open");
  });

  test("a blocked wallet is declined with a human reason, and the payer may try again", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 008");
    await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
    await expect(page.getByTestId("result-message")).toHaveText("The card in your wallet is blocked. Contact the bank that issued it, or pay another way.");
    await shot(page, "390-blocked");
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByLabel("Wallet phone number")).toHaveValue("+48 500 000 008");
    expect((await getSession(request, session.id)).latest_operation).toMatchObject({ status: "declined", decline: { code: "ERROR_SENDER_CARD_IS_BLOCKED" } });
  });

  test("method then frictionless (+48 500 000 002): the hidden device check, then paid", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 002");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
  });

  test("method then challenge (+48 500 000 003): approved in our page's challenge window", async ({ page, request }) => {
    const violations = cspViolations(page);
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 003");
    await expect(page.getByRole("dialog", { name: "Confirm the payment with your bank" })).toBeVisible();
    await expect(challengeFrame(page).getByRole("heading", { name: "Confirm your payment" })).toBeVisible();
    await shot(page, "390-challenge");
    await answerChallenge(page, "Approve");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
    expect(violations).toEqual([]);
  });

  for (const width of [320, 1280]) {
    test(`challenge (+48 500 000 004) at ${width} px: approved`, async ({ page, request }) => {
      await page.setViewportSize({ width, height: width === 320 ? 640 : 900 });
      const session = await fenigeSession(request);
      await page.goto(session.url);
      await payFromWallet(page, "+48 500 000 004");
      const frame = page.locator('iframe[title="Your bank\'s verification page"]');
      await expect(challengeFrame(page).getByRole("button", { name: "Approve" })).toBeVisible();
      const box = await frame.boundingBox();
      if (width === 320) expect(box?.width).toBe(320);
      // At 1280 px the page asked for a 500x600 window (EMV size 03).
      else expect(box).toMatchObject({ width: 500, height: 600 });
      await shot(page, `${width}-challenge`);
      await answerChallenge(page, "Approve");
      await expectSuccessAndMerchantRedirect(page, request, session.id);
    });
  }

  test("challenge approved at 390 px (+48 500 000 004)", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 004");
    await expect(challengeFrame(page).getByRole("button", { name: "Approve" })).toBeVisible();
    expect((await page.locator('iframe[title="Your bank\'s verification page"]').boundingBox())?.width).toBe(390);
    await answerChallenge(page, "Approve");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
  });

  test("challenge declined (+48 500 000 004): declined, the reason said, try again offered", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 004");
    await answerChallenge(page, "Decline");
    await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
    await expect(page.getByTestId("result-message")).toHaveText("Your bank did not confirm the payment (3-D Secure). Try again, or pay with another card.");
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    await shot(page, "390-declined");
    expect((await getSession(request, session.id)).status).toBe("open");
  });

  test("an issuer page that is down (+48 500 000 016): the payer closes the challenge, is told nothing was charged, and may try again", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 016");
    const dialog = page.getByRole("dialog", { name: "Confirm the payment with your bank" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel verification" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("result-message")).toHaveText("You closed the verification with your bank. You have not been charged; you can try again.");
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    await shot(page, "390-challenge-closed");
    expect((await getSession(request, session.id)).status).toBe("open");
  });

  test("Escape closes the challenge window as its Cancel button does", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 004");
    await expect(page.getByRole("dialog", { name: "Confirm the payment with your bank" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("result-message")).toHaveText(/You closed the verification with your bank/);
  });

  test("a device check that answers after 10 s (+48 500 000 010): the server says N, the challenge follows", async ({ page, request, browser }) => {
    test.setTimeout(90_000);
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 010");
    await expect(page.getByTestId("progress-step")).toHaveText("Checking your device with your bank…");
    await shot(page, "390-method");
    await answerChallenge(page, "Approve");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
    // The admin sees which 3DS path ran and how long the method step took.
    const admin = await adminDetail(browser, request, session.id);
    await expect(admin.getByText("method (N) → challenge → Y")).toBeVisible();
    await expect(admin.getByText(/^\d{2},\d{3} ms, indicator N$/)).toBeVisible();
    await admin.screenshot({ path: "test-results/fenige-admin-detail-1280.png", fullPage: true });
    await admin.context().close();
  });

  test("no device check URL (+48 500 000 012): continue U, paid", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 012");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
  });

  test("send-money FAILURE (+48 500 000 006): declined after the transfer failed", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 006");
    await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
    await expect(page.getByTestId("result-message")).toHaveText("Your bank declined the payment. Try again, or pay with another card.");
    expect((await getSession(request, session.id)).latest_operation).toMatchObject({ status: "declined", decline: { code: "SEND_MONEY_FAILURE" } });
  });

  test("fee and exchange rate for a PLN order from the EUR wallet are the provider's own figures", async ({ page, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await findWallet(page, "+48 500 000 004");
    await expect(page.getByTestId("quote")).toBeVisible();
    // The provider's answers, asked directly of the sandbox with the demo merchant's account.
    const headers = { authorization: `Mobile ${SANDBOX_TOKEN}`, "product-name": "TestProduct", "content-type": "application/json" };
    const rate = (await (await request.get(`${e2eEnv.sandboxUrl}/fenige/mobile-api/currency-rate/EUR/PLN`, { headers })).json()) as { higherRate: string };
    const commission = (await (
      await request.post(`${e2eEnv.sandboxUrl}/fenige/mobile-api/calculate-commission`, {
        headers,
        data: { amount: 18_750, type: "RECEIVER", sender: { cardId: "800004", userId: "700004", currency: "EUR" }, receiver: { userId: 111944, card: "326097", receiverType: "WALLET_CARD_ID", currency: "PLN" } },
      })
    ).json()) as { commission: number; revaluationResult: { revaluationFundingTotalAmount: number; fundingCurrency: string } };
    const locale = await page.evaluate(() => navigator.language);
    const money = (minor: number, currency: string) => new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100);
    expect(commission.revaluationResult.fundingCurrency).toBe("EUR");
    await expect(page.getByTestId("quote-total")).toHaveText(money(commission.revaluationResult.revaluationFundingTotalAmount, "EUR"));
    await expect(page.getByTestId("quote-fee")).toHaveText(money(commission.commission, "EUR"));
    await expect(page.getByTestId("quote-rate")).toHaveText(`1 EUR = ${new Intl.NumberFormat(locale, { maximumFractionDigits: 7 }).format(Number(rate.higherRate))} PLN`);
    await expect(page.getByTestId("quote-merchant-amount")).toHaveText(money(18_750, "PLN"));
    await expect(page.getByRole("button", { name: `Pay ${money(commission.revaluationResult.revaluationFundingTotalAmount, "EUR")}` })).toBeVisible();
    await shot(page, "390-quote-fx");
  });

  test("a reload and a second tab during the challenge neither pay twice nor strand the payer", async ({ page, context, request }) => {
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 004");
    await expect(challengeFrame(page).getByRole("button", { name: "Approve" })).toBeVisible();
    await page.reload();
    await expect(challengeFrame(page).getByRole("button", { name: "Approve" })).toBeVisible();
    const second = await context.newPage();
    await second.setViewportSize({ width: 390, height: 844 });
    await second.goto(session.url);
    await expect(challengeFrame(second).getByRole("button", { name: "Approve" })).toBeVisible();
    await answerChallenge(second, "Approve");
    await expect(second.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    // The first tab learns it too; its stale challenge cannot be answered twice.
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    const ops = await listOperations(request, session.id);
    expect(ops).toHaveLength(1);
    expect(ops[0]?.status).toBe("succeeded");
  });

  test("a reload during the device check that never answers: the server's timer still moves on", async ({ page, request }) => {
    test.setTimeout(90_000);
    const session = await fenigeSession(request);
    await page.goto(session.url);
    await payFromWallet(page, "+48 500 000 011");
    await expect(page.getByTestId("progress-step")).toHaveText("Checking your device with your bank…");
    await page.reload();
    await expect(page.getByTestId("progress-step")).toHaveText(/Checking your device|Confirm the payment/);
    await answerChallenge(page, "Approve");
    await expectSuccessAndMerchantRedirect(page, request, session.id);
    expect(await listOperations(request, session.id)).toHaveLength(1);
  });
});
