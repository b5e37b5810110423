import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { header, json, parseJson, zodIssues, type SandboxResponse } from "../http";

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ON/RAMP ids are plain UUIDs including the all-zero example key, so no RFC-variant check.
export const uuid = z.string().regex(UUID_RE, "Must be a UUID");

/**
 * The documents show no error bodies for ON/RAMP, only statuses (400 naming the invalid
 * parameters, 500 for server errors). Assumed shape, used everywhere under /onramp:
 * `{ error, message, fields? }` with dotted field paths.
 */
export function onrampError(status: number, error: string, message: string, fields?: { field: string; message: string }[]): SandboxResponse {
  return json(status, fields ? { error, message, fields } : { error, message });
}

export const onrampInternalError = (): SandboxResponse =>
  onrampError(500, "internal_error", "Something unexpected happened on ON/RAMP's server");

/**
 * `x-xco-authorization: Bearer <API_KEY>`. Any UUID is a valid key (each merchant of the
 * checkout can have its own), the document's all-zero key included; what a key can see is
 * scoped to it.
 */
export function onrampApiKey(req: IncomingMessage): { ok: true; key: string } | { ok: false; response: SandboxResponse } {
  const value = header(req, "x-xco-authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(value.trim());
  const key = m?.[1];
  if (!key || !UUID_RE.test(key)) {
    return {
      ok: false,
      response: onrampError(401, "unauthorized", "Missing or invalid x-xco-authorization header (expected: Bearer <API key UUID>)"),
    };
  }
  return { ok: true, key: key.toLowerCase() };
}

export function parseOnrampBody<T>(raw: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; response: SandboxResponse } {
  const parsed = parseJson(raw);
  if (!parsed.ok) return { ok: false, response: onrampError(400, "invalid_json", "Request body is not valid JSON") };
  const result = schema.safeParse(parsed.value);
  if (!result.success) {
    return { ok: false, response: onrampError(400, "invalid_parameters", "Some parameters were invalid", zodIssues(result.error)) };
  }
  return { ok: true, value: result.data };
}
