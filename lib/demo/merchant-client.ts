import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appUrl, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ProviderName } from "@/lib/providers/names";

// The demo shop is written the way a merchant would integrate: its server talks to our
// merchant API over HTTP with its API key, never to our database.
const SessionAnswer = z.object({ id: z.string(), url: z.url(), status: z.string(), amount: z.number(), currency: z.string() }).loose();

function key(): string {
  if (!env.DEMO_API_KEY) throw new AppError("unprocessable", "The demo shop has no API key (set DEMO_API_KEY).");
  return env.DEMO_API_KEY;
}

export async function createDemoSession(input: { amount: number; currency: string; provider: ProviderName; customerId: string }) {
  const base = appUrl();
  const res = await fetch(`${base}/api/v1/checkout/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key()}`, "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify({
      amount: input.amount,
      currency: input.currency,
      customer_id: input.customerId,
      provider: input.provider,
      description: "Demo order",
      success_url: `${base}/demo/return?outcome=success`,
      cancel_url: `${base}/demo/return?outcome=cancel`,
      customer: {
        email: "payer@example.com",
        first_name: "Jane",
        last_name: "Payer",
        address: { line1: "1 Main Street", city: "London", state: "Greater London", postal_code: "N1 9GU", country: "GB" },
      },
      metadata: { order: `demo-${Date.now()}` },
    }),
  });
  const body: unknown = await res.json();
  if (!res.ok) {
    const message = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
    throw new AppError("unprocessable", message.success ? message.data.error.message : `The checkout API answered ${res.status}.`);
  }
  return SessionAnswer.parse(body);
}

export async function getDemoSession(sessionId: string) {
  const res = await fetch(`${appUrl()}/api/v1/checkout/sessions/${encodeURIComponent(sessionId)}`, {
    headers: { authorization: `Bearer ${key()}` },
    cache: "no-store",
  });
  if (!res.ok) return null;
  return z
    .object({
      id: z.string(),
      status: z.string(),
      amount: z.number(),
      currency: z.string(),
      latest_operation: z.object({ id: z.string(), status: z.string(), decline: z.object({ reason: z.string().nullable() }).nullable() }).loose().nullable(),
    })
    .loose()
    .parse(await res.json());
}
