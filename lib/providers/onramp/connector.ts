import { AppError, fieldsFromIssues } from "@/lib/errors";
import { uuidOf } from "@/lib/ids";
import { log } from "@/lib/log";
import { isFinal } from "@/lib/operations/status";
import type { Connector, OperationRef, ProviderAccountContext, ProviderUpdate } from "@/lib/providers/types";
import { ProviderError } from "@/lib/providers/types";
import { buildCreateOperation } from "./build-request";
import { onrampCall } from "./client";
import { mapHistory, mapLifecycleForS2s, mapStatusChange } from "./mapping";
import {
  CreateOperationResponse,
  OperationStatusResponse,
  OpStatusResponse,
  StatusChange,
  type CallbackAnswer,
} from "./schemas";

/** ON/RAMP knows the operation by our own id in UUID form; the reference is the same value. */
export function onrampOpId(operation: OperationRef): string {
  return (operation.providerReference ?? uuidOf(operation.id)).toLowerCase();
}

async function readHistory(account: ProviderAccountContext, opId: string): Promise<StatusChange[]> {
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

/**
 * The operation's full story: every S2S status change, plus, when the payment has been
 * processed but not settled, the lifecycle API's word on whether it waits for our
 * approval (S2S has no status for that).
 */
async function readBack(account: ProviderAccountContext, operation: OperationRef): Promise<ProviderUpdate[]> {
  const opId = onrampOpId(operation);
  const history = await readHistory(account, opId);
  let updates: ProviderUpdate[];
  try {
    updates = mapHistory(history, operation.status);
  } catch {
    throw new ProviderError("invalid_response", "ON/RAMP operation_status listed a status with undocumented fields");
  }
  const latest = history.reduce<StatusChange | undefined>((a, c) => (a === undefined || c.date >= a.date ? c : a), undefined);
  const latestName = latest ? updates.find((u) => u.raw === latest)?.providerStatus : null;
  if (latestName === "processing_user_payment") {
    const entries = await onrampCall(account, { method: "POST", path: "/rpc/op_status", body: { invoices_id: [opId] }, idempotent: true, schema: OpStatusResponse });
    const entry = entries.find((e) => e.op_id.toLowerCase() === opId);
    const lifecycle = entry ? mapLifecycleForS2s(entry, latest) : null;
    if (lifecycle) updates.push(lifecycle);
  }
  return updates;
}

export const onrampConnector: Connector = {
  name: "onramp",
  capabilities: { methods: ["card", "bank"], cancel: true, approve: true, decidesOnCallback: false, lookupByOwnId: true },

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
    const parsed = StatusChange.safeParse(request.body);
    if (!parsed.success) {
      throw new AppError("validation_failed", "The callback body is not an ON/RAMP status change.", { fields: fieldsFromIssues(parsed.error.issues) });
    }
    let claimed: ProviderUpdate;
    try {
      claimed = mapStatusChange(parsed.data, operation.status);
    } catch {
      throw new AppError("validation_failed", "The callback's status does not match its documented fields.");
    }
    if (parsed.data.op_id.toLowerCase() !== onrampOpId(operation)) {
      throw new AppError("validation_failed", "The callback is for another operation.", { fields: [{ path: "op_id", message: "Does not match this callback URL" }] });
    }
    // Never trusted as it stands: what we apply is ON/RAMP's own read-back.
    const updates = await readBack(account, operation);
    if (!updates.some((u) => u.dedupeKey === claimed.dedupeKey)) {
      log.warn("onramp callback not confirmed by operation_status", { operationId: operation.id, claimed: claimed.providerStatus });
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
