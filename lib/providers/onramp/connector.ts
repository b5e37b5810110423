import { uuidOf } from "@/lib/ids";
import { log } from "@/lib/log";
import { isFinal, type OperationStatus } from "@/lib/operations/status";
import type { Connector, OperationRef, ProviderAccountContext, ProviderUpdate } from "@/lib/providers/types";
import { ProviderError } from "@/lib/providers/types";
import { buildCreateOperation } from "./build-request";
import { onrampCall } from "./client";
import { opStatuses } from "./op-status";
import { mapLifecycleForS2s, mapStatusChange, sortByDate, unreadableEntry } from "./mapping";
import { ONRAMP_PAYER_MESSAGES, onrampPayerOutcome } from "./payer-messages";
import { CreateOperationResponse, OperationStatusResponse, OpStatusResponse, readOpStatusEntries, StatusChange, type CallbackAnswer } from "./schemas";
import { ONRAMP_TEST_HINTS } from "./test-hints";

/** ON/RAMP knows the operation by our own id in UUID form; the reference is the same value. */
export function onrampOpId(operation: OperationRef): string {
  return (operation.providerReference ?? uuidOf(operation.id)).toLowerCase();
}

async function readHistory(account: ProviderAccountContext, opId: string): Promise<unknown[]> {
  try {
    return await onrampCall(account, {
      method: "GET",
      path: "/s2s/operation_status",
      query: { op_id: opId },
      idempotent: true,
      schema: OperationStatusResponse,
    });
  } catch (e) {
    if (e instanceof ProviderError && e.kind === "rejected" && e.details?.status === 404) {
      throw new ProviderError("rejected", e.message, { ...e.details, unknownOperation: true });
    }
    throw e;
  }
}

/** Map each readable status change; record the others. */
function mapEntries(entries: readonly unknown[], current: OperationStatus): { updates: ProviderUpdate[]; changes: Array<{ change: StatusChange; update: ProviderUpdate }> } {
  const readable: StatusChange[] = [];
  const updates: ProviderUpdate[] = [];
  for (const entry of entries) {
    const parsed = StatusChange.safeParse(entry);
    if (parsed.success) readable.push(parsed.data);
    else updates.push(unreadableEntry(entry, current, "operation_status"));
  }
  const changes: Array<{ change: StatusChange; update: ProviderUpdate }> = [];
  for (const change of sortByDate(readable)) {
    try {
      const update = mapStatusChange(change, current);
      changes.push({ change, update });
      updates.push(update);
    } catch {
      // A documented status whose fields do not match the document.
      updates.push(unreadableEntry(change, current, "operation_status"));
    }
  }
  return { updates, changes };
}

/**
 * The operation's full story: every S2S status change, plus, when the payment has been
 * processed but not settled, the lifecycle API's word on whether it waits for our
 * approval (S2S has no status for that).
 */
async function readBack(account: ProviderAccountContext, operation: OperationRef): Promise<ProviderUpdate[]> {
  const opId = onrampOpId(operation);
  const { updates, changes } = mapEntries(await readHistory(account, opId), operation.status);
  const latest = changes.at(-1);
  if (latest?.update.providerStatus === "processing_user_payment") {
    const raw = await onrampCall(account, { method: "POST", path: "/rpc/op_status", body: { invoices_id: [opId] }, idempotent: true, schema: OpStatusResponse });
    const entries = readOpStatusEntries(raw, (e) => updates.push(unreadableEntry(e, operation.status, "op_status")));
    const entry = entries.find((e) => e.op_id.toLowerCase() === opId);
    const lifecycle = entry ? mapLifecycleForS2s(entry, latest.change) : null;
    if (lifecycle) updates.push(lifecycle);
  }
  return updates;
}

/**
 * Whether op_status's lifecycle status says the payment is where we have it. op_status
 * tells only the phase (waiting for the payer, being processed, waiting for the merchant,
 * finished); the S2S history (redirects, their numbers, times, decline reasons) comes from
 * operation_status. So a phase that matches ours needs no read-back, and anything else
 * (finished, another phase, a status we do not know, an operation we have as `created`)
 * does. A second redirect within the payer's phase is not visible here; its callback or
 * the payer's page brings it.
 */
export function lifecyclePhaseMatches(lifecycle: string, ours: OperationStatus): boolean {
  switch (lifecycle) {
    case "waiting_user_confirmation":
      return ours === "pending" || ours === "requires_action";
    case "queued":
    case "querying_merchant_for_confirmation":
      return ours === "processing";
    case "waiting_merchant_confirmation":
      return ours === "awaiting_confirmation";
    default:
      return false;
  }
}

