import { html, parseForm, seeOther, type RequestContext, type Route, type SandboxResponse } from "../http";
import { approveDeclineForm, escapeHtml, formatAmount, hiddenInputs, layout } from "../pages";
import { isFinal, type IngressInvoice, type OnrampOperations, type Operation } from "./operations";

export const ONRAMP_BANKS = ["Sandbox Savings Bank", "Mock National Bank", "Test Credit Union"] as const;

function summary(op: Operation): string {
  const rows = [
    ["Amount", formatAmount(op.amount, op.currency)],
    ...(op.card ? [["Card", op.card.masked]] : []),
    ["Reference", op.opId],
  ];
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k ?? "")}</dt><dd>${escapeHtml(v ?? "")}</dd>`).join("")}</dl>`;
}

function notFound(): SandboxResponse {
  return html(404, layout("Payment not found", "<p>This link is not valid.</p>"));
}

function noLongerPending(op: Operation): SandboxResponse {
  return html(
    409,
    layout(
      "Nothing to confirm",
      `<p>This step is no longer pending (status: ${escapeHtml(op.current)}).</p>
<p><a href="${escapeHtml(op.userRedirectUrl)}">Return to the merchant</a></p>`,
    ),
  );
}

/** Looks up the operation a page link points at; the token keeps op ids alone from being enough. */
function pageOperation(ops: OnrampOperations, c: RequestContext, fields?: Record<string, string>): { op: Operation; n: number } | null {
  const op = ops.get(c.params.opId ?? "");
  const token = fields?.t ?? c.url.searchParams.get("t") ?? "";
  const n = Number(fields?.n ?? c.url.searchParams.get("n") ?? "0");
  if (!op || token !== op.pageToken) return null;
  return { op, n };
}

export function onrampPageRoutes(ops: OnrampOperations): Route[] {
  return [
    {
      method: "GET",
      pattern: "/onramp/acs/:opId",
      handler: (c) => {
        const found = pageOperation(ops, c);
        if (!found) return notFound();
        const { op, n } = found;
        if (!ops.awaitingPayer(op, n)) return noLongerPending(op);
        ops.payerArrived(op, n);
        const version = op.behaviour.type === "three_ds" ? op.behaviour.version : 2;
        const title = version === 1 ? "3-D Secure verification (3DSv1)" : "3-D Secure verification";
        return html(
          200,
          layout(
            title,
            `<p>Confirm this payment with your bank${n > 1 ? ` (step ${n})` : ""}.</p>
${summary(op)}
${approveDeclineForm(`/onramp/acs/${op.opId}`, { t: op.pageToken, n: String(n) })}`,
            { badge: `Sandbox ACS · mock 3DSv${version}` },
          ),
        );
      },
    },
    {
      method: "POST",
      pattern: "/onramp/acs/:opId",
      handler: (c) => {
        const form = parseForm(c.rawBody);
        const found = pageOperation(ops, c, form);
        if (!found) return notFound();
        const { op, n } = found;
        if (!ops.awaitingPayer(op, n)) return noLongerPending(op);
        ops.payerArrived(op, n);
        ops.acsOutcome(op, form.outcome === "approve");
        return seeOther(op.userRedirectUrl);
      },
    },
    {
      method: "GET",
      pattern: "/onramp/bank/:opId",
      handler: (c) => {
        const found = pageOperation(ops, c);
        if (!found) return notFound();
        const { op, n } = found;
        if (!ops.awaitingPayer(op, n)) return noLongerPending(op);
        ops.payerArrived(op, n);
        const options = ONRAMP_BANKS.map(
          (bank, i) =>
            `<label class="option"><input type="radio" name="bank" value="${escapeHtml(bank)}"${i === 0 ? " checked" : ""}> ${escapeHtml(bank)}</label>`,
        ).join("\n");
        return html(
          200,
          layout(
            "Choose your bank",
            `${summary(op)}
<form method="post" action="/onramp/bank/${op.opId}/select">
${hiddenInputs({ t: op.pageToken, n: String(n) })}
<fieldset><legend>Bank</legend>${options}</fieldset>
<div class="actions"><button type="submit">Continue</button></div>
</form>`,
            { badge: "Sandbox bank payment" },
          ),
        );
      },
    },
    {
      method: "POST",
      pattern: "/onramp/bank/:opId/select",
      handler: (c) => {
        const form = parseForm(c.rawBody);
        const found = pageOperation(ops, c, form);
        if (!found) return notFound();
        const { op, n } = found;
        if (!ops.awaitingPayer(op, n)) return noLongerPending(op);
        const bank = ONRAMP_BANKS.find((b) => b === form.bank);
        if (!bank) return html(400, layout("Choose your bank", "<p>Please choose a bank from the list.</p>"));
        return html(
          200,
          layout(
            `Confirm payment at ${bank}`,
            `<p>Approve the transfer in your online banking.</p>
${summary(op)}
${approveDeclineForm(`/onramp/bank/${op.opId}`, { t: op.pageToken, n: String(n), bank })}`,
            { badge: "Sandbox bank" },
          ),
        );
      },
    },
    {
      method: "POST",
      pattern: "/onramp/bank/:opId",
      handler: (c) => {
        const form = parseForm(c.rawBody);
        const found = pageOperation(ops, c, form);
        if (!found) return notFound();
        const { op, n } = found;
        if (!ops.awaitingPayer(op, n)) return noLongerPending(op);
        const bank = ONRAMP_BANKS.find((b) => b === form.bank) ?? ONRAMP_BANKS[0];
        ops.bankOutcome(op, bank, form.outcome === "approve");
        return seeOther(op.userRedirectUrl);
      },
    },
    {
      method: "GET",
      pattern: "/onramp/invoice",
      handler: (c) => {
        const op = ops.byInvoiceReference(c.url.searchParams.get("reference") ?? "");
        if (!op?.invoice) return notFound();
        return html(200, invoicePage(op));
      },
    },
    {
      method: "POST",
      pattern: "/onramp/invoice/pay",
      handler: async (c) => {
        const form = parseForm(c.rawBody);
        const op = ops.byInvoiceReference(form.reference ?? "");
        if (!op?.invoice) return notFound();
        if (op.invoice.state !== "open") return html(409, invoicePage(op));
        ops.invoicePaid(op);
        // Paying may answer the payment-ack at once; the page shows whatever it led to.
        if (invoiceState(op) === "paying") await ops.waitForFirstAck(op, 5_000);
        if (invoiceState(op) === "credited") return seeOther(op.userRedirectUrl);
        return html(200, invoicePage(op));
      },
    },
  ];
}

