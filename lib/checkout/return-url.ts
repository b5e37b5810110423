/**
 * The merchant's success/cancel URL for a session: `{CHECKOUT_SESSION_ID}` is replaced
 * when present, otherwise `session_id` is appended, so the merchant can look the session
 * up through the API instead of trusting the redirect.
 */
export function merchantReturnUrl(template: string, sessionId: string): string {
  if (template.includes("{CHECKOUT_SESSION_ID}")) return template.replaceAll("{CHECKOUT_SESSION_ID}", encodeURIComponent(sessionId));
  const url = new URL(template);
  url.searchParams.set("session_id", sessionId);
  return url.toString();
}
