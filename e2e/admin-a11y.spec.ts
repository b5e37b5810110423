import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { e2eEnv } from "../playwright.config";
import { expectNoAxeViolations } from "./helpers/axe";
import { createSession, fillCard, getSession } from "./helpers/checkout";

// axe (WCAG 2.2 A/AA and best practices) on every admin page, with real data on it: a
// paid and a declined payment give the lists, the history, webhook events and
// deliveries something to show. Each page is also checked at 375 px, where the layout
// changes (menu button, scrolling tables).
test.describe.configure({ mode: "serial", timeout: 120_000 });

let context: BrowserContext;
let page: Page;

async function pay(request: Parameters<typeof createSession>[0], cvc: string): Promise<string> {
  const session = await createSession(request, { provider: "onramp", amount: 1990 + Number(cvc) });
  await page.goto(session.url);
  await fillCard(page, cvc);
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect.poll(async () => (await getSession(request, session.id)).latest_operation?.status, { timeout: 30_000 }).toMatch(/succeeded|declined/);
  return (await getSession(request, session.id)).latest_operation?.id ?? "";
}

async function checkBothWidths(label: string, prepare?: () => Promise<void>) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    if (prepare) await prepare();
    await test.step(`${label} at ${width} px`, () => expectNoAxeViolations(page));
  }
}

test.beforeAll(async ({ browser }) => {
  // axe needs a page from an explicit context.
  context = await browser.newContext();
  page = await context.newPage();
});
test.afterAll(async () => {
  await context.close();
});

test("sign-in page, empty and with an error", async () => {
  await page.goto("/admin/login");
  await checkBothWidths("sign-in");
  await page.getByLabel("Email").fill(e2eEnv.adminEmail);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page);
});

let operationId = "";

test("dashboard", async ({ request }, testInfo) => {
  operationId = await pay(request, "001");
  await pay(request, "003");
  await page.goto("/admin/login?next=/admin");
  await page.getByLabel("Email").fill(e2eEnv.adminEmail);
  await page.getByLabel("Password").fill(e2eEnv.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("img", { name: /operations per day/ })).toBeVisible();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`admin-dashboard-${width}.png`), fullPage: true });
  }
  await checkBothWidths("dashboard with tables open", async () => {
    for (const summary of await page.getByText("Show the figures as a table").all()) await summary.click();
  });
  await page.goto("/admin?range=7");
  await checkBothWidths("dashboard, 7 days");
  await page.goto("/admin?from=2020-01-01&to=2020-01-07");
  await expect(page.getByText("No operations in this period.")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("operations list and operation detail", async () => {
  await page.goto("/admin/operations");
  await checkBothWidths("operations list");
  await page.goto("/admin/operations?status=nope&currency=ABC");
  await expectNoAxeViolations(page);
  await page.goto(`/admin/operations/${operationId}`);
  await checkBothWidths("operation detail");
});

test("API keys, webhooks and their details, audit log", async () => {
  await page.goto("/admin/api-keys");
  await checkBothWidths("API keys");

  await page.goto("/admin/webhooks");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await checkBothWidths("webhooks");
  const endpoint = page.getByRole("link", { name: /\/demo\/webhooks\/receive$/ }).first();
  await expect(endpoint).toBeVisible();
  await endpoint.click();
  await expect(page).toHaveURL(/\/admin\/webhooks\/endpoints\//);
  await checkBothWidths("webhook endpoint detail");
  await page.goto("/admin/webhooks");
  await page.getByRole("link", { name: /^evt_/ }).first().click();
  await expect(page).toHaveURL(/\/admin\/webhooks\/events\//);
  await checkBothWidths("webhook event detail");

  await page.goto("/admin/audit");
  await checkBothWidths("audit log");
});

test("settings, with and without errors", async () => {
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await checkBothWidths("settings");
  await page.getByLabel("Logo URL").fill("http://not-https.example/logo.png");
  await page.getByLabel("Brand colour", { exact: false }).first().fill("blue");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Check 2 fields" })).toBeVisible();
  await expect(page.getByLabel("Logo URL")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Logo URL")).toHaveAccessibleDescription(/Use an https:\/\/ address for the logo/);
  await expectNoAxeViolations(page);
});

test("a viewer's read-only settings", async ({ browser }) => {
  const context = await browser.newContext();
  const viewer = await context.newPage();
  await viewer.goto("/admin/login?next=/admin/settings");
  await viewer.getByLabel("Email").fill(e2eEnv.viewerEmail);
  await viewer.getByLabel("Password").fill(e2eEnv.viewerPassword);
  await viewer.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer.getByText("Only an owner can change the branding.")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Save branding" })).toHaveCount(0);
  await expectNoAxeViolations(viewer);
  await context.close();
});
