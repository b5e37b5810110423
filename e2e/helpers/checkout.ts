import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { e2eEnv } from "../../playwright.config";

// Shared steps for checkout specs: sessions are made through the public merchant API
// with the demo key, and the page is driven by roles and labels only.

export const auth = { authorization: `Bearer ${e2eEnv.demoApiKey}` };

export const BILLING = {
  email: "payer@example.test",
  first_name: "Ada",
  last_name: "Lovelace",
  address: { line1: "1 Main Street", city: "London", state: "Greater London", postal_code: "N1 9GU", country: "GB" },
};

export const TEST_CARD = { number: "4111 1111 1111 1111", expiry: `12 / ${String((new Date().getFullYear() + 3) % 100).padStart(2, "0")}`, name: "Ada Lovelace" };

export interface SessionJson {
  id: string;
  url: string;
  status: string;
  latest_operation: { id: string; status: string; decline: { code: string | null; reason: string | null } | null; card: { brand: string; last4: string } | null } | null;
}

export async function createSession(request: APIRequestContext, body: Record<string, unknown> = {}): Promise<SessionJson> {
  const res = await request.post("/api/v1/checkout/sessions", {
    headers: { ...auth, "idempotency-key": `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    data: {
      amount: 2490,
      currency: "EUR",
      customer_id: `e2e-${Date.now()}`,
      customer: BILLING,
      success_url: `${e2eEnv.appUrl}/demo/return?outcome=success`,
      cancel_url: `${e2eEnv.appUrl}/demo/return?outcome=cancel`,
      ...body,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as SessionJson;
}

export async function getSession(request: APIRequestContext, id: string): Promise<SessionJson> {
  const res = await request.get(`/api/v1/checkout/sessions/${id}`, { headers: auth });
  expect(res.status()).toBe(200);
  return (await res.json()) as SessionJson;
}

export async function listOperations(request: APIRequestContext, sessionId: string): Promise<Array<{ id: string; status: string }>> {
  const res = await request.get(`/api/v1/operations?session_id=${sessionId}`, { headers: auth });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: Array<{ id: string; status: string }> }).data;
}

/** The form's button turns enabled once the page's script runs, as a payer sees it do. */
export async function formReady(page: Page) {
  await expect(page.locator("form button[type=submit]").first()).toBeEnabled();
}

export async function fillCard(page: Page, cvc: string, card: Partial<typeof TEST_CARD> = {}) {
  const c = { ...TEST_CARD, ...card };
  await formReady(page);
  await page.getByLabel("Card number").fill(c.number);
  await page.getByLabel("Expiry date").fill(c.expiry);
  await page.getByLabel("Security code").fill(cvc);
  await page.getByLabel("Name on card").fill(c.name);
}

export function payButton(page: Page) {
  return page.getByRole("button", { name: /^Pay €/ });
}

/** The mock ACS on the sandbox's origin: Approve or Decline. */
export async function actOnAcs(page: Page, choice: "Approve" | "Decline") {
  await page.waitForURL(/\/onramp\/acs\//);
  await expect(page.getByRole("heading", { name: /3-D Secure verification/ })).toBeVisible();
  await page.getByRole("button", { name: choice }).click();
}

/** Success page, then the merchant's success URL, where the shop asks the API. */
export async function expectSuccessAndMerchantRedirect(page: Page, request: APIRequestContext, sessionId: string) {
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await page.waitForURL((u) => u.pathname === "/demo/return" && u.searchParams.get("session_id") === sessionId, { timeout: 20_000 });
  await expect(page.getByTestId("session-status")).toHaveText("paid");
  const session = await getSession(request, sessionId);
  expect(session.status).toBe("paid");
  expect(session.latest_operation?.status).toBe("succeeded");
}
