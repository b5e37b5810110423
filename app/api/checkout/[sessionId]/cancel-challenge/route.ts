import { errorResponse, handler, parseWith, readJson, toResponse } from "@/lib/http/respond";
import { BODY_LIMITS } from "@/lib/http/request-body";
import { CancelChallengeRequest, cancelChallenge } from "@/lib/checkout/cancel-challenge";

export const dynamic = "force-dynamic";

export const POST = handler("POST /api/checkout/:sessionId/cancel-challenge", async (request: Request, context: { params: Promise<{ sessionId: string }> }) => {
  const { sessionId } = await context.params;
  const body = await readJson(request, BODY_LIMITS.pay);
  if (!body.ok) return errorResponse(body.error);
  const input = parseWith(CancelChallengeRequest, body.value);
  if (!input.ok) return errorResponse(input.error);
  return toResponse(await cancelChallenge({ sessionId, request: input.value }));
});
