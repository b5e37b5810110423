// Transport facts every provider client shares (no provider's wire format): whether a
// failed fetch ever reached the other side, and how long to wait before a retry.

const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * Whether fetch failed before the request could reach the provider at all: the only
 * failure after which a provider certainly has nothing (ProviderError "unavailable").
 * A timeout, an abort or a connection lost mid-request may have been taken.
 */
export function neverReached(e: unknown): boolean {
  if (!(e instanceof Error) || e.name === "TimeoutError" || e.name === "AbortError") return false;
  const cause = e.cause;
  const code = cause && typeof cause === "object" && "code" in cause && typeof cause.code === "string" ? cause.code : null;
  // fetch refuses some ports itself ("bad port") before any connection is attempted.
  const localRefusal = cause instanceof Error && cause.message === "bad port";
  return localRefusal || (code !== null && CONNECT_FAILURES.has(code));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Full jitter: instances retrying after a shared outage do not arrive in step. */
export function backoff(attempt: number, baseMs = 200): number {
  return Math.round(Math.random() * baseMs * 2 ** attempt);
}

/** A body as JSON, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
