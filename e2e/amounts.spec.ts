import { expect, test } from "@playwright/test";
import { createSession, fillCard } from "./helpers/checkout";

// One ISO 4217 table decides what our page shows, what ON/RAMP is sent (minor units) and
// what the provider's 3-D Secure page shows: the payer must read the same amount on both.
// HUF has 2 decimals by ISO (though 0 in cash), JPY 0, KWD 3, EUR 2.
const CASES = [
  { currency: "HUF", text: "HUF 24.90" },
  { currency: "JPY", text: "JP¥2,490" },
  { currency: "KWD", text: "KWD 2.490" },
  { currency: "EUR", text: "€24.90" },
];

for (const c of CASES) {
  test(`2490 ${c.currency} reads ${c.text} on our page and on the provider's 3-D Secure page`, async ({ page, request }) => {
    const session = await createSession(request, { amount: 2490, currency: c.currency, provider: "onramp" });
    await page.goto(session.url);
    const ours = page.getByRole("heading", { level: 1 }).getByTestId("amount");
    await expect(ours).toHaveText(c.text);
    const shown = ((await ours.textContent()) ?? "").trim();
    await fillCard(page, "004");
    await page.getByRole("button", { name: `Pay ${shown}` }).click();

    await page.waitForURL(/\/onramp\/acs\//);
    await expect(page.getByRole("heading", { name: /3-D Secure verification/ })).toBeVisible();
    const theirs = page.getByRole("term").filter({ hasText: /^Amount$/ }).locator("xpath=following-sibling::dd[1]");
    await expect(theirs).toHaveText(shown);
  });
}
