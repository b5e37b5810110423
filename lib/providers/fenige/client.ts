import type { z } from "zod";
import { currentResponseKey, type ResponseKey } from "@/lib/crypto/response-keys";
import { log } from "@/lib/log";
import { ProviderError, type ProviderAccountContext } from "@/lib/providers/types";
import { fenigeAccount, type FenigeAccount } from "./account";
import { decryptPayload, encryptPayload, importProviderKey, JWE_CONTENT_TYPE, publicKeyHeader, type ProviderPublicKey } from "./jwe";
import { CRYPTOGRAPHY_MESSAGES, FenigeErrorBody, JweEnvelope, PublicKeyResponse } from "./schemas";
import { backoff, neverReached, parseJson, sleep } from "../http";

// The mobile-api client: every request body encrypted to Fenige's public key, every answer
// asked encrypted to ours (X-Encryption-Public-Key), `Authorization: Mobile …` and
// `Product-Name` from the merchant's account, a timeout on every call and typed errors.
//
// - Fenige's public key is fetched once and cached; when Fenige answers that our JWE's key
//   is invalid (its key changed) or the payload expired, the key is fetched again and the
//   request sent once more. Such a request was refused while decrypting, so it did nothing.
// - What a failure means follows the connector contract: only a connection never made is
//   "unavailable"; a timeout, a reset or a 5xx after the request left is "outcome_unknown";
//   a 4xx is "rejected" with Fenige's errorStatus as providerCode.
// - Only calls marked `idempotent` are retried on those failures (reads, and the lookups
//   and quotes that change nothing at Fenige). authentication and send-money never are:
//   the same send-money twice is two transfers.

export const DEFAULT_TIMEOUT_MS = 10_000;
const ATTEMPTS = 3;
const PROVIDER_KEY_TTL_MS = 60 * 60_000;
const API = "/mobile-api";

const providerKeys = new Map<string, { key: ProviderPublicKey; fetchedAt: number }>();

/** Forget every cached provider key (tests; a suspected key change). */
export function forgetProviderKeys(): void {
  providerKeys.clear();
}

export interface FenigeCallOptions<S extends z.ZodType> {
  method: "GET" | "POST";
  /** Below /mobile-api, e.g. "/active-accounts". */
  path: string;
  body?: unknown;
  schema: S;
  idempotent: boolean;
  timeoutMs?: number;
}

function baseHeaders(account: FenigeAccount): Record<string, string> {
  return { authorization: `Mobile ${account.token}`, "product-name": account.productName, accept: "application/json" };
}

interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

async function send(url: string, init: RequestInit, timeoutMs: number): Promise<RawAnswer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: "error", cache: "no-store" });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text };
}

/** The error body of a non-2xx answer, read whether or not it came encrypted. */
async function errorOf(answer: RawAnswer, responseKey: ResponseKey): Promise<FenigeErrorBody | null> {
  let json = parseJson(answer.text);
  const envelope = JweEnvelope.safeParse(json);
  if (envelope.success) json = await decryptPayload(envelope.data.value, responseKey.privateKey).catch(() => undefined);
  const parsed = FenigeErrorBody.safeParse(json);
  return parsed.success ? parsed.data : null;
}

async function fetchProviderKey(account: FenigeAccount, timeoutMs: number): Promise<ProviderPublicKey> {
  let answer: RawAnswer;
  try {
    answer = await send(`${account.baseUrl}${API}/public-key`, { method: "GET", headers: baseHeaders(account) }, timeoutMs);
  } catch (e) {
    // Nothing was asked of Fenige yet but its key: the payment request itself never left.
    throw new ProviderError("unavailable", `Fenige GET /public-key: ${neverReached(e) ? "could not connect" : "no answer"}`);
  }
  if (answer.status < 200 || answer.status >= 300) {
    const code = FenigeErrorBody.safeParse(parseJson(answer.text));
    throw new ProviderError("unavailable", `Fenige GET /public-key: HTTP ${answer.status}`, { status: answer.status, providerCode: code.success ? code.data.errorStatus : undefined });
  }
  const body = PublicKeyResponse.safeParse(parseJson(answer.text));
  if (!body.success) throw new ProviderError("unavailable", "Fenige GET /public-key: unexpected body");
  try {
    return await importProviderKey(body.data.value);
  } catch {
    throw new ProviderError("unavailable", "Fenige GET /public-key: not a usable RSA public key");
  }
}

