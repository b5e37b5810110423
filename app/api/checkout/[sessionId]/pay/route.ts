import { handler, parseWith, readJson, toResponse, errorResponse } from "@/lib/http/respond";
import { timedStep } from "@/lib/telemetry/server-timing";
import { PayRequest } from "@/lib/checkout/card-payload";
import { startPayment } from "@/lib/checkout/start-payment";
import { payClientFrom } from "@/lib/http/client-address";
import { BODY_LIMITS } from "@/lib/http/request-body";

export const dynamic = "force-dynamic";

export const POST = timedStep("pay", handler("POST /api/checkout/:sessionId/pay", async (request: Request, context: { params: Promise<{ sessionId: string }> }) => {
  const { sessionId } = await context.params;
  const body = await readJson(request, BODY_LIMITS.pay);
  if (!body.ok) return errorResponse(body.error);
  const input = parseWith(PayRequest, body.value);
  if (!input.ok) return errorResponse(input.error);
  return toResponse(await startPayment({ sessionId, request: input.value, client: payClientFrom(request.headers) }));
}));
