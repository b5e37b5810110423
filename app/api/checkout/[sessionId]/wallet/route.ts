import { errorResponse, handler, parseWith, readJson, toResponse } from "@/lib/http/respond";
import { FindWalletRequest, findWallet } from "@/lib/checkout/find-wallet";
import { payClientFrom } from "@/lib/http/client-address";
import { BODY_LIMITS } from "@/lib/http/request-body";

export const dynamic = "force-dynamic";

export const POST = handler("POST /api/checkout/:sessionId/wallet", async (request: Request, context: { params: Promise<{ sessionId: string }> }) => {
  const { sessionId } = await context.params;
  const body = await readJson(request, BODY_LIMITS.pay);
  if (!body.ok) return errorResponse(body.error);
  const input = parseWith(FindWalletRequest, body.value);
  if (!input.ok) return errorResponse(input.error);
  return toResponse(await findWallet({ sessionId, request: input.value, ip: payClientFrom(request.headers).ip }));
});
