import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { FENIGE_TEST_HINTS, FENIGE_WALLET_HINTS } from "./test-hints";

// The checkout's hints and the sandbox's wallets must name the same test data. They share
// no code (the checkout never imports the sandbox), so this test holds them together.
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

type Wallet = { phoneNumber: string; currency: string; scenario: string; method?: string; authenticationStatus?: string; special?: string };

describe("Fenige test hints", () => {
  it("list exactly the sandbox's test wallets, each with what it does", async () => {
    const data = (await (await fetch(`${sandbox.url}/_sandbox/test-data`)).json()) as { FENIGE_WALLETS: Wallet[] };
    const wallets = data.FENIGE_WALLETS.filter((w) => w.phoneNumber.startsWith("485"));
    expect(FENIGE_WALLET_HINTS.map((h) => h.phone).sort()).toEqual(wallets.map((w) => w.phoneNumber).sort());
    for (const w of wallets) {
      const hint = FENIGE_WALLET_HINTS.find((h) => h.phone === w.phoneNumber)?.outcome ?? "";
      const expect_ = (re: RegExp) => expect(hint, `${w.phoneNumber}: ${hint}`).toMatch(re);
      if (w.currency !== "PLN") expect_(new RegExp(w.currency));
      if (w.scenario.includes("challenge") || (w.method && w.method !== "no_url")) expect_(/challenge/);
      if (w.scenario.startsWith("method")) expect_(/device check/i);
      if (w.method === "late") expect_(/after 10 s/);
      if (w.method === "never") expect_(/never/);
      if (w.method === "no_url") expect_(/\(U\)/);
      if (w.scenario === "declined") expect_(/authentication N/);
      if (w.authenticationStatus) expect_(new RegExp(`\\b${w.authenticationStatus}\\)`));
      if (w.special === "card_blocked") expect_(/blocked/i);
      if (w.special === "card_not_active") expect_(/not active/i);
      if (w.special === "send_money_failure") expect_(/FAILURE/);
      if (w.special === "acs_down") expect_(/down/);
    }
    expect(FENIGE_TEST_HINTS.rows.map((r) => r.input)).toContain("+48500000001");
  });
});
