import { isId } from "@/lib/ids";

// Kept apart from the database lookup so proxy.ts can use it without loading the db client.

/** Set by proxy.ts on the payer's pages: the session the URL names, for the request's locale. */
export const CHECKOUT_SESSION_HEADER = "x-checkout-session";

/** The session id a payer page's path names (/pay/<id>/…), or null. */
export function sessionIdOfPath(pathname: string): string | null {
  const id = /^\/pay\/([^/]+)/.exec(pathname)?.[1] ?? null;
  return id && isId("session", id) ? id : null;
}
