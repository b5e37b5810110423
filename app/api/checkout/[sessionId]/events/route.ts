import { errorResponse, handler } from "@/lib/http/respond";
import { timedStep } from "@/lib/telemetry/server-timing";
import { paymentEventStream } from "@/lib/checkout/payment-progress-stream";

export const dynamic = "force-dynamic";

export const GET = timedStep("progress", handler("GET /api/checkout/:sessionId/events", async (request: Request, context: { params: Promise<{ sessionId: string }> }) => {
  const { sessionId } = await context.params;
  const operationId = new URL(request.url).searchParams.get("op") ?? "";
  const stream = await paymentEventStream(sessionId, operationId, { signal: request.signal });
  if (!stream.ok) return errorResponse(stream.error);
  return new Response(stream.value, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}));
