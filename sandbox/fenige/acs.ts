import type { SandboxContext } from "../context";
import { html, parseForm, sleep, type Route } from "../http";
import { approveDeclineForm, autoPostPage, escapeHtml, formatAmount, layout } from "../pages";
import type { Authentication, FenigeState } from "./state";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

function decodeB64Json(value: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** THREE_DS_METHOD answer: the checkout posts threeDsMethodData to threeDsMethodUrl in a hidden iframe. */
export function methodResponse(ctx: SandboxContext, auth: Authentication) {
  return {
    authenticationId: auth.authenticationId,
    // EMV 3DS shape: the ACS learns where to notify from the method data itself.
    threeDsMethodData: b64url({ threeDSMethodNotificationURL: auth.methodNotificationUrl, threeDSServerTransID: auth.threeDsServerTransId }),
    // "If endpoint is not present then request is not required": continue with U.
    ...(auth.method === "no_url" ? {} : { threeDsMethodUrl: `${ctx.publicUrl()}/fenige/acs/3ds-method` }),
    threeDsMode: "THREE_DS_METHOD",
  };
}

/** CHALLENGE answer: shaped like the document's (its creq decodes to these same keys). */
export function challengeResponse(ctx: SandboxContext, auth: Authentication) {
  // An ACS that is down: the URL answers 503 and the challenge can never be answered.
  const acsUrl = `${ctx.publicUrl()}/fenige/acs/${auth.acsDown ? "down" : "challenge"}`;
  const creq = b64url({
    cardAuthenticationId: auth.internalId,
    notificationUrl: auth.challengeNotificationUrl,
    threeDSServerTransID: auth.threeDsServerTransId,
    messageVersion: "2.1.0",
  });
  const threeDsSessionData = Buffer.from(auth.internalId, "utf8").toString("base64url");
  const form = `<html><script language="javascript">function OnLoadEvent() { document.downloadForm.submit(); }</script><body OnLoad="OnLoadEvent();"><form name="downloadForm" action="${escapeHtml(acsUrl)}" method="POST"><input type="hidden" name="creq" value="${escapeHtml(creq)}"><input type="hidden" name="threeDSSessionData" value="${escapeHtml(threeDsSessionData)}"><noscript><button type="submit">Continue</button></noscript></form></body></html>`;
  return {
    authenticationId: auth.authenticationId,
    acsUrl,
    creq,
    challengeHtmlFormBase64: Buffer.from(form, "utf8").toString("base64"),
    threeDsSessionData,
    threeDsMode: "CHALLENGE",
  };
}

function badRequest(message: string) {
  return html(400, layout("Invalid 3-D Secure request", `<p>${escapeHtml(message)}</p>`));
}

export function fenigeAcsRoutes(ctx: SandboxContext, state: FenigeState): Route[] {
  return [
    {
      // 3DS method URL: loaded in the checkout's hidden iframe, then notifies the 3DS server side.
      method: "POST",
      pattern: "/fenige/acs/3ds-method",
      handler: async (c) => {
        const form = parseForm(c.rawBody);
        const data = decodeB64Json(form.threeDSMethodData ?? "");
        const transId = typeof data?.threeDSServerTransID === "string" ? data.threeDSServerTransID : "";
        const notifyUrl = typeof data?.threeDSMethodNotificationURL === "string" ? data.threeDSMethodNotificationURL : "";
        const auth = state.authByServerTransId(transId);
        if (!auth || !notifyUrl) return badRequest("threeDSMethodData is missing or unknown.");
        auth.methodReceived = true;
        // A method step that never notifies: the device data is taken, nothing is posted back.
        if (auth.method === "never") return html(200, layout("Device check", "<p>Checking your device for the bank.</p>"));
        // One that notifies too late: the page (and so its notification) comes after the 10 s the document allows.
        if (auth.method === "late") await sleep(ctx.methodLateMs);
        return html(
          200,
          autoPostPage("Device check", notifyUrl, { threeDSMethodData: b64url({ threeDSServerTransID: transId }) }, "Checking your device for the bank."),
        );
      },
    },
    {
      method: "POST",
      pattern: "/fenige/acs/challenge",
      handler: (c) => {
        const form = parseForm(c.rawBody);
        const creq = decodeB64Json(form.creq ?? "");
        const internalId = typeof creq?.cardAuthenticationId === "string" ? creq.cardAuthenticationId : "";
        const auth = state.authByInternalId(internalId);
        if (!auth || auth.stage !== "challenge") return badRequest("This challenge is unknown or already answered.");
        const card = state.card(auth.cardId);
        return html(
          200,
          layout(
            "Confirm your payment",
            `<p>Your bank asks you to confirm this payment.</p>
<dl><dt>Amount</dt><dd>${escapeHtml(formatAmount(auth.amount, auth.currency))}</dd><dt>Wallet</dt><dd>+${escapeHtml(card?.phoneNumber ?? "")}</dd></dl>
${approveDeclineForm("/fenige/acs/challenge/result", { creq: form.creq ?? "", threeDSSessionData: form.threeDSSessionData ?? "" })}`,
            { badge: "Sandbox ACS · 3DS2 challenge" },
          ),
        );
      },
    },
    {
      // The ACS of a wallet whose issuer is unreachable.
      method: "POST",
      pattern: "/fenige/acs/down",
      handler: () => html(503, layout("Service unavailable", "<p>The bank's verification service is not available. Try again later.</p>"), { "retry-after": "120" }),
    },
    {
      method: "POST",
      pattern: "/fenige/acs/challenge/result",
      handler: (c) => {
        const form = parseForm(c.rawBody);
        const creq = decodeB64Json(form.creq ?? "");
        const internalId = typeof creq?.cardAuthenticationId === "string" ? creq.cardAuthenticationId : "";
        const auth = state.authByInternalId(internalId);
        if (!auth || auth.stage !== "challenge" || auth.challengeResult) return badRequest("This challenge is unknown or already answered.");
        const transStatus = form.outcome === "approve" ? "Y" : "N";
        auth.challengeResult = transStatus;
        const cres = b64url({
          threeDSServerTransID: auth.threeDsServerTransId,
          acsTransID: auth.acsTransId,
          messageType: "CRes",
          messageVersion: "2.1.0",
          transStatus,
        });
        return html(
          200,
          autoPostPage("Returning to the merchant", auth.challengeNotificationUrl, { cres, threeDSSessionData: form.threeDSSessionData ?? "" }, "Your answer was sent to your bank."),
        );
      },
    },
  ];
}
