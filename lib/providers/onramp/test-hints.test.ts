import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { ONRAMP_TEST_HINTS } from "./test-hints";

// The checkout's hints and the sandbox's behaviour must name the same test data. They
// share no code (the checkout never imports the sandbox), so this test holds them together.
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

describe("ON/RAMP test hints", () => {
  it("list exactly the CVVs the sandbox acts on, with the same decline reason and code", async () => {
    const data = (await (await fetch(`${sandbox.url}/_sandbox/test-data`)).json()) as {
      ONRAMP_TEST_CVVS: Array<{ cvv: string; behaviour: { type: string; reason?: string } }>;
      ONRAMP_ERROR_CODES: Record<string, string>;
    };
    const hinted = ONRAMP_TEST_HINTS.rows.filter((r) => r.input.startsWith("CVC ")).map((r) => r.input.slice(4));
    expect(hinted.sort()).toEqual(data.ONRAMP_TEST_CVVS.map((c) => c.cvv).sort());
    for (const c of data.ONRAMP_TEST_CVVS) {
      const row = ONRAMP_TEST_HINTS.rows.find((r) => r.input === `CVC ${c.cvv}`);
      if (c.behaviour.reason) {
        expect(row?.outcome).toContain(c.behaviour.reason);
        if (c.behaviour.type === "decline") expect(row?.outcome).toContain(`code ${data.ONRAMP_ERROR_CODES[c.behaviour.reason]}`);
      }
    }
  });
});
