// The page an issuer's 3DS method or challenge lands on inside our iframe once it has
// posted its completion. It runs nothing (the payer's page learns the outcome by its own
// live updates) and may only be framed by our own pages (frame-ancestors 'self', proxy.ts).
const MAX_FORM_BYTES = 64 * 1024;

export function browserStepPage(status: number, message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Payment verification</title></head><body style="margin:0;min-height:100vh;display:grid;place-items:center;font:16px/1.5 system-ui,sans-serif;color:#334155;background:#fff"><p style="margin:1rem;text-align:center">${message}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

/** The issuer's form post, as plain fields; an oversized or unreadable body gives none. */
export async function readStepForm(request: Request): Promise<Record<string, string> | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) return null;
  const text = await request.text();
  if (text.length > MAX_FORM_BYTES) return null;
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && text.trim() !== "") return {};
  const fields: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) if (k.length <= 100 && v.length <= 16_384) fields[k] = v;
  return fields;
}
