import type { OperationStatus } from "@/lib/operations/status";
import type { ProviderUpdate } from "@/lib/providers/types";
import type { FenigeDeclineCode } from "./payer-messages";
import { FENIGE_ERROR_STATUSES, type AuthenticationResponse, type FenigeErrorStatus, type SendMoneyDetails } from "./schemas";

// Fenige's answers onto the checkout's status machine.
//
//   authentication (init / continue / finalize)
//     THREE_DS_METHOD                 -> requires_action, method_iframe (or continue U at once
//                                        when there is no threeDsMethodUrl)
//     CHALLENGE                       -> requires_action, challenge_iframe (our own form to acsUrl)
//     FRICTIONLESS / finalize, Y or A -> authenticated: send-money follows
//     FRICTIONLESS / finalize, N R U  -> declined AUTHENTICATION_<status>
//     anything else (C, D, I, ...)    -> declined AUTHENTICATION_OTHER
//   send-money details
//     PENDING                         -> processing (read back again shortly)
//     SUCCESS                         -> succeeded
//     FAILURE                         -> declined SEND_MONEY_FAILURE
//   an errorStatus (4xx, or 5xx before send-money) -> declined when it is about the payer's
//     card, failed otherwise; the code is the errorStatus itself.

const PROVIDER = "fenige";

export type AuthStep =
  | { kind: "done"; status: string; eci: string | null; transactionXId: string | null }
  | { kind: "method"; url: string | null; data: string }
  | { kind: "challenge"; acsUrl: string; creq: string; sessionData: string | null }
  | { kind: "unreadable"; why: string };

const isHttpUrl = (v: string | null | undefined): v is string => {
  if (!v) return false;
  try {
    const u = new URL(v);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
};

/**
 * One authentication answer as a step. finalize answers carry no threeDsMode and are read
 * as the end of the authentication; a mode without the fields it needs is unreadable.
 */
export function readAuthentication(answer: AuthenticationResponse, expectedId: string): AuthStep {
  if (answer.authenticationId !== expectedId) return { kind: "unreadable", why: "another authenticationId" };
  const mode = answer.threeDsMode ?? "FRICTIONLESS";
  switch (mode) {
    case "FRICTIONLESS":
      if (!answer.authenticationStatus) return { kind: "unreadable", why: "no authenticationStatus" };
      return { kind: "done", status: answer.authenticationStatus, eci: answer.eci ?? null, transactionXId: answer.transactionXId ?? null };
    case "THREE_DS_METHOD":
      if (!answer.threeDsMethodData) return { kind: "unreadable", why: "no threeDsMethodData" };
      // "If endpoint is not present then request is not required."
      if (answer.threeDsMethodUrl && !isHttpUrl(answer.threeDsMethodUrl)) return { kind: "unreadable", why: "threeDsMethodUrl is not a URL" };
      return { kind: "method", url: answer.threeDsMethodUrl || null, data: answer.threeDsMethodData };
    case "CHALLENGE":
      if (!isHttpUrl(answer.acsUrl) || !answer.creq) return { kind: "unreadable", why: "no acsUrl or creq" };
      return { kind: "challenge", acsUrl: answer.acsUrl, creq: answer.creq, sessionData: answer.threeDsSessionData ?? null };
    default:
      return { kind: "unreadable", why: `threeDsMode ${mode}` };
  }
}

/** Y and A carry proof of authentication (cavv): the transfer may go ahead. */
export function isAuthenticated(status: string): boolean {
  return status === "Y" || status === "A";
}

export function authenticationDeclineCode(status: string): FenigeDeclineCode {
  if (status === "N" || status === "R" || status === "U") return `AUTHENTICATION_${status}`;
  return "AUTHENTICATION_OTHER";
}

/** Errors about the payer's own card: a decline. The rest are failures of the service or the shop's setup. */
const PAYER_CARD_ERRORS: ReadonlySet<string> = new Set<FenigeErrorStatus>([
  "ERROR_SENDER_CARD_NOT_ACTIVE",
  "ERROR_SENDER_CARD_IS_BLOCKED",
  "ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE",
  "ERROR_WHILE_GETTING_COUNTRY_CODE",
  "ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER",
  "CANT_FIND_CARD",
]);

export function isDocumentedError(code: string): code is FenigeErrorStatus {
  return code in FENIGE_ERROR_STATUSES;
}

/** The end of an attempt Fenige refused (or failed before anything was sent), by its errorStatus. */
export function errorEnd(errorStatus: string, step: string, raw: unknown): ProviderUpdate {
  const status: OperationStatus = PAYER_CARD_ERRORS.has(errorStatus) ? "declined" : "failed";
  return {
    status,
    providerStatus: `error:${errorStatus}`,
    providerTime: null,
    dedupeKey: `${PROVIDER}:error:${step}:${errorStatus}`,
    decline: { code: errorStatus, reason: `${step}: ${errorStatus}` },
    raw,
  };
}

/** An end the connector itself decides (the bank's N, a timeout, data no longer held). */
export function ownEnd(code: FenigeDeclineCode, status: "declined" | "failed", raw: unknown, reason: string = code): ProviderUpdate {
  return { status, providerStatus: code.toLowerCase(), providerTime: null, dedupeKey: `${PROVIDER}:${code.toLowerCase()}`, decline: { code, reason }, raw };
}

/** How soon to read a pending transfer again: often at first, then rarely, then leave it to reconciliation. */
export function recheckAfter(sentAt: number | undefined, now = Date.now()): number | undefined {
  const age = now - (sentAt ?? now);
  if (age < 30_000) return 1_000;
  if (age < 5 * 60_000) return 10_000;
  return undefined;
}

/** One send-money details answer. */
export function mapSendMoney(details: SendMoneyDetails, current: OperationStatus, sentAt: number | undefined): ProviderUpdate {
  const providerTime = details.createdAt && !Number.isNaN(Date.parse(details.createdAt)) ? new Date(details.createdAt) : null;
  const base = { providerTime: null, providerReference: details.orderId, raw: details };
  switch (details.status) {
    case "PENDING":
      // createdAt is the transfer's creation, not this status's time: never used for ordering.
      return { ...base, status: "processing", providerStatus: "send_money:PENDING", dedupeKey: `${PROVIDER}:send_money:${details.orderId}:PENDING`, recheckAfterMs: recheckAfter(sentAt) };
    case "SUCCESS":
      return { ...base, providerTime, status: "succeeded", providerStatus: "send_money:SUCCESS", dedupeKey: `${PROVIDER}:send_money:${details.orderId}:SUCCESS` };
    case "FAILURE":
      return {
        ...base,
        providerTime,
        status: "declined",
        providerStatus: "send_money:FAILURE",
        dedupeKey: `${PROVIDER}:send_money:${details.orderId}:FAILURE`,
        decline: { code: "SEND_MONEY_FAILURE", reason: "send-money: FAILURE" },
      };
    default:
      return { ...base, status: current, providerStatus: `send_money:unknown:${details.status}`, dedupeKey: `${PROVIDER}:send_money:${details.orderId}:${details.status}`, recheckAfterMs: recheckAfter(sentAt) };
  }
}
