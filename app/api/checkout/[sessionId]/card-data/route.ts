import { errorResponse, handler, parseWith, readJson, toResponse } from "@/lib/http/respond";
import { BODY_LIMITS } from "@/lib/http/request-body";
import { SendCardDataRequest, sendCardData } from "@/lib/checkout/send-card-data";

export const dynamic = "force-dynamic";

export const POST = handler("POST /api/checkout/:sessionId/card-data", async (request: Request, context: { params: Promise<{ sessionId: string }> }) => {
  const { sessionId } = await context.params;
  const body = await readJson(request, BODY_LIMITS.pay);
  if (!body.ok) return errorResponse(body.error);
  const input = parseWith(SendCardDataRequest, body.value);
  if (!input.ok) return errorResponse(input.error);
  return toResponse(await sendCardData({ sessionId, request: input.value }));
});
