import { sha256Hex } from "@/lib/crypto/hash";
import type { OperationStatus } from "@/lib/operations/status";
import type { ProviderUpdate } from "@/lib/providers/types";
import { parseStatus, type OpStatusEntry, type StatusChange } from "./schemas";

// ON/RAMP S2S statuses onto the checkout's status machine.
//
//   pending                         -> pending
//   waiting_user_to_be_redirected   -> requires_action, action redirect {url, number}
//   user_redirected                 -> requires_action, no new action (see below)
//   processing_user_payment         -> processing
//   accepted, received              -> succeeded
//   rejected, not_received          -> declined {code: error_code, reason: error_reason}
//   cancelled                       -> cancelled
//   anything else                   -> the operation's current status: recorded in the
//                                      history, changes nothing (answered `continue`)
//
// user_redirected stays requires_action and keeps the redirect it had: the payer is on
// the bank's page and nothing is being processed yet. Mapping it to processing would
// drop the redirect (the status machine clears the action outside requires_action), so
// a payer who comes back with the browser's Back button could no longer be sent to
// the bank page again, and the page would claim "processing" for a payment nobody has
// authorised. The same status without a new action is recorded and moves nothing.

const PROVIDER = "onramp";

export function providerTimeOf(change: StatusChange): Date {
  return new Date(Math.floor(change.date) * 1000);
}

/** Map one status change. `current` is the operation's status, used for unknown statuses. */
export function mapStatusChange(change: StatusChange, current: OperationStatus): ProviderUpdate {
  const parsed = parseStatus(change);
  const providerTime = providerTimeOf(change);
  const date = Math.floor(change.date);
  const base = { providerTime, raw: change, providerReference: change.op_id.toLowerCase() };
  switch (parsed.name) {
    case "pending":
      return { ...base, status: "pending", providerStatus: parsed.name, dedupeKey: `${PROVIDER}:pending:${date}` };
    case "waiting_user_to_be_redirected": {
      const number = parsed.body.number ?? 1;
      return {
        ...base,
        status: "requires_action",
        providerStatus: parsed.name,
        dedupeKey: `${PROVIDER}:waiting_user_to_be_redirected:${date}:${number}`,
        action: { kind: "redirect", url: parsed.body.url, number },
      };
    }
    case "user_redirected":
      return { ...base, status: "requires_action", providerStatus: parsed.name, dedupeKey: `${PROVIDER}:user_redirected:${date}` };
    case "processing_user_payment":
      return { ...base, status: "processing", providerStatus: parsed.name, dedupeKey: `${PROVIDER}:processing_user_payment:${date}` };
    case "accepted":
    case "received":
      return { ...base, status: "succeeded", providerStatus: parsed.name, dedupeKey: `${PROVIDER}:${parsed.name}:${date}` };
    case "rejected": {
      const reason = parsed.body.error_reason ?? "UNSPECIFIED_CC_ERR";
      return {
        ...base,
        status: "declined",
        providerStatus: parsed.name,
        dedupeKey: `${PROVIDER}:rejected:${date}`,
        decline: { code: parsed.body.error_code ?? reason, reason },
      };
    }
    case "not_received":
      return {
        ...base,
        status: "declined",
        providerStatus: parsed.name,
        dedupeKey: `${PROVIDER}:not_received:${date}`,
        decline: { code: "NOT_RECEIVED", reason: "NOT_RECEIVED" },
      };
    case "cancelled":
      return { ...base, status: "cancelled", providerStatus: parsed.name, dedupeKey: `${PROVIDER}:cancelled:${date}` };
    case "unknown":
      return { ...base, status: current, providerStatus: `unknown:${parsed.key}`, dedupeKey: `${PROVIDER}:unknown:${parsed.key}:${date}` };
  }
}

/** Status changes oldest first (stable for equal dates). */
export function sortByDate(changes: readonly StatusChange[]): StatusChange[] {
  return changes
    .map((change, i) => ({ change, i }))
    .sort((a, b) => a.change.date - b.change.date || a.i - b.i)
    .map(({ change }) => change);
}

/** A whole operation_status list, oldest first. Throws on a malformed documented status. */
export function mapHistory(changes: readonly StatusChange[], current: OperationStatus): ProviderUpdate[] {
  return sortByDate(changes).map((change) => mapStatusChange(change, current));
}

/**
 * The one lifecycle fact S2S cannot tell: the payment waits for the merchant's approval
 * (op_status `waiting_merchant_confirmation`). op_status gives no time for it, so it takes
 * the time of the latest S2S change, the moment the payment reached that point.
 */
export function mapLifecycleForS2s(entry: OpStatusEntry, latest: StatusChange | undefined): ProviderUpdate | null {
  if (entry.status !== "waiting_merchant_confirmation") return null;
  const date = latest ? Math.floor(latest.date) : null;
  return {
    status: "awaiting_confirmation",
    providerStatus: "waiting_merchant_confirmation",
    providerTime: latest ? providerTimeOf(latest) : null,
    dedupeKey: `${PROVIDER}:lifecycle:waiting_merchant_confirmation:${date ?? "na"}`,
    raw: entry,
  };
}

/**
 * A provider entry we could not read, kept in the history and moving nothing: the status
 * stays what it is, and the rest of the answer still applies. Its key is the entry's own
 * content, so the same unreadable entry is recorded once however often it is read back.
 */
export function unreadableEntry(entry: unknown, current: OperationStatus, what: string): ProviderUpdate {
  return {
    status: current,
    providerStatus: `unreadable:${what}`,
    providerTime: null,
    dedupeKey: `onramp:unreadable:${what}:${sha256Hex(JSON.stringify(entry) ?? "null")}`,
    raw: entry,
  };
}
