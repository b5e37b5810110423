import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { webhookDeliveries } from "@/db/schema";
import { createMerchant } from "@/test/factories";
import { testDb } from "@/test/db";
import { createEndpoint } from "./endpoints";
import { enqueueWebhookEvent } from "./outbox";
import { startWebhookWorker } from "./worker";

describe("webhook worker loop", () => {
  const got: string[] = [];
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    await testDb();
    server = http.createServer((req, res) => {
      got.push(String(req.headers["webhook-id"]));
      req.resume();
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("wakes on NOTIFY when an event is committed, long before its poll interval, and stops cleanly", async () => {
    const { merchant } = await createMerchant();
    const ep = await createEndpoint({ merchantId: merchant.id, input: { url: `http://127.0.0.1:${port}/w` } });
    expect(ep.ok).toBe(true);
    const stop = await startWebhookWorker({ pollIntervalMs: 120_000, merchantId: merchant.id });
    try {
      // Let the first (empty) pass finish so the loop is asleep on its long poll.
      await new Promise((r) => setTimeout(r, 300));
      const db = await testDb();
      const started = Date.now();
      const eventId = await db.transaction((tx) => enqueueWebhookEvent(tx, { merchantId: merchant.id, type: "operation.succeeded", data: {} }));
      while (!got.includes(eventId) && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
      expect(got).toContain(eventId);
      expect(Date.now() - started).toBeLessThan(10_000);
      for (let i = 0; i < 40; i++) {
        const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
        if (d?.status === "succeeded") break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
      expect(d?.status).toBe("succeeded");
    } finally {
      await stop();
    }
  });
});
