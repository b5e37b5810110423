/** Server-rendered pages: plain HTML, small inline CSS, usable at 375px and by role/name. */

export function escapeHtml(value: string | number): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f3f5f8}
main{max-width:28rem;margin:0 auto;padding:1.25rem}
.card{background:#fff;border:1px solid #d8dee6;border-radius:10px;padding:1.25rem}
h1{font-size:1.3rem;margin:0 0 .75rem}
p{margin:.5rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:.75rem 0}
dt{color:#57606a}dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.badge{display:inline-block;font-size:.75rem;padding:.1rem .5rem;border-radius:99px;background:#fff3cd;color:#6b4e00;margin-bottom:.5rem}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1rem}
button{font:inherit;font-weight:600;padding:.7rem 1.2rem;border-radius:8px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;min-width:8rem;flex:1}
button.secondary{background:#fff;color:#b42318;border-color:#b42318}
button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
fieldset{border:0;padding:0;margin:.75rem 0}
legend{font-weight:600;margin-bottom:.5rem}
label.option{display:flex;gap:.5rem;align-items:center;padding:.6rem;border:1px solid #d8dee6;border-radius:8px;margin:.4rem 0}
img.logo{max-height:48px;max-width:100%}
.muted{color:#57606a;font-size:.9rem}
`;

export function layout(title: string, body: string, options: { badge?: string } = {}): string {
  const badge = options.badge ? `<span class="badge">${escapeHtml(options.badge)}</span>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<div class="card">
${badge}
<h1>${escapeHtml(title)}</h1>
${body}
</div>
</main>
</body>
</html>`;
}

export { formatAmount } from "./currency";

export function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
}

/** The Approve/Decline pair every mock issuer page shares. */
export function approveDeclineForm(action: string, fields: Record<string, string>): string {
  return `<form method="post" action="${escapeHtml(action)}">
${hiddenInputs(fields)}
<div class="actions">
<button type="submit" name="outcome" value="approve">Approve</button>
<button type="submit" name="outcome" value="decline" class="secondary">Decline</button>
</div>
</form>`;
}

/**
 * A page that POSTs a form to another origin on load, as ACS and 3DS-method pages do. The
 * button is the no-JavaScript fallback and lets a person see what is being sent.
 */
export function autoPostPage(title: string, action: string, fields: Record<string, string>, note: string): string {
  return layout(
    title,
    `<p>${escapeHtml(note)}</p>
<form id="autopost" method="post" action="${escapeHtml(action)}">
${hiddenInputs(fields)}
<div class="actions"><button type="submit">Continue</button></div>
</form>
<script>document.getElementById("autopost").submit();</script>`,
  );
}
