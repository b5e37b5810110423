import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutSessions } from "@/db/schema";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-header";
import type { RunningSandbox } from "@/sandbox/server";
import { startQuietSandbox } from "@/test/sandbox";
import { createMerchant, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { payThroughRoute } from "@/test/pay-route";

// The session's billing details win over the payer's, except a detail the provider refused
// in the session's latest attempt: the page asks the payer for it, and the answer counts.
let sandbox: RunningSandbox;
beforeAll(async () => {
  await testDb();
  sandbox = await startQuietSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

let n = 0;
async function payBank(sessionId: string, billing?: Record<string, unknown>) {
  const res = await payThroughRoute(sessionId, { headers: { [PEER_ADDRESS_HEADER]: `198.51.100.${120 + (n++ % 50)}` }, billing });
  return { status: res.status, body: (await res.json()) as { error?: { fields?: Array<{ path: string }> } } };
}

async function sessionCountry(merchantId: string, sessionId: string) {
  const db = await getDb();
  const [s] = await db.select({ customer: checkoutSessions.customer }).from(checkoutSessions).where(and(eq(checkoutSessions.id, sessionId), eq(checkoutSessions.merchantId, merchantId)));
  return s?.customer?.address?.country;
}

const customer = (country: string) => ({ email: "payer@example.test", first_name: "Ada", last_name: "Lovelace", address: { line1: "1 Main St", city: "London", postal_code: "N1 9GU", country, state: "LDN" } });

describe("billing details the provider refused", () => {
  it("a withdrawn country from the merchant is refused, then the payer's correction goes through and is kept", async () => {
    const { merchant } = await createMerchant({ providers: ["onramp"], baseUrl: `${sandbox.url}/onramp` });
    const session = await createSession(merchant.id, { customer: customer("NH") });
    const refused = await payBank(session.id);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.fields?.map((f) => f.path)).toEqual(["billing.address.country"]);
    // Refused, so not kept: the session still holds the merchant's value.
    expect(await sessionCountry(merchant.id, session.id)).toBe("NH");

    const corrected = await payBank(session.id, { address: { country: "GB" } });
    expect(corrected.status).toBe(200);
    expect(await sessionCountry(merchant.id, session.id)).toBe("GB");
  });

  it("without a refusal the session's own details win over what the payer sends", async () => {
    const { merchant } = await createMerchant({ providers: ["onramp"], baseUrl: `${sandbox.url}/onramp` });
    const session = await createSession(merchant.id, { customer: customer("FR") });
    const paid = await payBank(session.id, { address: { country: "GB" } });
    expect(paid.status).toBe(200);
    expect(await sessionCountry(merchant.id, session.id)).toBe("FR");
  });

  it("a refusal of one field lets the payer replace that field only", async () => {
    const { merchant } = await createMerchant({ providers: ["onramp"], baseUrl: `${sandbox.url}/onramp` });
    const session = await createSession(merchant.id, { customer: customer("NH") });
    expect((await payBank(session.id)).status).toBe(400);
    const corrected = await payBank(session.id, { first_name: "Mallory", address: { country: "GB" } });
    expect(corrected.status).toBe(200);
    const db = await getDb();
    const [s] = await db.select({ customer: checkoutSessions.customer }).from(checkoutSessions).where(eq(checkoutSessions.id, session.id));
    expect(s?.customer).toMatchObject({ first_name: "Ada", address: { country: "GB" } });
  });
});
