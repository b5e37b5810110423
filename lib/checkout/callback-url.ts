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
