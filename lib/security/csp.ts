// Content-Security-Policy per area. Scripts run only with the per-request nonce Next
// stamps on its own scripts; the admin can never be framed; the checkout may frame and
// post to the payment providers' 3DS pages and nothing else.
// The page an issuer's 3DS step lands on inside the checkout's iframe ("step") may be
// framed by our own pages only.
export type CspArea = "checkout" | "step" | "admin" | "default";

export function buildCsp(args: { area: CspArea; nonce: string; providerOrigins: string[]; dev: boolean }): string {
  const providers = args.providerOrigins.join(" ");
  const directives: Record<string, string> = {
    "default-src": "'self'",
    "script-src": `'self' 'nonce-${args.nonce}' 'strict-dynamic'${args.dev ? " 'unsafe-eval'" : ""}`,
    // React style props and Next's font/style injection need inline styles; styles cannot run code.
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: https:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": args.area === "checkout" ? `'self' ${providers}` : "'self'",
    // The issuer's page inside our iframe ends by posting to our own notification page,
    // which the iframe then shows: 'self' besides the providers, nothing else.
    "frame-src": args.area === "checkout" ? `'self' ${providers}` : "'none'",
    "frame-ancestors": args.area === "step" ? "'self'" : "'none'",
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v}`)
    .join("; ");
}

export function cspAreaFor(pathname: string): CspArea {
  if (pathname.startsWith("/admin")) return "admin";
  if (/^\/pay\/[^/]+\/3ds\/[^/]+\/?$/.test(pathname)) return "step";
  if (pathname.startsWith("/pay")) return "checkout";
  return "default";
}
