import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { like } from "drizzle-orm";
import { rateLimitBuckets } from "@/db/schema";
import { authOptions } from "@/lib/admin/auth-options";
import { PAY_LIMITS } from "@/lib/checkout/start-payment";
import { uuidOf } from "@/lib/ids";
import type { RunningSandbox } from "@/sandbox/server";
import { startQuietSandbox } from "@/test/sandbox";
import { createAdmin, createMerchant, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { payThroughRoute } from "@/test/pay-route";
import { clientAddress, normalizeAddress, UNKNOWN_CLIENT } from "./client-address";
import { PEER_ADDRESS_HEADER } from "./peer-header";

const peer = (address: string, forwarded?: string) =>
  new Headers({ [PEER_ADDRESS_HEADER]: address, ...(forwarded === undefined ? {} : { "x-forwarded-for": forwarded }) });

describe("the client's address", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress(peer("198.51.100.7", "203.0.113.1"), 0)).toBe("198.51.100.7");
    expect(clientAddress(peer("198.51.100.7"), 0)).toBe("198.51.100.7");
  });

  it("believes exactly the configured number of hops, counted from the right", () => {
    // client 203.0.113.50 -> CDN (appends it) -> load balancer (appends the CDN) -> app
    const chain = "6.6.6.6, 203.0.113.50, 192.0.2.10";
    expect(clientAddress(peer("10.0.0.2", chain), 1)).toBe("192.0.2.10");
    expect(clientAddress(peer("10.0.0.2", chain), 2)).toBe("203.0.113.50");
    // A client-written entry further left is never reached.
    expect(clientAddress(peer("10.0.0.2", "6.6.6.6, 203.0.113.50"), 1)).toBe("203.0.113.50");
  });

  it("takes the leftmost entry when the header has fewer entries than trusted hops, and stops at garbage", () => {
    expect(clientAddress(peer("10.0.0.2", "203.0.113.50"), 3)).toBe("203.0.113.50");
    expect(clientAddress(peer("10.0.0.2"), 2)).toBe("10.0.0.2");
    expect(clientAddress(peer("10.0.0.2", "203.0.113.50, not-an-ip"), 2)).toBe("10.0.0.2");
  });

  it("normalizes the forms proxies and sockets write", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("203.0.113.5:8080")).toBe("203.0.113.5");
    expect(normalizeAddress("2001:0db8:0000::0001")).toBe("2001:db8::1");
    expect(normalizeAddress("1")).toBeNull();
    expect(normalizeAddress("example.com")).toBeNull();
  });

  it("is unknown (one shared bucket) when the request did not come through our server", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.1" }), 0)).toBe(UNKNOWN_CLIENT);
    expect(clientAddress({ "x-forwarded-for": "203.0.113.1" }, 1)).toBe(UNKNOWN_CLIENT);
  });

  it("reads next-auth's plain header objects too", () => {
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: "198.51.100.8", "x-forwarded-for": "1.2.3.4" }, 0)).toBe("198.51.100.8");
  });
});

describe("a forged X-Forwarded-For escapes no limit and reaches no provider", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    await testDb();
    sandbox = await startQuietSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const payFrom = (sessionId: string, headers: Record<string, string>) => payThroughRoute(sessionId, { headers });

  it("limits pay per socket address however X-Forwarded-For changes", async () => {
    const { merchant } = await createMerchant();
    const address = "198.51.100.61";
    const statuses: number[] = [];
    for (let i = 0; i <= PAY_LIMITS.perIp.limit; i++) {
      // No billing details: every allowed attempt stops at 400 before any provider call.
      const session = await createSession(merchant.id);
      const res = await payFrom(session.id, { [PEER_ADDRESS_HEADER]: address, "x-forwarded-for": `203.0.113.${i}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array.from({ length: PAY_LIMITS.perIp.limit }, () => 400), 429]);
  });

  it("sends the provider the socket address, not the forged one", async () => {
    const { merchant } = await createMerchant({ providers: ["onramp"], baseUrl: `${sandbox.url}/onramp` });
    const billing = { email: "payer@example.test", first_name: "Ada", last_name: "Lovelace", address: { line1: "1 Main St", city: "London", postal_code: "N1 9GU", country: "GB", state: "LDN" } };
    const session = await createSession(merchant.id, { customer: billing });
    const res = await payFrom(session.id, { [PEER_ADDRESS_HEADER]: "::ffff:198.51.100.62", "x-forwarded-for": "203.0.113.99" });
    expect(res.status).toBe(200);
    const { operationId } = (await res.json()) as { operationId: string };
    const seen = (await (await fetch(`${sandbox.url}/_sandbox/operations/${uuidOf(operationId)}`)).json()) as { operation: { payerSeen: { ip: string; browser: { user_agent: string } }[] } };
    expect(seen.operation.payerSeen.map((p) => p.ip)).toEqual(["198.51.100.62"]);
    expect(seen.operation.payerSeen[0]?.browser.user_agent).toBe("test-agent");
  });

  it("counts admin sign-in attempts against the socket address", async () => {
    const { merchant } = await createMerchant();
    const admin = await createAdmin(merchant.id);
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: Record<string, string>, r: { headers: Record<string, string> }) => Promise<unknown> } };
    await expect(provider.options.authorize({ email: admin.email, password: "wrong" }, { headers: { [PEER_ADDRESS_HEADER]: "198.51.100.63", "x-forwarded-for": "203.0.113.77" } })).rejects.toThrow();
    const db = await testDb();
    const keys = (await db.select().from(rateLimitBuckets).where(like(rateLimitBuckets.key, "admin-login:%"))).map((r) => r.key);
    expect(keys.some((k) => k.includes("198.51.100.63"))).toBe(true);
    expect(keys.some((k) => k.includes("203.0.113.77"))).toBe(false);
  });
});
