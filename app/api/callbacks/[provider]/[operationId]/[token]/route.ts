import { errorResponse, handler, readForm, readJson } from "@/lib/http/respond";
import { BODY_LIMITS } from "@/lib/http/request-body";
import { findCallbackOperation, handleProviderCallback } from "@/lib/checkout/handle-provider-callback";
import { notFound } from "@/lib/errors";
import { timedStep } from "@/lib/telemetry/server-timing";
import type { Result } from "@/lib/result";

type Params = { provider: string; operationId: string; token: string };

/** JSON, form-encoded or empty: the provider decides the encoding, not us. */
function readBody(request: Request): Promise<Result<unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return readForm(request, BODY_LIMITS.callback);
  return readJson(request, BODY_LIMITS.callback);
}

export const POST = timedStep("callback", handler("POST /api/callbacks/:provider/:operationId/:token", async (request: Request, context: { params: Promise<Params> }) => {
  const params = await context.params;
  // The URL token authenticates the callback; nothing is read from an unauthenticated one.
  const operation = await findCallbackOperation(params);
  if (!operation) return errorResponse(notFound("Callback"));
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const url = new URL(request.url);
  const result = await handleProviderCallback(
    {
      provider: params.provider,
      operationId: params.operationId,
      token: params.token,
      body: body.value,
      headers: Object.fromEntries(request.headers),
      query: Object.fromEntries(url.searchParams),
    },
    operation,
  );
  if (!result.ok) return errorResponse(result.error);
  const { status, body: reply } = result.value;
  const headers = { "cache-control": "no-store" };
  return reply === undefined ? new Response(null, { status, headers }) : Response.json(reply, { status, headers });
}));
