import { randomUUID } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { header, json, mediaType, parseJson, type RequestContext, type SandboxResponse } from "../http";
import { decodeClientKey, encryptFor, JWE_CONTENT_TYPE, type FenigeKeys } from "./jwe";

/** Headers every documented Fenige response carries. */
export const FENIGE_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-xss-protection": "1; mode=block",
  "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
  pragma: "no-cache",
  expires: "0",
  "x-frame-options": "DENY",
};

export const PRODUCT_NAME = "TestProduct";

/** The device tokens the document's examples use; all valid in the sandbox. */
export const DOCUMENT_TOKENS = [
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiNjUzNGJhIiwiZXhwIjoxNjUxNzU2Njk4fQ.tBs5Os24ux-zmYNGYx5MCRAIYOg4Wtnu51NGs39doZ0",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiNjg4MjIyYmEiLCJleHAiOjE2NTE3NTY2OTh9.bbGrMfHjTtvHNmHzW_IKG6lUVzVJhJX8UUQ1ZuuvwWg",
  "bG9nzW46YWNrbWU=",
  "bG9naW46YWNrbWU=",
];

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Valid device tokens: the document's examples, and any JWT-shaped token (so each merchant
 * of the checkout can be configured with its own); each token is its own wallet user.
 */
export function validToken(token: string): boolean {
  return DOCUMENT_TOKENS.includes(token) || JWT_SHAPE.test(token);
}

export type FenigeError = { status: number; body: Record<string, unknown> };

export function fenigeError(status: number, errorStatus: string, message?: string, data?: unknown): FenigeError {
  const body: Record<string, unknown> = { traceId: randomUUID(), errorStatus };
  if (message !== undefined) body.message = message;
  if (data !== undefined) body.data = data;
  return { status, body };
}

export function validationError(fields: { field: string; message: string }[]): FenigeError {
  return fenigeError(400, "ERROR_VALIDATION", "Some fields are invalid", fields);
}

export function zodToFenige(error: z.ZodError): FenigeError {
  return validationError(error.issues.map((i) => ({ field: i.path.map(String).join(".") || "body", message: i.message })));
}

export type FenigeCall = { token: string; body: unknown; ctx: RequestContext };
export type FenigeOk = { status: number; body?: unknown; headers?: Record<string, string> };
export type FenigeResult = FenigeOk | FenigeError;

function isError(r: FenigeResult): r is FenigeError {
  return r.status >= 400;
}

function toResponse(r: FenigeError): SandboxResponse {
  return json(r.status, r.body, { ...FENIGE_HEADERS, "content-type": "application/json;charset=UTF-8" });
}

/**
 * The common part of every mobile-api method: device token, Product-Name, the optional
 * JWE request body and the optional JWE response. Checked in that order, and the response
 * key is checked before the method runs so a bad key never leaves half-done work.
 */
export function fenigeHandler(
  keys: FenigeKeys,
  options: { body: boolean },
  fn: (call: FenigeCall) => FenigeResult | Promise<FenigeResult>,
): (ctx: RequestContext) => Promise<SandboxResponse> {
  return async (ctx) => {
    const auth = /^Mobile\s+(\S+)$/.exec((header(ctx.req, "authorization") ?? "").trim());
    const token = auth?.[1];
    if (!token || !validToken(token)) return toResponse(fenigeError(400, "ERROR_BAD_TOKEN"));
    const product = (header(ctx.req, "product-name") ?? "").trim();
    if (product !== PRODUCT_NAME) {
      return toResponse(fenigeError(404, "PRODUCT_NOT_FOUND", `Product by name ${product} not found.`));
    }

    let clientKey: KeyObject | undefined;
    const keyHeader = header(ctx.req, "x-encryption-public-key");
    if (keyHeader !== undefined) {
      const decoded = decodeClientKey(keyHeader);
      if (!decoded.ok) return toResponse(fenigeError(400, "CRYPTOGRAPHY_ERROR", decoded.message));
      const probe = await encryptFor(decoded.key, {});
      if (!probe.ok) return toResponse(fenigeError(400, "CRYPTOGRAPHY_ERROR", probe.message));
      clientKey = decoded.key;
    }

    let body: unknown = undefined;
    if (options.body) {
      const parsed = parseJson(ctx.rawBody);
      if (!parsed.ok) return toResponse(validationError([{ field: "body", message: "Malformed JSON request" }]));
      body = parsed.value;
      if (mediaType(ctx.req) === JWE_CONTENT_TYPE) {
        const envelope = z.object({ value: z.string().min(1) }).safeParse(body);
        if (!envelope.success) return toResponse(validationError([{ field: "value", message: "must not be blank" }]));
        const decrypted = await keys.decrypt(envelope.data.value);
        if (!decrypted.ok) return toResponse(fenigeError(400, "CRYPTOGRAPHY_ERROR", decrypted.message));
        body = decrypted.payload;
      }
    }

    const result = await fn({ token, body, ctx });
    if (isError(result)) return toResponse(result);
    const headers = { ...FENIGE_HEADERS, ...(result.headers ?? {}) };
    if (result.body === undefined) return { status: result.status, headers };
    if (clientKey) {
      const encrypted = await encryptFor(clientKey, result.body);
      if (!encrypted.ok) return toResponse(fenigeError(400, "CRYPTOGRAPHY_ERROR", encrypted.message));
      return json(result.status, { value: encrypted.jwe }, { ...headers, "content-type": JWE_CONTENT_TYPE });
    }
    return json(result.status, result.body, headers);
  };
}
