import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";

/** What a handler answers; the router writes it, so chaos and headers live in one place. */
export type SandboxResponse = {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON, `null` included (ON/RAMP's mark_operation answers a JSON `null`). */
  json?: unknown;
  html?: string;
  text?: string;
  redirect?: string;
};

export type RequestContext = {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** Raw body as text; read once up front so handlers stay synchronous about it. */
  rawBody: string;
  /** Origin the sandbox tells the outside world (may differ from the bound address). */
  publicUrl: string;
};

export type Handler = (ctx: RequestContext) => Promise<SandboxResponse> | SandboxResponse;

export type Route = {
  method: string;
  /** Path pattern with `:name` segments, e.g. `/paysecure/p/:purchaseId/`. */
  pattern: string;
  handler: Handler;
  /** Provider API routes are subject to chaos (slow / failing answers); pages and _sandbox are not. */
  failure?: () => SandboxResponse;
};

type CompiledRoute = Route & { regex: RegExp; names: string[] };

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split("/")
      .map((segment) => {
        if (segment.startsWith(":")) {
          names.push(segment.slice(1));
          return "([^/]+)";
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    return { ...route, regex: new RegExp(`^${source}$`), names };
  });
}

export type RouteMatch = { route: CompiledRoute; params: Record<string, string> } | { methodNotAllowed: true } | null;

export function matchRoute(routes: CompiledRoute[], method: string, pathname: string): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.regex.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? "");
    });
    return { route, params };
  }
  return pathMatched ? { methodNotAllowed: true } : null;
}

const MAX_BODY_BYTES = 1_000_000;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function writeResponse(res: ServerResponse, response: SandboxResponse): void {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let body: string | undefined;
  if (response.redirect !== undefined) {
    headers.location = response.redirect;
  }
  if (response.json !== undefined) {
    body = JSON.stringify(response.json);
    headers["content-type"] ??= "application/json";
  } else if (response.html !== undefined) {
    body = response.html;
    headers["content-type"] ??= "text/html; charset=utf-8";
  } else if (response.text !== undefined) {
    body = response.text;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SandboxResponse {
  return { status, json: body, headers };
}

export function html(status: number, body: string, headers?: Record<string, string>): SandboxResponse {
  return { status, html: body, headers };
}

export function seeOther(location: string): SandboxResponse {
  return { status: 303, redirect: location };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

export function parseJson(raw: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Parses an HTML form body (application/x-www-form-urlencoded). */
export function parseForm(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  if (Array.isArray(value)) return value[0];
  return value;
}

/** Media type without parameters, lower-cased: `application/json;charset=UTF-8` -> `application/json`. */
export function mediaType(req: IncomingMessage): string {
  return (header(req, "content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export type FieldIssue = { field: string; message: string };

/** Flattens zod issues to dotted field paths, the way every provider document names fields. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "body",
    message: issue.message,
  }));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Only first 6 and last 4 ever leave the request handler. */
export function maskPan(pan: string): string {
  if (pan.length < 10) return "*".repeat(pan.length);
  return `${pan.slice(0, 6)}${"*".repeat(pan.length - 10)}${pan.slice(-4)}`;
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export const httpUrl = z.string().refine((value) => {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "Must be a complete http(s) URL");
