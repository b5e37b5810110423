import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { expectNoAxeViolations } from "./helpers/axe";
import { actOnAcs, auth, createSession, fillCard, payButton } from "./helpers/checkout";

// The payer's experience beyond paying: every state of the hosted page passes axe, the page
// speaks the payer's language (browser, session locale, switcher), receipts, the return
// countdown can be stopped, and screenshots of every state at 320, 375 and 1280 px are
// saved under test-results/payer/ for people to look at.

const SHOTS = "test-results/payer";
const WIDTHS = [320, 375, 1280] as const;

async function shots(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 760 });
    // Nothing wider than the screen, at any width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * A session past its expiry. The merchant API only takes expiries 5 minutes ahead, so the
 * test moves this one session's expiry into the past in the run's scratch database (the
 * id is unique: the update touches this session and nothing else).
 */
async function expireSession(id: string): Promise<boolean> {
  const url = process.env.DATABASE_URL;
  if (!url) return false;
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const dbs = await admin<Array<{ datname: string }>>`select datname from pg_database where datname like 'checkout_e2e%'`;
    let updated = 0;
    for (const { datname } of dbs) {
      const u = new URL(url);
      u.pathname = `/${datname}`;
      const db = postgres(u.toString(), { max: 1, onnotice: () => undefined });
      try {
        const rows = await db`update checkout_sessions set expires_at = now() - interval '1 second' where id = ${id} returning id`.catch(() => []);
        updated += rows.length;
      } finally {
        await db.end();
      }
    }
    return updated === 1;
  } finally {
    await admin.end();
  }
}

test.describe("every payer state passes axe", () => {
  test("form, form with errors, decline, and the form again after Try another card", async ({ page, request }) => {
    const session = await createSession(request, { description: "Order #1042 · a rather long description of two items that must wrap, not be cut" });
    await page.goto(session.url);
    await expectNoAxeViolations(page);
    // The accepted brands are shown before anything is typed.
    await expect(page.getByTestId("accepted-brands")).toContainText("Visa");
    await expect(page.getByTestId("accepted-brands")).toContainText("Mastercard");
    await shots(page, "form");

    await payButton(page).click();
    await expect(page.getByTestId("form-alert").getByRole("link")).toHaveCount(4);
    await expectNoAxeViolations(page);
    await shots(page, "form-errors");

    await page.reload();
    await fillCard(page, "003");
    await payButton(page).click();
    await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
    await expectNoAxeViolations(page);
    await shots(page, "declined");

    // The reason stays on screen and has the focus when the form comes back.
    await page.getByRole("button", { name: "Try another card" }).click();
    const alert = page.getByTestId("form-alert");
    await expect(alert).toBeFocused();
    await expect(alert).toContainText("Your last attempt did not go through.");
    await expect(alert).toContainText("Your bank declined the payment. Try another card or contact your bank.");
    await expectNoAxeViolations(page);
    await shots(page, "retry");

    // The server renders the same reason above the form when the page is opened again.
    await page.reload();
    await expect(page.getByTestId("last-attempt")).toHaveText("Your bank declined the payment. Try another card or contact your bank.");
  });

  test("an error shown on leaving a field is announced and names the security code as its label does", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    const cvc = page.getByLabel("Security code");
    await cvc.fill("12");
    await cvc.blur();
    const error = page.getByTestId("card-cvc-error");
    await expect(error).toHaveText("The security code is 3 digits.");
    await expect(error).toHaveAttribute("aria-live", "polite");
    await expect(cvc).toHaveAccessibleDescription(/The security code is 3 digits/);
  });

  test("progress", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "009");
    await payButton(page).click();
    await expect(page.getByTestId("progress-step")).toHaveText("Your bank is processing the payment…");
    await expectNoAxeViolations(page);
    await shots(page, "progress");
  });

  test("3-D Secure return, then success with a receipt and a countdown that can be stopped", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "002");
    await payButton(page).click();
    await actOnAcs(page, "Approve");
    await page.waitForURL(/\/pay\/cs_[0-9a-f]+\/return\?op=op_/);
    await expectNoAxeViolations(page);

    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    // Announced once, politely, when it starts.
    await expect(page.getByTestId("countdown-status")).toHaveText("Returning you to Demo Shop in 10 seconds.");
    await expect(page.getByTestId("countdown-status")).toHaveAttribute("role", "status");
    await page.getByRole("button", { name: "Stay on this page" }).click();
    await expect(page.getByTestId("countdown-status")).toHaveText("You will stay on this page. Return to Demo Shop when you are ready.");
    await expect(page.getByRole("link", { name: "Return to Demo Shop now" })).toBeFocused();

    const receipt = page.getByTestId("receipt");
    await expect(receipt.getByTestId("receipt-merchant")).toHaveText("Demo Shop");
    await expect(receipt.getByTestId("receipt-amount")).toHaveText("€24.90");
    await expect(receipt.getByTestId("receipt-card")).toHaveText("Visa •••• 1111");
    await expect(receipt.getByTestId("receipt-reference")).toHaveText(/^op_[0-9a-f]{32}$/);
    await expect(receipt.getByTestId("receipt-date")).toHaveText(new RegExp(`${new Date().getUTCFullYear()}`));
    await expectNoAxeViolations(page);
    await shots(page, "success");

    // Longer than the countdown: the payer asked to stay, so the page stays.
    await page.waitForTimeout(11_000);
    expect(new URL(page.url()).pathname).toMatch(/^\/pay\//);

    // Coming back later: the server renders the paid result with the same receipt, and
    // the heading is not focused (no focus box for a page that was simply opened).
    await page.goto(session.url);
    await expect(page.getByTestId("receipt-card")).toHaveText("Visa •••• 1111");
    await expect(page.getByRole("heading", { name: "Payment successful" })).not.toBeFocused();
    await page.getByRole("button", { name: "Stay on this page" }).click();
    await expectNoAxeViolations(page);
  });

  test("cancelled and expired", async ({ page, request }) => {
    const cancelled = await createSession(request);
    const res = await request.post(`/api/v1/checkout/sessions/${cancelled.id}/cancel`, { headers: { ...auth, "idempotency-key": `c-${cancelled.id}` } });
    expect(res.status()).toBe(200);
    await page.goto(cancelled.url);
    await expect(page.getByRole("heading", { name: "Payment cancelled" })).toBeVisible();
    await expectNoAxeViolations(page);
    await shots(page, "cancelled");

    const expired = await createSession(request);
    test.skip(!(await expireSession(expired.id)), "needs the Postgres scratch database (DATABASE_URL)");
    await page.goto(expired.url);
    await expect(page.getByRole("heading", { name: "This payment has expired" })).toBeVisible();
    await expectNoAxeViolations(page);
    await shots(page, "expired");
  });
});

