import { errorResponse, handler } from "@/lib/http/respond";
import { BODY_LIMITS, readBodyText } from "@/lib/http/request-body";
import { receiveDemoWebhook } from "@/lib/webhooks/demo-receiver";

// The demo shop's webhook endpoint (the seeded demo merchant's endpoint points here).
export const POST = handler("POST /demo/webhooks/receive", async (request: Request) => {
  const body = await readBodyText(request, BODY_LIMITS.demoWebhook);
  if (!body.ok) return errorResponse(body.error);
  const outcome = await receiveDemoWebhook({ body: body.value, headers: request.headers });
  if (outcome.status === 204) return new Response(null, { status: 204 });
  return Response.json({ error: outcome.error }, { status: outcome.status });
});
