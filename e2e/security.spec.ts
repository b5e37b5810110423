import { expect, test, type Browser } from "@playwright/test";
import { e2eEnv } from "../playwright.config";
import { createSession, expectSuccessAndMerchantRedirect, fillCard, listOperations, payButton } from "./helpers/checkout";

// What the running server trusts, end to end: a forged X-Forwarded-For (or a forged peer
// header) never becomes the payer address a provider is told, and a session cookie
// replayed after sign-out opens nothing, not even a server action already on screen.

/** ON/RAMP knows an operation by our id as a UUID. */
function uuidOf(id: string): string {
  const h = id.replace(/^op_/, "");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

test("the provider is told the socket's address and the browser's 3DS data, whatever the headers claim", async ({ page, request }) => {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.99", "x-checkout-peer-address": "203.0.113.98" });
  const session = await createSession(request);
  await page.goto(session.url);
  await fillCard(page, "001");
  await payButton(page).click();
  await expectSuccessAndMerchantRedirect(page, request, session.id);
  const [operation] = await listOperations(request, session.id);
  expect(operation).toBeTruthy();
  const res = await request.get(`${e2eEnv.sandboxUrl}/_sandbox/operations/${uuidOf(operation?.id ?? "")}`);
  expect(res.status()).toBe(200);
  const seen = ((await res.json()) as { operation: { payerSeen: { ip: string; browser: Record<string, unknown> }[] } }).operation.payerSeen;
  expect(seen.map((s) => s.ip)).toEqual(["127.0.0.1"]);
  const facts = await page.evaluate(() => ({ userAgent: navigator.userAgent, width: screen.width, height: screen.height }));
  expect(seen[0]?.browser).toMatchObject({ user_agent: facts.userAgent, screen_width: facts.width, screen_height: facts.height, javascript_enabled: true });
});

async function signIn(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(e2eEnv.adminEmail);
  await page.getByLabel("Password").fill(e2eEnv.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/operations$/);
  return { context, page };
}

test("a session cookie replayed after sign-out cannot create an API key", async ({ browser }) => {
  const first = await signIn(browser);
  // Someone copies the cookie and keeps the API keys page open with it.
  const replay = await browser.newContext({ storageState: await first.context.storageState() });
  const thief = await replay.newPage();
  await thief.goto("/admin/api-keys");
  await expect(thief.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  await first.page.getByRole("button", { name: "Sign out" }).click();
  await expect(first.page).toHaveURL(/\/admin\/login/);

  const name = `replayed ${Date.now().toString(36)}`;
  await thief.getByLabel("Key name").fill(name);
  await thief.getByRole("button", { name: "Create key" }).click();
  await expect(thief).toHaveURL(/\/admin\/login/);
  await expect(thief.getByLabel("New API key")).toHaveCount(0);
  await thief.goto("/admin/api-keys");
  await expect(thief).toHaveURL(/\/admin\/login/);

  // Signed in again (a new session), the owner finds no such key.
  const again = await signIn(browser);
  await again.page.goto("/admin/api-keys");
  await expect(again.page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expect(again.page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  await Promise.all([first.context.close(), replay.close(), again.context.close()]);
});

test("oversized and unstorable requests are 4xx at the real server", async ({ request }) => {
  const big = "a".repeat(5 * 1024 * 1024);
  const pay = await request.post("/api/checkout/cs_00000000000000000000000000000000/pay", { headers: { "content-type": "application/json" }, data: big });
  expect(pay.status()).toBe(413);
  const signIn = await request.post("/api/auth/callback/credentials", { headers: { "content-type": "application/x-www-form-urlencoded" }, data: big });
  expect(signIn.status()).toBe(413);
  const nul = await request.get("/api/v1/checkout/sessions/%00", { headers: { authorization: `Bearer ${e2eEnv.demoApiKey}` } });
  expect(nul.status()).toBe(400);
  expect(((await nul.json()) as { error: { fields: { path: string }[] } }).error.fields[0]?.path).toBe("id");
});
