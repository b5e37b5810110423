import type { z } from "zod";
import { log, redact } from "@/lib/log";
import { ProviderError, type ProviderAccountContext } from "@/lib/providers/types";
import { ErrorBody } from "./schemas";
import { backoff, neverReached, parseJson, sleep } from "../http";

// A small HTTP client for Paysecure: the Bearer key, a timeout on every call, bounded
// retries where repeating cannot charge twice, and typed errors.
//
// - A connection that was never made ("unavailable") is the only failure after which the
//   provider certainly has nothing; it may be retried for any call.
// - Anything after the request may have left (timeout, reset, 5xx) is "outcome_unknown".
//   Only `idempotent` calls are sent again then: the status read-back is; the purchase
//   create is not (Paysecure documents no de-duplication by reference, so a second one
//   would be a second purchase), and the card call never is (`retry: "never"`), not even
//   after a failed connect, so one press of Pay is one card submission.
// - A 4xx is an answer: the documented `{ message, code }` body, read and refused. It is
//   never retried and comes back as "rejected" with the body kept for the connector.

export type RetryPolicy = "idempotent" | "connect_only" | "never";

export interface PaysecureCallOptions<S extends z.ZodType> {
  method: "GET" | "POST";
  /** Path below the account's base URL, with its query. */
  path: string;
  body?: unknown;
  retry: RetryPolicy;
  schema: S;
  timeoutMs?: number;
  /** Attempts in all, the first included, where the policy allows more than one. */
  attempts?: number;
}

/** A read-and-refused answer: its status and the documented error body when there was one. */
export interface Refusal {
  status: number;
  body: ErrorBody | null;
}

/** ProviderError for a refusal; the connector maps `refusal` onto its decline codes. */
export class PaysecureRefusal extends ProviderError {
  constructor(
    message: string,
    readonly refusal: Refusal,
  ) {
    super("rejected", message, { status: refusal.status, providerCode: refusal.body?.code != null ? String(refusal.body.code) : undefined });
  }
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_ATTEMPTS = 3;

function apiKeyOf(account: ProviderAccountContext): string {
  const key = account.credentials.apiKey;
  if (!key) throw new ProviderError("rejected", "Paysecure account has no apiKey credential");
  return key;
}

export async function paysecureCall<S extends z.ZodType>(account: ProviderAccountContext, options: PaysecureCallOptions<S>): Promise<z.infer<S>> {
  const url = account.baseUrl.replace(/\/$/, "") + options.path;
  const maxAttempts = options.retry === "never" ? 1 : Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
  const headers: Record<string, string> = { authorization: `Bearer ${apiKeyOf(account)}`, accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const what = `Paysecure ${options.method} ${options.path.split("?")[0] ?? ""}`;
  // Once any attempt may have reached Paysecure, later failures cannot make the outcome
  // "never reached" again: the first one may have been taken.
  let mayHaveArrived = false;
  let last: ProviderError | undefined;

  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) {
      // Only a request that may have arrived stops a non-idempotent call from being repeated.
      if (mayHaveArrived && options.retry !== "idempotent") break;
      await sleep(backoff(attempt));
    }
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
      const reached = !neverReached(e);
      mayHaveArrived ||= reached;
      last = mayHaveArrived
        ? new ProviderError("outcome_unknown", `${what}: ${reached ? "no answer" : "no answer to an earlier attempt"}`)
        : new ProviderError("unavailable", `${what}: could not connect`);
      log.warn("paysecure call failed", { path: options.path, attempt: attempt + 1, kind: last.kind });
      continue;
    }
    mayHaveArrived = true;
    const text = await res.text().catch(() => "");
    if (res.status >= 500) {
      // A server that read the request and failed may have acted on it.
      last = new ProviderError("outcome_unknown", `${what}: HTTP ${res.status}`, { status: res.status });
      log.warn("paysecure call failed", { path: options.path, attempt: attempt + 1, status: res.status });
      continue;
    }
    const json = parseJson(text);
    if (res.status >= 400) {
      const body = ErrorBody.safeParse(json);
      // The provider's words, never card data: card-number shapes are masked by redact().
      log.info("paysecure refused a request", { path: options.path, status: res.status, body: body.success ? redact(body.data) : null });
      throw new PaysecureRefusal(`${what}: HTTP ${res.status}`, { status: res.status, body: body.success ? body.data : null });
    }
    if (res.status < 200 || res.status >= 300) {
      throw new ProviderError("invalid_response", `${what}: unexpected HTTP ${res.status}`, { status: res.status });
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      // Field paths only: an unreadable answer is as unknown as a lost one.
      throw new ProviderError("invalid_response", `${what}: answer not readable (${parsed.error.issues.map((i) => i.path.join(".") || "body").join(", ")})`, {
        status: res.status,
      });
    }
    return parsed.data;
  }
  throw last ?? new ProviderError("unavailable", `${what}: no attempt made`);
}
