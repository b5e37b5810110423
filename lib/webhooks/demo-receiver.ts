import { desc } from "drizzle-orm";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { getDb } from "@/db/client";
import { demoWebhookReceipts, type DemoWebhookReceipt } from "@/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";

// The demo shop's side of webhooks: what a merchant's server does with our deliveries.
// It verifies with the `standardwebhooks` package, an implementation independent of
// ours (signature.ts), so the demo doubles as a live check of the signing.
const MAX_BODY = 256 * 1024;

export type ReceiveOutcome = { status: 204 } | { status: 400 | 413 | 503; error: string };

export async function receiveDemoWebhook(args: { body: string; headers: Headers; secret?: string }): Promise<ReceiveOutcome> {
  const secret = args.secret ?? env.DEMO_WEBHOOK_SECRET;
  const webhookId = args.headers.get("webhook-id")?.slice(0, 100) ?? null;
  const store = async (verified: boolean, error: string | null, payload: Record<string, unknown> | null) => {
    const db = await getDb();
    const type = payload && typeof payload.type === "string" ? payload.type.slice(0, 100) : null;
    await db.insert(demoWebhookReceipts).values({ id: newId("demoWebhookReceipt"), webhookId, eventType: type, verified, error, payload });
  };
  if (!secret) {
    await store(false, "the demo has no webhook secret configured", null);
    return { status: 503, error: "not configured" };
  }
  if (args.body.length > MAX_BODY) {
    await store(false, "body too large", null);
    return { status: 413, error: "body too large" };
  }
  const headers: Record<string, string> = {};
  for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) headers[name] = args.headers.get(name) ?? "";
  try {
    const payload = new Webhook(secret).verify(args.body, headers) as Record<string, unknown>;
    await store(true, null, payload);
    return { status: 204 };
  } catch (e) {
    // Unverified bodies are not kept: anyone can post here.
    const error = e instanceof WebhookVerificationError ? e.message : "unreadable payload";
    await store(false, error, null);
    return { status: 400, error };
  }
}

export async function listDemoReceipts(limit = 100): Promise<DemoWebhookReceipt[]> {
  const db = await getDb();
  return db.select().from(demoWebhookReceipts).orderBy(desc(demoWebhookReceipts.id)).limit(limit);
}