export const onrampConnector: Connector = {
  name: "onramp",
  capabilities: {
    methods: ["card", "bank"],
    // fiat_currency is any ISO 4217 "transaction currency"; the amount is in its minor unit.
    currencies: "any",
    // Names, email and the whole billing address are "Always" required, for bank payments too.
    billingFields: ["first_name", "last_name", "email", "address.line1", "address.city", "address.state", "address.postal_code", "address.country"],
    cancel: true,
    approve: true,
    decidesOnCallback: false,
    lookupByOwnId: true,
    // The card schemes ON/RAMP's card acquiring is offered for.
    cardBrands: ["visa", "mastercard"],
  },
  testHints: ONRAMP_TEST_HINTS,
  payerMessages: ONRAMP_PAYER_MESSAGES,

  describeOutcome(outcome) {
    return onrampPayerOutcome(outcome.declineReason);
  },

  async start(account, input) {
    const body = buildCreateOperation(input);
    const created = await onrampCall(account, { method: "POST", path: "/s2s/create_operation", body, idempotent: true, schema: CreateOperationResponse });
    const opId = created[0]?.op_id.toLowerCase() ?? body.op_id;
    if (opId !== body.op_id) {
      // We sent our id; an answer naming another operation cannot be matched safely.
      throw new ProviderError("invalid_response", "ON/RAMP answered create_operation with another op_id");
    }
    const operation = { ...input.operation, providerReference: opId };
    // The redirect (or a final answer) usually exists as soon as the operation does; a
    // read-back now spares the payer a wait for the callback. If it fails, the operation
    // is still created and the callbacks will tell.
    try {
      const updates = await readBack(account, operation);
      if (updates.length > 0) return { providerReference: opId, updates };
    } catch (e) {
      log.warn("onramp read-back after create failed", { operationId: input.operation.id, error: e });
    }
    return {
      providerReference: opId,
      updates: [
        {
          status: "pending",
          providerStatus: "created",
          providerTime: null,
          dedupeKey: `onramp:created:${opId}`,
          providerReference: opId,
          raw: created,
        },
      ],
    };
  },

  async parseCallback(account, operation, request) {
    // The body is only a hint that something changed: whatever it says, and whether or not
    // it can be read, what we apply is ON/RAMP's own read-back. A body we cannot read is
    // kept in the history by the callback handler and answered `continue` like any other,
    // so ON/RAMP does not retry it forever.
    const claimed = StatusChange.safeParse(request.body);
    const updates = await readBack(account, operation);
    if (!claimed.success) {
      log.warn("onramp callback body unreadable", { operationId: operation.id, fields: claimed.error.issues.map((i) => i.path.join(".")) });
      return updates;
    }
    if (claimed.data.op_id.toLowerCase() !== onrampOpId(operation)) {
      log.warn("onramp callback names another operation", { operationId: operation.id });
      return updates;
    }
    let key: string | null = null;
    try {
      key = mapStatusChange(claimed.data, operation.status).dedupeKey;
    } catch {
      log.warn("onramp callback status does not match its documented fields", { operationId: operation.id });
    }
    if (key !== null && !updates.some((u) => u.dedupeKey === key)) {
      log.warn("onramp callback not confirmed by operation_status", { operationId: operation.id });
    }
    return updates;
  },

  callbackReply(operation) {
    const body: CallbackAnswer =
      operation.cancelRequested && !isFinal(operation.status) ? { action: { request_attempt_cancel: {} } } : { action: { continue: {} } };
    return { status: 200, body };
  },

  fetchStatus(account, operation) {
    return readBack(account, operation);
  },

  async unchangedAmong(account, operations) {
    const lifecycle = await opStatuses(account, operations.map(onrampOpId));
    const unchanged = new Set<string>();
    for (const op of operations) {
      const entry = lifecycle.get(onrampOpId(op));
      if (entry && lifecyclePhaseMatches(entry.status, op.status)) unchanged.add(op.id);
    }
    return unchanged;
  },

  async cancel(account, operation) {
    await onrampCall(account, {
      method: "POST",
      path: "/s2s/update_operation",
      body: { op_id: onrampOpId(operation), action: { request_attempt_cancel: {} } },
      idempotent: true,
    });
  },

  async decide(account, operation, accept) {
    await onrampCall(account, { method: "POST", path: "/rpc/mark_operation", body: { op_id: onrampOpId(operation), accept }, idempotent: true });
  },
};