test.describe("defects a payer met", () => {
  test("a stale second tab pressing Pay after the first tab paid shows the paid result", async ({ page, context, request }) => {
    const session = await createSession(request);
    const stale = await context.newPage();
    await stale.goto(session.url);
    await fillCard(stale, "001");
    await page.goto(session.url);
    await fillCard(page, "001");
    await payButton(page).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await page.getByRole("button", { name: "Stay on this page" }).click();

    await payButton(stale).click();
    await expect(stale.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await expect(stale.getByLabel("Card number")).toHaveCount(0);
    await expect(stale.getByTestId("form-alert")).toHaveCount(0);
    await expect(stale.getByText(/already been made/)).toHaveCount(0);
  });

  test("coming back from the bank picker speaks of the bank, not of 3-D Secure", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await page.getByRole("radio", { name: "Pay by bank" }).check();
    await payButton(page).click();
    await page.waitForURL(/\/onramp\/bank\//);
    await page.goto(session.url);
    await expect(page.getByTestId("progress-step")).toHaveText("Waiting for your bank to confirm the transfer…");
    await expect(page.getByRole("link", { name: "Open your bank's page again" })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("at 320 px a long amount leaves the merchant's badge whole", async ({ page, request }) => {
    const session = await createSession(request, { amount: 9_999_999_999, description: "Annual plan for the whole team, with a description long enough to need two lines" });
    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto(session.url);
    const badge = page.locator("header > :first-child");
    expect((await badge.boundingBox())?.width).toBeGreaterThanOrEqual(47);
    const description = page.getByTestId("description");
    expect(await description.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await shots(page, "long-amount");
  });
});

test.describe("languages", () => {
  test("a Polish browser sees the form, progress and result in Polish", async ({ browser, request }) => {
    const context = await browser.newContext({ locale: "pl-PL" });
    const page = await context.newPage();
    const paid = await createSession(request);
    await page.goto(paid.url);
    await expect(page.locator("html")).toHaveAttribute("lang", "pl");
    await expect(page.getByTestId("amount")).toHaveText("24,90 €");
    await page.getByLabel("Numer karty").fill("4111 1111 1111 1111");
    await page.getByLabel("Data ważności").fill(`12 / ${String((new Date().getFullYear() + 3) % 100).padStart(2, "0")}`);
    await page.getByLabel("Kod bezpieczeństwa").fill("001");
    await page.getByLabel("Imię i nazwisko na karcie").fill("Ada Lovelace");
    await expectNoAxeViolations(page);
    await shots(page, "pl-form");
    await page.getByRole("button", { name: "Zapłać 24,90 €" }).click();
    await expect(page.getByRole("heading", { name: "Płatność zakończona powodzeniem" })).toBeVisible();
    await expect(page.getByTestId("countdown-status")).toHaveText("Powrót do Demo Shop za 10 sekund.");
    await page.getByRole("button", { name: "Zostań na tej stronie" }).click();
    await expect(page.getByTestId("receipt")).toContainText("Potwierdzenie");
    await expect(page.getByTestId("receipt-amount")).toHaveText("24,90 €");
    await expect(page.getByTestId("receipt-card")).toHaveText("Visa •••• 1111");
    await expect(page.getByTestId("receipt-date")).toHaveText(new RegExp(`\\d{1,2}\\s[a-ząćęłńóśźż]+\\s${new Date().getUTCFullYear()}`));
    await expectNoAxeViolations(page);
    await shots(page, "pl-success");

    const processing = await createSession(request);
    await page.goto(processing.url);
    await fillCardPl(page, "009");
    await page.getByRole("button", { name: "Zapłać 24,90 €" }).click();
    await expect(page.getByTestId("progress-step")).toHaveText("Twój bank przetwarza płatność…");
    await expect(page.getByText("Nie zamykaj tej strony.")).toBeVisible();
    await shots(page, "pl-progress");

    const declined = await createSession(request);
    await page.goto(declined.url);
    await payButtonPl(page).click();
    await expect(page.getByTestId("form-alert")).toContainText("Te pola wymagają poprawy:");
    await fillCardPl(page, "003");
    await payButtonPl(page).click();
    await expect(page.getByRole("heading", { name: "Płatność odrzucona" })).toBeVisible();
    await expect(page.getByTestId("result-message")).toHaveText("Twój bank odrzucił płatność. Użyj innej karty lub skontaktuj się z bankiem.");
    await expect(page.getByRole("button", { name: "Użyj innej karty" })).toBeVisible();
    await context.close();
  });

  test("the switcher changes the language, without scripts too", async ({ browser, request }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    const session = await createSession(request);
    await page.goto(session.url);
    const switcher = page.getByRole("navigation", { name: "Language" });
    await expect(switcher.getByText("English")).toHaveAttribute("aria-current", "true");
    await switcher.getByRole("link", { name: "Français" }).click();
    await expect(page).toHaveURL(new RegExp(`/pay/${session.id}$`));
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("button", { name: "Payer 24,90 €" })).toBeVisible();
    await expect(page.getByLabel("Numéro de carte")).toBeVisible();
    await page.getByRole("navigation", { name: "Langue" }).getByRole("link", { name: "Español" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("button", { name: "Pagar 24,90 €" })).toBeVisible();
    await page.getByRole("navigation", { name: "Idioma" }).getByRole("link", { name: "English" }).click();
    await expect(page.getByRole("button", { name: "Pay €24.90" })).toBeVisible();
    await context.close();
  });

  test("a session created with locale de shows German; an unsupported locale is refused", async ({ page, request }) => {
    const session = await createSession(request, { locale: "de" });
    expect((session as unknown as { locale: string }).locale).toBe("de");
    await page.goto(session.url);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("button", { name: "24,90 € bezahlen" })).toBeVisible();
    await expect(page.getByLabel("Kartennummer")).toBeVisible();
    await expect(page.getByRole("link", { name: "Abbrechen und zu Demo Shop zurückkehren" })).toBeVisible();
    await expect(page).toHaveTitle(/Demo Shop bezahlen/);
    await expectNoAxeViolations(page);
    await shots(page, "de-form");

    const refused = await request.post("/api/v1/checkout/sessions", {
      headers: { ...auth, "idempotency-key": `e2e-locale-${Date.now()}` },
      data: { amount: 100, currency: "EUR", customer_id: "c", success_url: "https://shop.example/ok", cancel_url: "https://shop.example/no", locale: "it" },
    });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain("locale");
  });
});

async function fillCardPl(page: Page, cvc: string) {
  await page.getByLabel("Numer karty").fill("4111 1111 1111 1111");
  await page.getByLabel("Data ważności").fill(`12 / ${String((new Date().getFullYear() + 3) % 100).padStart(2, "0")}`);
  await page.getByLabel("Kod bezpieczeństwa").fill(cvc);
  await page.getByLabel("Imię i nazwisko na karcie").fill("Ada Lovelace");
}

function payButtonPl(page: Page) {
  return page.getByRole("button", { name: /^Zapłać / });
}

test.describe("languages: what the server answers", () => {
  const polish = async (browser: import("@playwright/test").Browser) => {
    const context = await browser.newContext({ locale: "pl-PL" });
    return { context, page: await context.newPage() };
  };
  const walletSession = (request: import("@playwright/test").APIRequestContext, customer: Record<string, unknown> = { email: "payer@example.test", first_name: "Ada", last_name: "Lovelace" }) =>
    createSession(request, { provider: "fenige", currency: "PLN", amount: 18_750, customer });
  const expiry = `11 / ${String((new Date().getFullYear() + 2) % 100).padStart(2, "0")}`;

  test("a Polish payer's missing billing detail, and the street the wallet's provider refuses, are said in Polish", async ({ browser, request }) => {
    const { context, page } = await polish(browser);
    const session = await walletSession(request);
    await page.goto(session.url);
    await page.getByLabel("Numer telefonu portfela").fill("+48 500 000 001");
    await page.getByRole("button", { name: "Znajdź mój portfel" }).click();
    await expect(page.getByTestId("quote")).toBeVisible();
    await page.getByLabel("Data ważności").fill(expiry);
    await page.getByLabel("Kod bezpieczeństwa").fill("123");
    // A street without its house number passes the page, but not the provider's sender block:
    // the server's refusal, keyed, reads in Polish beside the field.
    await page.getByLabel("Ulica i numer", { exact: true }).fill("Olszewskiego");
    await page.getByLabel("Miejscowość", { exact: true }).fill("Gdańsk");
    await page.getByLabel("Kod pocztowy", { exact: true }).fill("80-001");
    await page.getByLabel("Kraj", { exact: true }).selectOption("PL");
    await page.getByRole("button", { name: /^Zapłać / }).click();
    const street = page.getByLabel("Ulica i numer", { exact: true });
    await expect(street).toHaveAccessibleDescription(/Wpisz ulicę i numer domu, np\. Olszewskiego 17A\./);
    await expect(street).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "Sprawdź zaznaczone pola." })).toBeVisible();
    await expect(page.getByText("Enter the street and house number", { exact: false })).toHaveCount(0);

    // A detail left empty is named in Polish too.
    const city = page.getByLabel("Miejscowość", { exact: true });
    await city.fill("");
    await street.fill("Olszewskiego 17A");
    // The corrected field's message goes as the payer types, so nothing moves under the
    // click on Pay that follows.
    await expect(street).not.toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: /^Zapłać / }).click();
    await expect(city).toHaveAttribute("aria-invalid", "true");
    await expect(city).toHaveAccessibleDescription(/Wpisz miejscowość\./);
    await expectNoAxeViolations(page);
    await shots(page, "pl-wallet-street");
    await context.close();
  });

  test("a Polish payer with an unknown wallet reads why in Polish, beside the number", async ({ browser, request }) => {
    const { context, page } = await polish(browser);
    const session = await walletSession(request);
    await page.goto(session.url);
    await page.getByLabel("Numer telefonu portfela").fill("+48 500 000 007");
    await page.getByRole("button", { name: "Znajdź mój portfel" }).click();
    const phone = page.getByLabel("Numer telefonu portfela");
    await expect(phone).toHaveAttribute("aria-invalid", "true");
    await expect(phone).toHaveAccessibleDescription(/Nie znaleziono aktywnego portfela dla tego numeru telefonu\./);
    await expect(page.getByText(/No active wallet/)).toHaveCount(0);
    await context.close();
  });

  test("a payment link naming no payment says so in the payer's language, with one heading and no axe violations", async ({ browser }) => {
    const { context, page } = await polish(browser);
    const res = await page.goto(`/pay/cs_${"0".repeat(31)}1`);
    expect(res?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "pl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 1, name: "Nie znaleziono płatności" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("Ten link do płatności jest nieprawidłowy");
    await expect(page).toHaveTitle(/Nie znaleziono płatności/);
    await expectNoAxeViolations(page);
    await shots(page, "pl-not-found");
    await context.close();
  });
});

test.describe("a payer in another time zone", () => {
  test.use({ timezoneId: "Asia/Tokyo" });

  test("reads the receipt's time in their own zone, named", async ({ page, request }) => {
    const session = await createSession(request);
    await page.goto(session.url);
    await fillCard(page, "001");
    await payButton(page).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    // The server's HTML said UTC; the page, once running, says it as the payer's clock does.
    await expect(page.getByTestId("receipt-date")).toHaveText(/GMT\+9/);
  });
});
