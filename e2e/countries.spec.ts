import isoCountries from "i18n-iso-countries";
import { expect, test } from "@playwright/test";
import { BILLING, createSession, fillCard, getSession, payButton } from "./helpers/checkout";

// The Country list once showed five countries twice, three of them first under withdrawn
// codes (NH Vanuatu, VD Vietnam, RH Zimbabwe); a withdrawn code was saved on the session and
// the payment could never go through. These walk both halves as a payer would.

const WITHDRAWN = ["NH", "VD", "RH", "AN", "YU", "CS", "TP", "ZR"];

test("the country list offers each current ISO 3166-1 country once", async ({ page, request }) => {
  const session = await createSession(request, { customer: { email: BILLING.email, first_name: BILLING.first_name, last_name: BILLING.last_name } });
  await page.goto(session.url);
  const options = await page
    .getByLabel("Country")
    .locator("option")
    .evaluateAll((els) => els.map((el) => ({ value: (el as HTMLOptionElement).value, name: el.textContent?.trim() ?? "" })));
  const countries = options.filter((o) => o.value !== "");
  const current = new Set(Object.keys(isoCountries.getAlpha2Codes()));
  expect(countries.length).toBeGreaterThan(240);
  expect(new Set(countries.map((c) => c.value)).size, "each code once").toBe(countries.length);
  expect(new Set(countries.map((c) => c.name)).size, "each name once").toBe(countries.length);
  expect(countries.filter((c) => !current.has(c.value)).map((c) => c.value), "only current codes").toEqual([]);
  expect(countries.filter((c) => WITHDRAWN.includes(c.value))).toEqual([]);
  for (const name of ["Benin", "Burkina Faso", "Vanuatu", "Vietnam", "Zimbabwe"]) {
    expect(countries.filter((c) => c.name === name), name).toHaveLength(1);
  }
});

test("a country the provider refuses is highlighted, not kept, and the payment goes through once the payer corrects it", async ({ page, request }) => {
  // The merchant sent a withdrawn code: the session accepts two letters, the provider does not.
  const session = await createSession(request, { customer: { ...BILLING, address: { ...BILLING.address, country: "NH" } } });
  await page.goto(session.url);
  await fillCard(page, "001");
  // The page came without the country list (the merchant had sent a country): it is fetched
  // once the form asks for the country.
  const listFetched = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/checkout/countries" && r.ok());
  await payButton(page).click();

  const country = page.getByLabel("Country");
  await expect(country).toBeVisible();
  await expect(country).toHaveAttribute("aria-invalid", "true");
  await listFetched;
  await expect(country.locator('option[value="GB"]')).toHaveText("United Kingdom");
  await expect(country.locator("option")).toHaveCount(250);
  await expect(page.getByRole("alert").first()).toBeVisible();

  // Nothing the provider refused was saved: a reload still asks for the country.
  await page.reload();
  await fillCard(page, "001");
  await payButton(page).click();
  await expect(page.getByLabel("Country")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Country").selectOption("GB");
  await fillCard(page, "001");
  await payButton(page).click();
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  expect((await getSession(request, session.id)).status).toBe("paid");
});
