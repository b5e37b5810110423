import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { documentedError } from "./payer-messages";
import { PAYSECURE_TEST_CARDS, PAYSECURE_TEST_HINTS } from "./test-hints";

// The checkout's hints and the sandbox's behaviour must name the same test cards. They
// share no code (the checkout never imports the sandbox), so this test holds them together.
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

interface TestData {
  PAYSECURE_ERROR_CARDS: Array<{ cardNumber: string; message: string; code: string; httpStatus: number }>;
  PAYSECURE_OUTCOME_CARDS: Array<{ cardNumber: string; outcome: string }>;
}

const digits = (s: string) => s.replace(/\s/g, "");

describe("Paysecure test hints", () => {
  it("list exactly the cards the sandbox acts on, each error card with the sandbox's message and our code for it", async () => {
    const data = (await (await fetch(`${sandbox.url}/_sandbox/test-data`)).json()) as TestData;
    const hinted = PAYSECURE_TEST_HINTS.rows.map((r) => digits(r.input));
    expect(hinted.sort()).toEqual([...data.PAYSECURE_ERROR_CARDS, ...data.PAYSECURE_OUTCOME_CARDS].map((c) => c.cardNumber).sort());
    for (const c of data.PAYSECURE_ERROR_CARDS) {
      const row = PAYSECURE_TEST_HINTS.rows.find((r) => digits(r.input) === c.cardNumber);
      const known = documentedError(c.message);
      expect(known, `the sandbox's "${c.message}" is a documented message`).not.toBeNull();
      expect(row?.outcome).toContain(c.message);
      expect(row?.outcome).toContain(`(${known?.code})`);
      expect(PAYSECURE_TEST_CARDS.errors[known?.code ?? "CARD_BLOCKED"]).toBe(c.cardNumber);
    }
    const outcome = (name: string) => data.PAYSECURE_OUTCOME_CARDS.find((c) => c.outcome === name)?.cardNumber;
    expect(outcome("frictionless_success")).toBe(PAYSECURE_TEST_CARDS.frictionless);
    expect(outcome("frictionless_failure")).toBe(PAYSECURE_TEST_CARDS.frictionlessDecline);
    expect(outcome("challenge")).toBe(PAYSECURE_TEST_CARDS.challenge);
    expect(outcome("challenge_then_issuer_decline")).toBe(PAYSECURE_TEST_CARDS.challengeThenDecline);
  });
});
