import type { Merchant } from "@/db/schema";
import { errorBody, errorResponse, handler, readJson } from "@/lib/http/respond";
import { AppError, isAppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { hit } from "@/lib/security/rate-limit";
import type { Result } from "@/lib/result";
import { authenticateMerchant } from "./authenticate";
import { withIdempotency } from "./idempotency";

export type MerchantHandler = (ctx: { merchant: Merchant; body: unknown; request: Request; params: Record<string, string> }) => Promise<{ result: Result<unknown>; status?: number }>;

function answer(result: Result<unknown>, status: number): { status: number; body: unknown } {
  return result.ok ? { status, body: result.value } : { status: result.error.status, body: errorBody(result.error) };
}

/**
 * Plumbing shared by every merchant API route: bearer auth, JSON body, and for POST the
 * Idempotency-Key contract. The route itself only parses and calls one domain function.
 */
export function merchantRoute(where: string, fn: MerchantHandler) {
  return handler(where, async (request: Request, context?: { params: Promise<Record<string, string>> }) => {
    const params = context ? await context.params : {};
    const auth = await authenticateMerchant(request.headers.get("authorization"));
    if (!auth.ok) return errorResponse(auth.error);
    const merchant = auth.value;
    const limit = await hit(`api:${merchant.id}`, env.API_RATE_LIMIT_PER_MINUTE, 60_000);
    if (!limit.allowed) {
      return errorResponse(new AppError("rate_limited", "Too many requests for this merchant. Retry after the time in Retry-After.", { retryAfterSeconds: limit.retryAfterSeconds }));
    }
    const isPost = request.method === "POST";
    let body: unknown = undefined;
    if (isPost) {
      const parsed = await readJson(request);
      if (!parsed.ok) return errorResponse(parsed.error);
      body = parsed.value;
    }
    const run = async () => {
      try {
        const { result, status } = await fn({ merchant, body, request, params });
        return answer(result, status ?? 200);
      } catch (e) {
        if (isAppError(e)) return { status: e.status, body: errorBody(e) };
        throw e;
      }
    };
    const path = new URL(request.url).pathname;
    const out = isPost
      ? await withIdempotency({ merchantId: merchant.id, key: request.headers.get("idempotency-key"), method: "POST", path, body }, run)
      : { ...(await run()), replayed: false };
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (out.replayed) headers["idempotent-replayed"] = "true";
    return Response.json(out.body, { status: out.status, headers });
  });
}
