import type { Queryable, StatementRunner } from "@/db/client";
import type { Merchant } from "@/db/schema";
import { errorBody, errorResponse, handler, readJson } from "@/lib/http/respond";
import { AppError, isAppError } from "@/lib/errors";
import { env } from "@/lib/env";
import type { Result } from "@/lib/result";
import { authorizeApiRequest } from "./authorize";
import { isValidIdempotencyKey, withIdempotency, type IdempotencyMode, type IdempotentWork } from "./idempotency";

/**
 * `db` is where the handler does its work: for a POST with an Idempotency-Key in
 * `transaction` mode, the transaction that also stores the answer under the key, so the
 * work and the answer commit together or not at all. In `statement` mode `storeAnswer(201)`
 * gives the domain function the runner for its one write statement, which stores the answer
 * `{ 201, result }` in that statement (undefined without an Idempotency-Key). Domain
 * functions take both as they are.
 */
export type MerchantHandler = (ctx: {
  merchant: Merchant;
  body: unknown;
  request: Request;
  params: Record<string, string>;
  db: Queryable;
  storeAnswer: (status: number) => StatementRunner | undefined;
}) => Promise<{ result: Result<unknown>; status?: number }>;

const API_RATE_LIMIT_WINDOW_MS = 60_000;

function answer(result: Result<unknown>, status: number): { status: number; body: unknown } {
  return result.ok ? { status, body: result.value } : { status: result.error.status, body: errorBody(result.error) };
}

/**
 * Plumbing shared by every merchant API route: bearer auth, the per-merchant rate limit and
 * the stored Idempotency-Key record in one round trip, the JSON body, and for POST the
 * Idempotency-Key contract (`idempotency` says how the work and the key meet, see
 * idempotency.ts). The route itself only parses and calls one domain function.
 */
export function merchantRoute(where: string, fn: MerchantHandler, options: { idempotency?: IdempotencyMode } = {}) {
  return handler(where, async (request: Request, context?: { params: Promise<Record<string, string>> }) => {
    const params = context ? await context.params : {};
    const isPost = request.method === "POST";
    const idempotencyKey = isPost ? request.headers.get("idempotency-key") : null;
    const auth = await authorizeApiRequest({
      authorization: request.headers.get("authorization"),
      idempotencyKey: idempotencyKey !== null && isValidIdempotencyKey(idempotencyKey) ? idempotencyKey : null,
      rate: { limit: env.API_RATE_LIMIT_PER_MINUTE, windowMs: API_RATE_LIMIT_WINDOW_MS },
    });
    if (!auth.ok) return errorResponse(auth.error);
    const { merchant, rate, idempotency } = auth.value;
    if (rate && !rate.allowed) {
      return errorResponse(new AppError("rate_limited", "Too many requests for this merchant. Retry after the time in Retry-After.", { retryAfterSeconds: rate.retryAfterSeconds }));
    }
    let body: unknown = undefined;
    if (isPost) {
      const parsed = await readJson(request);
      if (!parsed.ok) return errorResponse(parsed.error);
      body = parsed.value;
    }
    const run = async ({ db, storeAnswer }: IdempotentWork) => {
      try {
        const { result, status } = await fn({ merchant, body, request, params, db, storeAnswer });
        return answer(result, status ?? 200);
      } catch (e) {
        if (isAppError(e)) return { status: e.status, body: errorBody(e) };
        throw e;
      }
    };
    const path = new URL(request.url).pathname;
    const out = await withIdempotency(
      { merchantId: merchant.id, key: idempotencyKey, method: "POST", path, body, stored: idempotency, mode: options.idempotency ?? "transaction" },
      run,
    );
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (out.replayed) headers["idempotent-replayed"] = "true";
    return Response.json(out.body, { status: out.status, headers });
  });
}
