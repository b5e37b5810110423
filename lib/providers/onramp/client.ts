import type { z } from "zod";
import { log } from "@/lib/log";
import { ProviderError, type ProviderAccountContext } from "@/lib/providers/types";
import { backoff, neverReached, sleep } from "../http";

// A small HTTP client for every ON/RAMP API (S2S, payment lifecycle, ingress): one auth
// header, a timeout on every call, bounded retries with backoff, and typed errors.
//
// Retries happen only where repeating the request cannot do harm:
// - network errors, timeouts and 5xx answers, never 4xx (the provider read the request
//   and refused it; sending it again gives the same answer);
// - what a failure means is kept apart from whether to retry it: only a connection that
//   was never made is "unavailable" (nothing charged); a timeout, a reset or a 5xx after
//   the request left is "outcome_unknown", whatever the later attempts did.
// - only for calls marked `idempotent`. GET /s2s/operation_status, POST /rpc/op_status,
//   update_operation (asking to cancel twice is asking once) and mark_operation (the
//   same decision twice) are. create_operation is retried only because we always send
//   our own op_id: ON/RAMP answers a repeated op_id with the operation it already has,
//   so a retry after a lost answer can never create a second charge.
//   create_ingress_invoice has no id of ours and is never retried.

export interface OnrampCallOptions<S extends z.ZodType> {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  idempotent: boolean;
  /** Schema of the success body; omit for the documented empty (or null) bodies. */
  schema?: S;
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  attempts?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_ATTEMPTS = 3;

function apiKeyOf(account: ProviderAccountContext): string {
  const key = account.credentials.apiKey;
  if (!key) throw new ProviderError("rejected", "ON/RAMP account has no apiKey credential");
  return key;
}

function urlFor(account: ProviderAccountContext, path: string, query?: Record<string, string>): string {
  const url = new URL(account.baseUrl.replace(/\/$/, "") + path);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/** ON/RAMP shows no error body; when it sends one we keep its code for the logs only. */
function providerCodeOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && "error" in parsed && typeof parsed.error === "string") return parsed.error;
  } catch {
    // not JSON
  }
  return undefined;
}

export async function onrampCall<S extends z.ZodType>(account: ProviderAccountContext, options: OnrampCallOptions<S>): Promise<z.infer<S>> {
  const url = urlFor(account, options.path, options.query);
  const attempts = options.idempotent ? Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS) : 1;
  const headers: Record<string, string> = { "x-xco-authorization": `Bearer ${apiKeyOf(account)}`, accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let last: ProviderError | undefined;
  // Once any attempt may have reached ON/RAMP, failing later attempts cannot make the
  // outcome "never reached" again: the first one may have been taken.
  let mayHaveArrived = false;
  const unknown = (why: string) => new ProviderError("outcome_unknown", `ON/RAMP ${options.method} ${options.path}: ${why}`);

  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(backoff(attempt));
    let res: Response;
    try {
      res = await fetch(url, {
        method: options.method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        redirect: "error",
        cache: "no-store",
      });
    } catch (e) {
      // "unavailable" promises the provider never took the request: only true when the
      // connection could not be made. A timeout or a connection lost mid-request leaves
      // the outcome unknown, to be settled by reading the status back.
      const reached = !neverReached(e);
      mayHaveArrived ||= reached;
      last = mayHaveArrived ? unknown(reached ? "no answer" : "no answer to an earlier attempt") : new ProviderError("unavailable", `ON/RAMP ${options.method} ${options.path}: could not connect`);
      log.warn("onramp call failed", { path: options.path, attempt: attempt + 1, kind: last.kind });
      continue;
    }
    const earlierMayHaveArrived = mayHaveArrived;
    mayHaveArrived = true;
    const text = await res.text().catch(() => "");
    if (res.status >= 500) {
      // A 5xx is an answer from a server that read the request: it may have acted on it.
      last = new ProviderError("outcome_unknown", `ON/RAMP ${options.method} ${options.path}: HTTP ${res.status}`, { status: res.status, providerCode: providerCodeOf(text) });
      log.warn("onramp call failed", { path: options.path, attempt: attempt + 1, status: res.status });
      continue;
    }
    if ((res.status < 200 || res.status >= 300) && earlierMayHaveArrived && options.method === "POST") {
      // A refusal of the retry says nothing about the attempt that may have been taken.
      throw new ProviderError("outcome_unknown", `ON/RAMP ${options.method} ${options.path}: HTTP ${res.status} after an unanswered attempt`, { status: res.status });
    }
    if (res.status < 200 || res.status >= 300) {
      throw new ProviderError("rejected", `ON/RAMP ${options.method} ${options.path}: HTTP ${res.status}`, { status: res.status, providerCode: providerCodeOf(text) });
    }
    if (!options.schema) return undefined as z.infer<S>;
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      throw new ProviderError("invalid_response", `ON/RAMP ${options.method} ${options.path}: body is not JSON`, { status: res.status });
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      log.warn("onramp answer did not match its schema", { path: options.path, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
      throw new ProviderError("invalid_response", `ON/RAMP ${options.method} ${options.path}: unexpected body`, { status: res.status });
    }
    return parsed.data;
  }
  throw last ?? new ProviderError("unavailable", `ON/RAMP ${options.method} ${options.path}: no attempt made`);
}
