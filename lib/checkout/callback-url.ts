import { appUrl } from "@/lib/env";
import { randomToken, sha256Hex } from "@/lib/crypto/hash";
import type { ProviderName } from "@/lib/providers/names";

/**
 * A fresh per-operation callback token. Only its SHA-256 is stored
 * (operations.callback_token_hash); the token itself lives only in the URL given to the
 * provider, so a database reader cannot forge a callback.
 */
export function newCallbackToken(): { token: string; hash: string } {
  const token = randomToken();
  return { token, hash: sha256Hex(token) };
}

/** The URL a provider calls back for one operation. */
export function callbackUrlFor(provider: ProviderName, operationId: string, token: string): string {
  return `${appUrl()}/api/callbacks/${encodeURIComponent(provider)}/${encodeURIComponent(operationId)}/${encodeURIComponent(token)}`;
}

/**
 * Where an issuer's 3DS method or challenge posts its completion for one operation. The
 * token binds the post to the operation (only its SHA-256 is stored, step_token_hash) and is
 * distinct from the callback token: the issuer's ACS sees this URL, never the callback's.
 */
export function browserStepUrl(sessionId: string, operationId: string, token: string, step: "method" | "challenge"): string {
  return `${appUrl()}/pay/${encodeURIComponent(sessionId)}/3ds/${step}?op=${encodeURIComponent(operationId)}&t=${encodeURIComponent(token)}`;
}