/** Fenige's public key, cached per installation; `refresh` fetches it again. */
export async function providerKey(account: FenigeAccount, options: { refresh?: boolean; timeoutMs?: number } = {}): Promise<ProviderPublicKey> {
  const cacheKey = `${account.baseUrl}\n${account.productName}`;
  const hit = providerKeys.get(cacheKey);
  if (!options.refresh && hit && Date.now() - hit.fetchedAt < PROVIDER_KEY_TTL_MS) return hit.key;
  const key = await fetchProviderKey(account, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  providerKeys.set(cacheKey, { key, fetchedAt: Date.now() });
  return key;
}

function keyChanged(error: FenigeErrorBody | null): boolean {
  return error?.errorStatus === "CRYPTOGRAPHY_ERROR" && (error.message === CRYPTOGRAPHY_MESSAGES.keyInvalid || error.message === CRYPTOGRAPHY_MESSAGES.expired);
}

export async function fenigeCall<S extends z.ZodType>(context: ProviderAccountContext, options: FenigeCallOptions<S>): Promise<z.infer<S>> {
  const account = fenigeAccount(context);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = `Fenige ${options.method} ${options.path}`;
  const responseKey = await currentResponseKey();
  const url = `${account.baseUrl}${API}${options.path}`;
  const attempts = options.idempotent ? ATTEMPTS : 1;
  let toKey = options.body !== undefined ? await providerKey(account, { timeoutMs }) : null;
  let refreshedKey = false;
  let mayHaveArrived = false;
  let last: ProviderError | undefined;

  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(backoff(attempt));
    const headers: Record<string, string> = { ...baseHeaders(account), "x-encryption-public-key": publicKeyHeader(responseKey.publicPem) };
    let body: string | undefined;
    if (options.body !== undefined && toKey) {
      headers["content-type"] = `${JWE_CONTENT_TYPE};charset=UTF-8`;
      // A fresh JWE per attempt: its iat is the moment it is sent.
      body = JSON.stringify({ value: await encryptPayload(options.body, toKey) });
    }
    let answer: RawAnswer;
    try {
      answer = await send(url, { method: options.method, headers, body }, timeoutMs);
    } catch (e) {
      const reached = !neverReached(e);
      mayHaveArrived ||= reached;
      last = mayHaveArrived
        ? new ProviderError("outcome_unknown", `${where}: ${reached ? "no answer" : "no answer to an earlier attempt"}`)
        : new ProviderError("unavailable", `${where}: could not connect`);
      log.warn("fenige call failed", { path: options.path, attempt: attempt + 1, kind: last.kind });
      continue;
    }
    const earlierMayHaveArrived: boolean = mayHaveArrived;
    mayHaveArrived = true;
    if (answer.status >= 500) {
      const error = await errorOf(answer, responseKey);
      last = new ProviderError("outcome_unknown", `${where}: HTTP ${answer.status}`, { status: answer.status, providerCode: error?.errorStatus });
      log.warn("fenige call failed", { path: options.path, attempt: attempt + 1, status: answer.status, errorStatus: error?.errorStatus });
      continue;
    }
    if (answer.status < 200 || answer.status >= 300) {
      const error = await errorOf(answer, responseKey);
      if (keyChanged(error) && !refreshedKey && options.body !== undefined) {
        // Refused while decrypting: nothing happened at Fenige. Its key changed (or our
        // clock drifted): take its current key and send this request once more.
        refreshedKey = true;
        toKey = await providerKey(account, { refresh: true, timeoutMs });
        attempt -= 1;
        mayHaveArrived = earlierMayHaveArrived;
        log.info("fenige public key refreshed", { path: options.path, reason: error?.message });
        continue;
      }
      if (earlierMayHaveArrived && options.method === "POST") {
        throw new ProviderError("outcome_unknown", `${where}: HTTP ${answer.status} after an unanswered attempt`, { status: answer.status, providerCode: error?.errorStatus });
      }
      throw new ProviderError("rejected", `${where}: HTTP ${answer.status} ${error?.errorStatus ?? ""}`.trim(), { status: answer.status, providerCode: error?.errorStatus ?? `HTTP_${answer.status}` });
    }
    let json = parseJson(answer.text);
    if (json === undefined) throw new ProviderError("invalid_response", `${where}: body is not JSON`, { status: answer.status });
    const envelope = JweEnvelope.safeParse(json);
    if (envelope.success && (answer.contentType.includes(JWE_CONTENT_TYPE) || Object.keys(json as object).length === 1)) {
      try {
        json = await decryptPayload(envelope.data.value, responseKey.privateKey);
      } catch {
        throw new ProviderError("invalid_response", `${where}: the encrypted answer could not be opened`, { status: answer.status });
      }
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      log.warn("fenige answer did not match its schema", { path: options.path, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`) });
      throw new ProviderError("invalid_response", `${where}: unexpected body`, { status: answer.status });
    }
    return parsed.data;
  }
  throw last ?? new ProviderError("unavailable", `${where}: no attempt made`);
}
