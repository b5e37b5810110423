import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { e2eEnv } from "../playwright.config";

// The admin area end to end: sign-in per role, list filters and search kept in the URL,
// operation detail with history, a confirmed cancel of a payment the sandbox keeps in
// processing (ON/RAMP test CVV 009), and proof that a viewer cannot act and another
// merchant's admin cannot see it, through the UI and by direct requests.
test.describe.configure({ mode: "serial" });

const api = { authorization: `Bearer ${e2eEnv.demoApiKey}` };
/** The list names each operation's link by the short id it shows (WCAG 2.5.3). */
const opLink = (id: string) => ({ name: `${id.slice(0, 11)}…${id.slice(-6)}`, exact: true });
const customerId = `e2e-admin-${Date.now().toString(36)}`;

async function signIn(browser: Browser, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/admin/operations");
  await expect(page).toHaveURL(/\/admin\/login/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/operations$/);
  await expect(page.getByRole("heading", { level: 1, name: "Operations" })).toBeVisible();
  return { context, page };
}

async function operationOf(request: APIRequestContext, sessionId: string): Promise<{ id: string; status: string } | null> {
  const res = await request.get(`/api/v1/operations?session_id=${sessionId}`, { headers: api });
  expect(res.status()).toBe(200);
  const json = (await res.json()) as { data: Array<{ id: string; status: string }> };
  return json.data[0] ?? null;
}

/** Pays a new ON/RAMP session on the hosted page with CVV 009: the sandbox keeps it processing. */
async function processingOperation(browser: Browser, request: APIRequestContext): Promise<string> {
  const created = await request.post("/api/v1/checkout/sessions", {
    headers: { ...api, "idempotency-key": `admin-${customerId}` },
    data: {
      amount: 4321,
      currency: "EUR",
      customer_id: customerId,
      provider: "onramp",
      success_url: "https://shop.example/success",
      cancel_url: "https://shop.example/cancel",
      customer: { first_name: "Ada", last_name: "Lovelace", email: "ada@example.test", address: { line1: "1 Main St", city: "London", state: "Greater London", postal_code: "N1 1AA", country: "GB" } },
    },
  });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string; url: string };
  const context = await browser.newContext();
  const payer = await context.newPage();
  await payer.goto(session.url);
  await payer.getByLabel("Card number").fill("4111 1111 1111 1111");
  await payer.getByLabel("Expiry date").fill("12 / 34");
  await payer.getByLabel("Security code").fill("009");
  await payer.getByLabel("Name on card").fill("Ada Lovelace");
  for (const [label, value] of [
    ["First name", "Ada"],
    ["Last name", "Lovelace"],
    ["Street address", "1 Main St"],
    ["City", "London"],
    ["Postal code", "N1 1AA"],
  ] as const) {
    const field = payer.getByLabel(label, { exact: true });
    if ((await field.count()) > 0 && (await field.inputValue()) === "") await field.fill(value);
  }
  await payer.getByRole("button", { name: /^Pay / }).click();
  let op: { id: string; status: string } | null = null;
  await expect
    .poll(
      async () => {
        op = await operationOf(request, session.id);
        return op?.status;
      },
      { timeout: 30_000 },
    )
    .toBe("processing");
  await context.close();
  if (!op) throw new Error("no operation");
  return (op as { id: string }).id;
}

/**
 * The fields of an action's form exactly as the server renders it for the owner (React
 * adds the server action reference as hidden inputs), to replay as a direct request.
 */
async function actionFormFields(page: Page, action: string): Promise<Record<string, string>> {
  const html = await (await page.request.get(`/admin/operations/${operationId}`)).text();
  const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) => f.includes(`name="action" value="${action}"`)) ?? "";
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? "";
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? "";
    if (name) out[name.replaceAll("&amp;", "&")] = value.replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  }
  return out;
}

let operationId = "";
let owner: { context: BrowserContext; page: Page };

test.beforeAll(async ({ browser, request }) => {
  operationId = await processingOperation(browser, request);
});

