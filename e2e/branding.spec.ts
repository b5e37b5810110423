import { expect, test } from "@playwright/test";
import { e2eEnv } from "../playwright.config";
import { PAGE_BACKGROUND, brandPalette, contrastRatio } from "../lib/merchants/brand-color";
import { expectNoAxeViolations } from "./helpers/axe";
import { fillCard } from "./helpers/checkout";

// A merchant brands its payment page in the admin; a session made through the public API
// with a key from that admin shows the name, logo, colour and legal links. The second
// seeded merchant is used so the demo merchant's look stays what other specs expect.
const LOGO_URL = "https://cdn.nordlicht.example/logo.svg";
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#1f2937"/><circle cx="24" cy="24" r="12" fill="#ffd000"/></svg>`;
const CHOSEN = "#ffd000";

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;

test("branding set in the admin shows on the merchant's payment page, with contrast kept", async ({ browser, request }, testInfo) => {
  const context = await browser.newContext();
  // The logo's host is not reachable from here; the browser is served it as a CDN would.
  await context.route(`${LOGO_URL}*`, (route) => route.fulfill({ contentType: "image/svg+xml", body: LOGO_SVG }));
  const page = await context.newPage();

  await page.goto("/admin/login?next=/admin/settings");
  await page.getByLabel("Email").fill(e2eEnv.otherAdminEmail);
  await page.getByLabel("Password").fill(e2eEnv.otherAdminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await page.getByLabel("Display name").fill("Nordlicht Café");
  await page.getByLabel("Logo URL").fill(LOGO_URL);
  await page.getByRole("textbox", { name: /Brand colour/ }).fill(CHOSEN.toUpperCase());
  await page.getByLabel("Terms URL").fill("https://nordlicht.example/terms");
  await page.getByLabel("Privacy policy URL").fill("https://nordlicht.example/privacy");
  await expect(page.getByTestId("contrast-note")).toContainText(`payers see ${brandPalette(CHOSEN).brand}`);
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByRole("status")).toHaveText(/Branding saved/);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`admin-settings-${width}.png`), fullPage: true });
  }

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("rowheader", { name: "merchant.branding_update" }).first()).toBeVisible();

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Key name").fill("branding spec");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByLabel("New API key").textContent()) ?? "";
  expect(key).toMatch(/^sk_test_/);

  const created = await request.post("/api/v1/checkout/sessions", {
    headers: { authorization: `Bearer ${key}`, "idempotency-key": `branding-${Date.now()}` },
    data: {
      amount: 2490,
      currency: "EUR",
      customer_id: "branding-e2e",
      provider: "onramp",
      customer: { email: "payer@example.test", first_name: "Ada", last_name: "Lovelace", address: { line1: "1 Main St", city: "London", postal_code: "N1 1AA", country: "GB" } },
      success_url: `${e2eEnv.appUrl}/demo/return?outcome=success`,
      cancel_url: `${e2eEnv.appUrl}/demo/return?outcome=cancel`,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const session = (await created.json()) as { url: string };

  await page.goto(session.url);
  await expect(page).toHaveTitle(/Pay Nordlicht Café/);
  const h1 = page.getByRole("heading", { level: 1 });
  await expect(h1).toHaveCount(1);
  await expect(h1).toHaveText(/Nordlicht Café\s*€24\.90/);
  const logo = page.locator(`header img[src="${LOGO_URL}"]`);
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  // #ffd000 is too light behind white text: the page paints the darker shade that reaches AA.
  const shown = brandPalette(CHOSEN).brand;
  expect(contrastRatio(shown, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  expect(contrastRatio(shown, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  const pay = page.getByRole("button", { name: "Pay €24.90" });
  await expect(pay).toHaveCSS("background-color", rgb(shown));
  await expect(pay).toHaveCSS("color", "rgb(255, 255, 255)");
  // The accent bar has no text on it, so it shows the colour exactly as chosen.
  await expect(page.getByTestId("brand-accent")).toHaveCSS("background-color", rgb(CHOSEN));

  const policies = page.getByRole("navigation", { name: "Nordlicht Café policies" });
  await expect(policies.getByRole("link", { name: /^Terms/ })).toHaveAttribute("href", "https://nordlicht.example/terms");
  await expect(policies.getByRole("link", { name: /^Privacy/ })).toHaveAttribute("href", "https://nordlicht.example/privacy");
  await expect(policies.getByRole("link", { name: /^Terms/ })).toHaveCSS("color", rgb(shown));

  await expectNoAxeViolations(page);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`branded-pay-${width}.png`), fullPage: true });
  }
  await fillCard(page, "001");
  await page.setViewportSize({ width: 375, height: 900 });
  await page.getByLabel("Security code").focus();
  await page.screenshot({ path: testInfo.outputPath("branded-pay-375-filled.png"), fullPage: true });
  await context.close();
});
