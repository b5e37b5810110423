import { handler, toResponse } from "@/lib/http/respond";
import { timedStep } from "@/lib/telemetry/server-timing";
import { refreshPaymentState } from "@/lib/checkout/payment-progress-refresh";

export const dynamic = "force-dynamic";

export const POST = timedStep("refresh", handler("POST /api/checkout/:sessionId/refresh", async (request: Request, context: { params: Promise<{ sessionId: string }> }) => {
  const { sessionId } = await context.params;
  const operationId = new URL(request.url).searchParams.get("op") ?? "";
  return toResponse(await refreshPaymentState(sessionId, operationId));
}));