/** Read through a call so the compiler does not narrow a state that handlers mutate. */
function invoiceState(op: Operation): IngressInvoice["state"] | undefined {
  return op.invoice?.state;
}

function invoicePage(op: Operation): string {
  const invoice = op.invoice;
  if (!invoice) return "";
  const skin = invoice.offerSkin;
  const head = `${skin.image ? `<img class="logo" src="${escapeHtml(skin.image)}" alt="${escapeHtml(skin.title)} logo">` : ""}
${skin.description ? `<p>${escapeHtml(skin.description)}</p>` : ""}
${summary(op)}`;
  const back = `<p><a href="${escapeHtml(op.userRedirectUrl)}">Return to the merchant</a></p>`;
  switch (invoice.state) {
    case "open":
      return layout(
        `Pay ${skin.title}`,
        `${head}
<form method="post" action="/onramp/invoice/pay">
${hiddenInputs({ reference: invoice.reference })}
<div class="actions"><button type="submit">Pay</button></div>
</form>`,
        { badge: "Sandbox invoice" },
      );
    case "credited":
      return layout("Payment complete", `${head}${back}`, { badge: "Sandbox invoice" });
    case "awaiting_merchant":
      return layout("Waiting for the merchant", `${head}<p>The merchant must confirm this payment.</p>`, { badge: "Sandbox invoice" });
    case "paying":
    case "paused":
      return layout(
        "Payment under review",
        `${head}<p role="status">Your payment is being reviewed. This can take a while; you do not need to pay again.</p>`,
        { badge: "Sandbox invoice" },
      );
    // Assumption (the document only says user_redirect_url is used after a successful
    // payment): an invoice that ended without payment still offers the way back, as any
    // hosted payment page does, so the payer is never stranded here.
    case "cancelled":
      return layout("Payment cancelled", `${head}<p role="status">This payment was cancelled and the invoice has expired.</p>${back}`, {
        badge: "Sandbox invoice",
      });
    case "expired":
      return layout("Invoice expired", `${head}<p role="status">This invoice has expired.</p>${back}`, { badge: "Sandbox invoice" });
  }
  return isFinal(op) ? layout("Invoice closed", back) : "";
}
