// The page an issuer's 3DS method or challenge lands on inside our iframe once it has
// posted its completion. It runs nothing (the payer's page learns the outcome by its own
// live updates) and may only be framed by our own pages (frame-ancestors 'self', proxy.ts).

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function browserStepPage(status: number, text: { lang: string; title: string; message: string }): Response {
  const html = `<!doctype html><html lang="${escapeHtml(text.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(text.title)}</title></head><body style="margin:0;min-height:100vh;display:grid;place-items:center;font:16px/1.5 system-ui,sans-serif;color:#334155;background:#fff"><main><p style="margin:1rem;text-align:center">${escapeHtml(text.message)}</p></main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
