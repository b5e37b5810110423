import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createSession, fillCard, formReady, payButton } from "./helpers/checkout";

// The page itself: accessible names, errors a screen reader hears, keyboard-only use,
// billing fields only when the session lacks them, and screenshots at phone and desktop
// widths (saved under test-results/ for people to look at).

async function everyFieldIsLabelled(page: Page) {
  const fields = page.locator("input:not([type=hidden]), select, textarea");
  const count = await fields.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i);
    const info = await field.evaluate((el) => {
      const input = el as HTMLInputElement;
      return { id: input.id, name: input.name, labels: input.labels?.length ?? 0, text: Array.from(input.labels ?? []).map((l) => l.textContent?.trim() ?? "").join(" ") };
    });
    expect(info.labels, `field ${info.id || info.name} has a label`).toBeGreaterThan(0);
    expect(info.text.length).toBeGreaterThan(0);
  }
}

test("every field has a label, with the right names, autocomplete and input mode", async ({ page, request }) => {
  const session = await createSession(request);
  await page.goto(session.url);
  await everyFieldIsLabelled(page);
  const expected = [
    ["Card number", "cc-number", "numeric"],
    ["Expiry date", "cc-exp", "numeric"],
    ["Security code", "cc-csc", "numeric"],
    ["Name on card", "cc-name", null],
  ] as const;
  for (const [label, autocomplete, inputmode] of expected) {
    const field = page.getByRole("textbox", { name: label, exact: true });
    await expect(field).toHaveAttribute("autocomplete", autocomplete);
    if (inputmode) await expect(field).toHaveAttribute("inputmode", inputmode);
  }
  await expect(page.getByRole("button", { name: "Pay €24.90", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Cancel and return to Demo Shop" })).toHaveAttribute("href", /\/demo\/return\?outcome=cancel&session_id=cs_/);
  // Test-mode hints: collapsed, from the sandbox's own table.
  const hints = page.locator("details", { hasText: "Test mode" });
  await expect(hints).not.toHaveAttribute("open", "");
  await hints.getByText("Test mode").click();
  await expect(hints.getByRole("cell", { name: "CVC 001" })).toBeVisible();
});

test("errors are tied to their fields and announced on submit", async ({ page, request }) => {
  const session = await createSession(request);
  await page.goto(session.url);
  await page.getByLabel("Card number").fill("4111 1111 1111 1112");
  await page.getByLabel("Expiry date").fill("01 / 20");
  await payButton(page).click();
  // The summary lists each problem as a link to its field.
  const summary = page.getByRole("alert").filter({ hasText: "problems" });
  await expect(summary).toContainText("There are problems with these fields:");
  await expect(summary.getByRole("link")).toHaveText([/^Card number: /, /^Expiry date: /, /^Security code: /, /^Name on card: /]);
  const number = page.getByLabel("Card number");
  await expect(number).toBeFocused();
  await expect(number).toHaveAttribute("aria-invalid", "true");
  await expect(number).toHaveAccessibleDescription(/not valid/);
  await expect(page.getByLabel("Expiry date")).toHaveAccessibleDescription(/expired/);
  // Named as its label names it, whatever the brand calls it.
  await expect(page.getByLabel("Security code")).toHaveAccessibleDescription(/Enter the security code/);
  await summary.getByRole("link", { name: /^Expiry date/ }).click();
  await expect(page.getByLabel("Expiry date")).toBeFocused();
  // Amex: 4-6-5 spacing and a 4-digit code.
  await number.fill("378282246310005");
  await expect(number).toHaveValue("3782 822463 10005");
  await page.getByLabel("Security code").fill("12");
  await page.getByLabel("Security code").blur();
  await expect(page.getByLabel("Security code")).toHaveAccessibleDescription(/4 digits/);
});

test("keyboard only: tab through the form and pay with Enter", async ({ page, request }) => {
  const session = await createSession(request);
  await page.goto(session.url);
  await formReady(page);
  await page.getByLabel("Card number").focus();
  await page.keyboard.type("4111111111111111");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Expiry date")).toBeFocused();
  await page.keyboard.type(`12${String((new Date().getFullYear() + 2) % 100).padStart(2, "0")}`);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Security code")).toBeFocused();
  await page.keyboard.type("001");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Ada Lovelace");
  await page.keyboard.press("Tab");
  await expect(payButton(page)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
});

test("billing fields appear only when the session lacks them, and are sent with the payment", async ({ page, request }) => {
  const session = await createSession(request, { customer: { email: "known@example.test" } });
  await page.goto(session.url);
  await everyFieldIsLabelled(page);
  await expect(page.getByLabel("Email")).toHaveCount(0);
  await fillCard(page, "001");
  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Lovelace");
  await page.getByLabel("Street address").fill("1 Main Street");
  await page.getByLabel("City").fill("London");
  await page.getByLabel("State, province or region").fill("Greater London");
  await page.getByLabel("Postal code").fill("N1 9GU");
  await page.getByLabel("Country").selectOption("GB");
  await payButton(page).click();
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
});

test("screenshots at 375 px and 1280 px", async ({ page, request }) => {
  mkdirSync("test-results", { recursive: true });
  const withBilling = await createSession(request, { customer: undefined, description: "Order #1042 · 2 items" });
  const plain = await createSession(request);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.goto(plain.url);
    await page.screenshot({ path: `test-results/checkout-${width}-form.png`, fullPage: true });
    // No horizontal scrolling at phone width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await payButton(page).click();
    await page.screenshot({ path: `test-results/checkout-${width}-errors.png`, fullPage: true });
    await page.goto(withBilling.url);
    await page.screenshot({ path: `test-results/checkout-${width}-billing.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(plain.url);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: "test-results/checkout-320-form.png", fullPage: true });
  await fillCard(page, "003");
  await payButton(page).click();
  await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: "test-results/checkout-375-declined.png", fullPage: true });
});
