import { handler } from "@/lib/http/respond";
import { receiveDemoWebhook } from "@/lib/webhooks/demo-receiver";

// The demo shop's webhook endpoint (the seeded demo merchant's endpoint points here).
export const POST = handler("POST /demo/webhooks/receive", async (request: Request) => {
  const outcome = await receiveDemoWebhook({ body: await request.text(), headers: request.headers });
  if (outcome.status === 204) return new Response(null, { status: 204 });
  return Response.json({ error: outcome.error }, { status: outcome.status });
});
