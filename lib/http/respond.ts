import { AppError, fieldsFromIssues, isAppError, type FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { log } from "@/lib/log";
import { NextRequest } from "next/server";
import type { z } from "zod";
import { jsonInputProblems, namedTextProblems } from "./input-text";
import { BODY_LIMITS, readBodyText } from "./request-body";

// The one place where domain outcomes become HTTP answers for the JSON APIs.
export function errorBody(e: AppError) {
  return { error: { code: e.code, message: e.message, ...(e.messageKey ? { messageKey: e.messageKey } : {}), ...(e.fields ? { fields: e.fields } : {}) } };
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
  // The key lets a payer's page show this in its own language (messages/*.json, Errors.internal).
  return errorResponse(new AppError("internal", "Something went wrong on our side. Try again; no payment was duplicated.", { messageKey: "checkout:internal" }));
}

function invalidFields(message: string, fields: FieldError[]): AppError {
  return new AppError("validation_failed", message, { fields });
}

/**
 * Path parameters and query parameters that no query could carry (NUL, broken Unicode),
 * refused for every route at once before the route sees them.
 */
async function unreadableRequestParts(args: readonly unknown[]): Promise<AppError | null> {
  const [request, context] = args;
  const entries: [string, string | string[] | undefined][] = [];
  if (request instanceof Request) entries.push(...new URL(request.url).searchParams);
  const params = context && typeof context === "object" && "params" in context ? await (context as { params: unknown }).params : undefined;
  if (params && typeof params === "object") entries.push(...(Object.entries(params) as [string, string | string[] | undefined][]));
  const fields = namedTextProblems(entries);
  return fields.length > 0 ? invalidFields("The request has invalid parameters.", fields) : null;
}

/**
 * Wrap a route handler: parameters are checked for text no query can carry, and an
 * unexpected throw answers a clean 500.
 */
export function handler<A extends unknown[]>(where: string, fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      const unreadable = await unreadableRequestParts(args);
      if (unreadable) return errorResponse(unreadable);
      return await fn(...args);
    } catch (e) {
      if (isAppError(e)) return errorResponse(e);
      return internalError(e, where);
    }
  };
}

/**
 * A JSON body, read under a byte cap, with every string checked for text no query can
 * carry and nesting bounded, before anything else sees it. An empty body is `{}`.
 */
export async function readJson(request: Request, maxBytes: number = BODY_LIMITS.merchantApi): Promise<Result<unknown>> {
  const text = await readBodyText(request, maxBytes);
  if (!text.ok) return text;
  return parseJsonText(text.value);
}

export function parseJsonText(text: string): Result<unknown> {
  if (text.trim() === "") return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, error: new AppError("invalid_json", "The request body is not valid JSON.") };
  }
  const fields = jsonInputProblems(value);
  if (fields.length > 0) return { ok: false, error: invalidFields("The request has invalid fields.", fields) };
  return { ok: true, value };
}

/** Form fields (application/x-www-form-urlencoded), under the same rules as JSON bodies. */
export async function readForm(request: Request, maxBytes: number): Promise<Result<Record<string, string>>> {
  const text = await readBodyText(request, maxBytes);
  if (!text.ok) return text;
  const fields = Object.fromEntries(new URLSearchParams(text.value));
  const problems = namedTextProblems(Object.entries(fields));
  if (problems.length > 0) return { ok: false, error: invalidFields("The request has invalid fields.", problems) };
  return { ok: true, value: fields };
}

/**
 * For a handler that reads a form body itself (next-auth): the body is read under the cap,
 * must be form-encoded (what next-auth's own client sends; it fails on JSON bodies whose
 * fields are not strings) and storable text, and is handed on in a fresh request that
 * holds only those bytes.
 */
export async function checkedFormRequest(request: NextRequest, maxBytes: number): Promise<Result<NextRequest>> {
  const text = await readBodyText(request, maxBytes);
  if (!text.ok) return text;
  const type = request.headers.get("content-type") ?? "";
  if (text.value !== "" && !type.includes("application/x-www-form-urlencoded")) {
    return { ok: false, error: new AppError("unsupported_media_type", "Send the form as application/x-www-form-urlencoded.") };
  }
  const problems = namedTextProblems(new URLSearchParams(text.value));
  if (problems.length > 0) return { ok: false, error: invalidFields("The request has invalid fields.", problems) };
  const body = text.value !== "" && request.method !== "GET" && request.method !== "HEAD" ? { body: text.value } : {};
  return { ok: true, value: new NextRequest(request.url, { method: request.method, headers: request.headers, ...body }) };
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Result<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: new AppError("validation_failed", "The request has invalid fields.", { fields: fieldsFromIssues(parsed.error.issues) }),
  };
}
