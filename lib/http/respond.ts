import { AppError, fieldsFromIssues, isAppError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { log } from "@/lib/log";
import type { z } from "zod";

// The one place where domain outcomes become HTTP answers for the JSON APIs.
export function errorBody(e: AppError) {
  return { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } };
}

export function errorResponse(e: AppError): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (e.retryAfterSeconds) headers["retry-after"] = String(e.retryAfterSeconds);
  return Response.json(errorBody(e), { status: e.status, headers });
}

export function toResponse<T>(result: Result<T>, status = 200): Response {
  if (!result.ok) return errorResponse(result.error);
  return Response.json(result.value, { status, headers: { "cache-control": "no-store" } });
}

export function internalError(e: unknown, where: string): Response {
  log.error("unhandled error", { where, error: e });
  return errorResponse(new AppError("internal", "Something went wrong on our side. Try again; no payment was duplicated."));
}

/** Wrap a route handler so an unexpected throw answers a clean 500. */
export function handler<A extends unknown[]>(where: string, fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (e) {
      if (isAppError(e)) return errorResponse(e);
      return internalError(e, where);
    }
  };
}

export async function readJson(request: Request): Promise<Result<unknown>> {
  const text = await request.text();
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: new AppError("invalid_json", "The request body is not valid JSON.") };
  }
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Result<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: new AppError("validation_failed", "The request has invalid fields.", { fields: fieldsFromIssues(parsed.error.issues) }),
  };
}
