import { NextResponse, type NextRequest } from "next/server";
import { buildCsp, cspAreaFor } from "@/lib/security/csp";
import { env, providerOrigins } from "@/lib/env";
import { CHECKOUT_SESSION_HEADER, sessionIdOfPath } from "@/lib/i18n/payer-path";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const area = cspAreaFor(request.nextUrl.pathname);
  const csp = buildCsp({ area, nonce, providerOrigins: providerOrigins(), dev: env.NODE_ENV !== "production" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // The payer's pages speak the session's language (i18n/request.ts); a client cannot name one.
  requestHeaders.delete(CHECKOUT_SESSION_HEADER);
  const sessionId = sessionIdOfPath(request.nextUrl.pathname);
  if (sessionId) requestHeaders.set(CHECKOUT_SESSION_HEADER, sessionId);
  // Next reads the request-side policy to put the nonce on its own scripts.
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  if (area !== "default") response.headers.set("cache-control", "no-store, max-age=0");
  return response;
}

export const config = {
  // Pages only: APIs answer JSON and set their own headers.
  matcher: [{ source: "/((?!api|_next/static|_next/image|favicon.ico).*)" }],
};
