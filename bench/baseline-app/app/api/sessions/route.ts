import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { checkoutSessions } from "@/db/schema";
import { newId } from "@/lib/ids";

// The same single insert the merchant API makes for a new session, with the same driver,
// pool size and id scheme, and nothing else: no auth, rate limit, validation or idempotency.
const url = process.env.DATABASE_URL;
const merchantId = process.env.BASELINE_MERCHANT_ID;
const db = url ? drizzle(postgres(url, { max: 10, onnotice: () => undefined, idle_timeout: 30 })) : null;

export const dynamic = "force-dynamic";

interface Body {
  amount: number;
  currency: string;
  customer_id: string;
  success_url: string;
  cancel_url: string;
  description?: string;
  metadata?: Record<string, string>;
}

export async function POST(request: Request) {
  if (!db || !merchantId) return Response.json({ error: "DATABASE_URL and BASELINE_MERCHANT_ID must be set" }, { status: 500 });
  const body = (await request.json()) as Body;
  const [row] = await db
    .insert(checkoutSessions)
    .values({
      id: newId("session"),
      merchantId,
      status: "open",
      amount: body.amount,
      currency: body.currency,
      customerId: body.customer_id,
      customer: null,
      successUrl: body.success_url,
      cancelUrl: body.cancel_url,
      description: body.description ?? null,
      provider: "onramp",
      metadata: body.metadata ?? {},
      expiresAt: new Date(Date.now() + 60 * 60 * 1000),
    })
    .returning();
  return Response.json(row, { status: 201, headers: { "cache-control": "no-store" } });
}
