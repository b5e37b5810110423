import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { e2eEnv } from "../playwright.config";
import { auth, createSession, expectSuccessAndMerchantRedirect, fillCard, payButton } from "./helpers/checkout";

// Merchant webhooks end to end: a payment's status changes reach the demo shop's receiver,
// which verifies them with the standardwebhooks package; the admin shows the delivery log,
// creates an endpoint (secret shown once) and replays an event; a viewer only reads.
test.describe.configure({ mode: "serial" });

async function signIn(browser: Browser, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/admin/webhooks");
  await expect(page).toHaveURL(/\/admin\/login/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  return { context, page };
}

let operationId = "";

test("a paid session's events reach the demo shop, verified", async ({ page, request }) => {
  const session = await createSession(request);
  await page.goto(session.url);
  await fillCard(page, "001");
  await payButton(page).click();
  await expectSuccessAndMerchantRedirect(page, request, session.id);
  const ops = await request.get(`/api/v1/operations?session_id=${session.id}`, { headers: auth });
  operationId = ((await ops.json()) as { data: Array<{ id: string }> }).data[0]?.id ?? "";
  expect(operationId).toMatch(/^op_/);

  await page.goto("/demo/webhooks");
  const rows = page.getByRole("row");
  await expect(async () => {
    await page.reload();
    await expect(rows.filter({ hasText: "operation.succeeded" }).first()).toContainText("Yes");
    await expect(rows.filter({ hasText: "checkout_session.paid" }).first()).toContainText("Yes");
  }).toPass({ timeout: 30_000 });
});

test("the API manages endpoints: secret once, rotate, delete", async ({ request }) => {
  const created = await request.post("/api/v1/webhook_endpoints", {
    headers: { ...auth, "idempotency-key": `wh-${Date.now()}` },
    data: { url: "https://hooks.shop.example/in", description: "e2e" },
  });
  expect(created.status()).toBe(201);
  const ep = (await created.json()) as { id: string; secret: string };
  expect(ep.secret).toMatch(/^whsec_/);
  const rotated = await request.post(`/api/v1/webhook_endpoints/${ep.id}/rotate_secret`, { headers: { ...auth, "idempotency-key": `wh-rot-${Date.now()}` }, data: {} });
  expect(rotated.status()).toBe(200);
  expect(((await rotated.json()) as { previous_secret_expires_at: string | null }).previous_secret_expires_at).not.toBeNull();
  expect((await request.delete(`/api/v1/webhook_endpoints/${ep.id}`, { headers: auth })).status()).toBe(200);
  expect((await request.get(`/api/v1/webhook_endpoints/${ep.id}`, { headers: auth })).status()).toBe(404);
});

test("the owner sees the delivery log, adds an endpoint and replays an event", async ({ browser }) => {
  const { context, page } = await signIn(browser, e2eEnv.adminEmail, e2eEnv.adminPassword);
  const demoUrl = `${e2eEnv.appUrl}/demo/webhooks/receive`;
  await expect(page.getByRole("link", { name: demoUrl })).toBeVisible();

  await page.getByLabel("Endpoint URL").fill("https://hooks.shop.example/e2e");
  await page.getByLabel(/Description/).fill("Added in the browser");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByRole("status").filter({ hasText: "shown only once" })).toBeVisible();
  await expect(page.getByLabel("Signing secret")).toHaveText(/^whsec_/);
  await page.reload();
  await expect(page.getByLabel("Signing secret")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "https://hooks.shop.example/e2e" })).toBeVisible();

  // The demo endpoint's log shows the succeeded deliveries with their response.
  await page.getByRole("link", { name: demoUrl }).click();
  await expect(page.getByRole("heading", { level: 1, name: demoUrl })).toBeVisible();
  const delivered = page.getByRole("row").filter({ hasText: "operation.succeeded" }).first();
  await expect(delivered).toContainText("succeeded");
  await expect(delivered).toContainText("HTTP 204");

  // Replay the operation.succeeded event to the demo shop.
  await delivered.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: "operation.succeeded" })).toBeVisible();
  await expect(page.getByRole("link", { name: operationId })).toBeVisible();
  const eventId = (await page.getByText(/^evt_[0-9a-f]{32}$/).first().textContent())?.trim() ?? "";
  await page.getByRole("button", { name: `Replay to ${demoUrl}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, replay" }).click();
  await expect(page.getByText("Replay queued")).toBeVisible();

  const shop = await context.newPage();
  await shop.goto("/demo/webhooks");
  await expect(async () => {
    await shop.reload();
    await expect(shop.getByRole("row").filter({ hasText: eventId }).first()).toContainText("received 2×");
  }).toPass({ timeout: 30_000 });

  // The replay is in the audit log and in the operation's history.
  await page.goto("/admin/audit");
  await expect(page.getByText("webhook_event.replayed").first()).toBeVisible();
  await page.goto(`/admin/operations/${operationId}`);
  await expect(page.getByRole("heading", { name: "webhook.replay requested" })).toBeVisible();
  await context.close();
});

test("a viewer reads the log but cannot change anything", async ({ browser }) => {
  const { context, page } = await signIn(browser, e2eEnv.viewerEmail, e2eEnv.viewerPassword);
  await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
  await page.getByRole("link", { name: `${e2eEnv.appUrl}/demo/webhooks/receive` }).click();
  await expect(page.getByText("Your role is viewer")).toBeVisible();
  await expect(page.getByRole("button", { name: /Rotate secret|Disable endpoint|Delete endpoint/ })).toHaveCount(0);
  await context.close();
});