test.afterAll(async () => {
  await owner?.context.close();
});

test("sign-in refuses a wrong password with a clear message and protects every admin page", async ({ page, request }) => {
  await page.goto("/admin/api-keys");
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Fapi-keys/);
  await page.getByLabel("Email").fill(e2eEnv.adminEmail);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The email or password is not right." })).toBeVisible();
  const csv = await request.get("/api/admin/operations/export");
  expect(csv.status()).toBe(401);
});

test("owner filters and searches the list, keeps the view in the URL, opens the operation and sees its history", async ({ browser }) => {
  owner = await signIn(browser, e2eEnv.adminEmail, e2eEnv.adminPassword);
  const { page } = owner;
  await expect(page.getByText(`${e2eEnv.adminEmail}`)).toBeVisible();
  await expect(page.getByText("Role: owner")).toBeVisible();

  await page.getByLabel("Status").selectOption("processing");
  await page.getByLabel("Provider").selectOption("onramp");
  await page.getByRole("searchbox", { name: "Search" }).fill(customerId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=processing/);
  const url = new URL(page.url());
  expect([url.searchParams.get("status"), url.searchParams.get("provider"), url.searchParams.get("q")]).toEqual(["processing", "onramp", customerId]);
  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("link", opLink(operationId))).toBeVisible();
  await expect(table.getByText("€43.21")).toBeVisible();
  await expect(table.getByText("visa •••• 1111")).toBeVisible();

  // The same view from a bookmarked URL; a status that does not match empties it.
  await page.goto(`/admin/operations?q=${customerId}&status=succeeded`);
  await expect(page.getByText("No operations match these filters.")).toBeVisible();
  await page.goto(`/admin/operations?q=1111&min=43&max=43.21&currency=EUR`);
  await expect(page.getByRole("link", opLink(operationId))).toBeVisible();
  await page.goto(`/admin/operations?q=${operationId}`);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);

  // The filtered CSV export contains it.
  const csv = await page.request.get(`/api/admin/operations/export?q=${customerId}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(operationId);

  await page.getByRole("link", opLink(operationId)).click();
  await expect(page.getByRole("heading", { level: 1, name: operationId })).toBeVisible();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  const history = page.getByRole("list").filter({ has: page.getByRole("heading", { level: 3 }) });
  await expect(history.getByRole("listitem").first()).toBeVisible();
  await expect(page.getByText("applied").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel operation" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Refresh from provider" })).toBeVisible();
});

test("a viewer sees the operation but no actions, and the server refuses the action sent directly", async ({ browser, request }) => {
  const replay = await actionFormFields(owner.page, "cancel");
  expect(Object.keys(replay).some((k) => k.startsWith("$ACTION")), JSON.stringify(replay)).toBe(true);

  const viewer = await signIn(browser, e2eEnv.viewerEmail, e2eEnv.viewerPassword);
  await expect(viewer.page.getByText("Role: viewer")).toBeVisible();
  await viewer.page.goto(`/admin/operations/${operationId}`);
  await expect(viewer.page.getByRole("heading", { name: "History" })).toBeVisible();
  await expect(viewer.page.getByRole("button", { name: "Cancel operation" })).toHaveCount(0);
  await expect(viewer.page.getByText("you can see this operation but not act on it")).toBeVisible();
  await viewer.page.goto("/admin/api-keys");
  await expect(viewer.page.getByRole("button", { name: "Create key" })).toHaveCount(0);

  // Replaying the owner's cancel form with the viewer's session: refused, nothing changes.
  const res = await viewer.page.request.post(`/admin/operations/${operationId}`, { multipart: replay, headers: { origin: e2eEnv.appUrl } });
  expect(res.status()).toBeLessThan(500);
  expect(await res.text()).toContain("Your role can view but not change anything.");
  expect((await operationOf(request, (await sessionOfOperation(request, operationId)) ?? ""))?.status).toBe("processing");
  await viewer.context.close();
});

async function sessionOfOperation(request: APIRequestContext, id: string): Promise<string | null> {
  const res = await request.get(`/api/v1/operations/${id}`, { headers: api });
  return res.ok() ? ((await res.json()) as { session_id: string }).session_id : null;
}

test("another merchant's admin cannot see or act on the operation, in the UI or by direct request", async ({ browser, request }) => {
  const replay = await actionFormFields(owner.page, "cancel");
  const other = await signIn(browser, e2eEnv.otherAdminEmail, e2eEnv.otherAdminPassword);
  await expect(other.page.getByText("Second Shop")).toBeVisible();
  await expect(other.page.getByRole("link", opLink(operationId))).toHaveCount(0);
  await other.page.goto(`/admin/operations?q=${operationId}`);
  await expect(other.page.getByText("No operations match these filters.")).toBeVisible();

  const detail = await other.page.goto(`/admin/operations/${operationId}`);
  expect(detail?.status()).toBe(404);
  await expect(other.page.getByText(customerId)).toHaveCount(0);

  const csv = await other.page.request.get(`/api/admin/operations/export?q=${operationId}`);
  expect((await csv.text()).trim().split("\n")).toHaveLength(1);

  const res = await other.page.request.post(`/admin/operations/${operationId}`, { multipart: replay, headers: { origin: e2eEnv.appUrl } });
  expect(await res.text()).toContain("Operation not found.");
  const sessionId = await sessionOfOperation(request, operationId);
  expect((await operationOf(request, sessionId ?? ""))?.status).toBe("processing");
  await other.context.close();
});

test("owner cancels the processing operation after confirming; history and audit log show it", async () => {
  const { page } = owner;
  await page.goto(`/admin/operations/${operationId}`);
  await page.getByRole("button", { name: "Cancel operation" }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel this operation?" });
  await expect(dialog).toBeVisible();
  // Going back changes nothing.
  await dialog.getByRole("button", { name: "Go back" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Cancel operation" }).click();
  await dialog.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Cancel requested." })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("cancel requested").first()).toBeVisible();
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator("h1 + span").first().textContent();
      },
      { timeout: 30_000 },
    )
    .toBe("cancelled");
  await expect(page.getByRole("button", { name: "Cancel operation" })).toHaveCount(0);

  await page.getByRole("link", { name: "Audit log" }).first().click();
  const row = page.getByRole("row").filter({ hasText: operationId });
  await expect(row.getByRole("rowheader", { name: "operation.cancel" })).toBeVisible();
  await expect(row.getByText(e2eEnv.adminEmail)).toBeVisible();
});

test("owner creates an API key shown once, and revokes it after confirming", async () => {
  const { page } = owner;
  await page.getByRole("link", { name: "API keys" }).first().click();
  const name = `e2e key ${Date.now().toString(36)}`;
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = page.getByLabel("New API key");
  await expect(secret).toHaveText(/^sk_test_/);
  const key = (await secret.textContent()) ?? "";
  const ok = await page.request.get("/api/v1/operations?limit=1", { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  await page.reload();
  await expect(page.getByText(key)).toHaveCount(0);
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
  const refused = await page.request.get("/api/v1/operations?limit=1", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
});

test("list and detail at 375 px and 1280 px (screenshots for review), nav usable by keyboard", async ({}, testInfo) => {
  const { page } = owner;
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/admin/operations");
    await page.screenshot({ path: testInfo.outputPath(`admin-list-${width}.png`), fullPage: true });
    await page.goto(`/admin/operations/${operationId}`);
    await page.screenshot({ path: testInfo.outputPath(`admin-detail-${width}.png`), fullPage: true });
  }
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.getByText("Show the figures as a table").first().click();
  await expect(page.getByRole("table", { name: /Operations per day and provider/ }).getByRole("columnheader", { name: "ON/RAMP (cards and bank)" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("admin-dashboard-1280.png"), fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/admin/operations");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/login/);
  await page.goto("/admin/operations");
  await expect(page).toHaveURL(/\/admin\/login/);
});
