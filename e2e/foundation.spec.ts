import { expect, test } from "@playwright/test";
import { e2eEnv } from "../playwright.config";

const auth = { authorization: `Bearer ${e2eEnv.demoApiKey}` };
const sessionBody = {
  amount: 1234,
  currency: "EUR",
  customer_id: "e2e-foundation",
  success_url: "https://shop.example/success",
  cancel_url: "https://shop.example/cancel",
};

test("health reports the app and the database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: { status: "ok" } });
});

test("merchant API creates a session, replays an idempotent retry and refuses a changed body", async ({ request }) => {
  const key = `e2e-${Date.now()}`;
  const first = await request.post("/api/v1/checkout/sessions", { headers: { ...auth, "idempotency-key": key }, data: sessionBody });
  expect(first.status()).toBe(201);
  const session = await first.json();
  expect(session.url).toBe(`${e2eEnv.appUrl}/pay/${session.id}`);

  const replay = await request.post("/api/v1/checkout/sessions", { headers: { ...auth, "idempotency-key": key }, data: sessionBody });
  expect(replay.status()).toBe(201);
  expect((await replay.json()).id).toBe(session.id);

  const changed = await request.post("/api/v1/checkout/sessions", { headers: { ...auth, "idempotency-key": key }, data: { ...sessionBody, amount: 1 } });
  expect(changed.status()).toBe(422);
  expect((await changed.json()).error.code).toBe("idempotency_mismatch");

  const unauthenticated = await request.post("/api/v1/checkout/sessions", { data: sessionBody });
  expect(unauthenticated.status()).toBe(401);
});

test("the demo shop sends the payer to the hosted page through the merchant API", async ({ page }) => {
  await page.goto("/demo");
  await page.getByLabel("Amount").fill("12.34");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByLabel("Provider").selectOption("onramp");
  await page.getByRole("button", { name: "Checkout" }).click();
  await expect(page).toHaveURL(/\/pay\/cs_[0-9a-f]{32}$/);
  await expect(page.getByText("Demo Shop").first()).toBeVisible();
  await expect(page.getByText("€12.34").first()).toBeVisible();
});

test("an unknown session is a 404 page", async ({ page }) => {
  const res = await page.goto("/pay/cs_00000000000000000000000000000000");
  expect(res?.status()).toBe(404);
});

test("pages run their scripts under the nonce CSP: no violations, hydrated", async ({ page, request }) => {
  const created = await request.post("/api/v1/checkout/sessions", { headers: auth, data: { ...sessionBody, customer_id: "e2e-csp" } });
  const { url } = await created.json();
  for (const path of ["/", "/demo", "/admin/login", new URL(url).pathname, "/no-such-page"]) {
    const violations: string[] = [];
    page.removeAllListeners("console");
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(path);
    expect(res?.headers()["content-security-policy"], path).toContain("nonce-");
    await page.waitForLoadState("load");
    expect(violations, path).toEqual([]);
  }
});
