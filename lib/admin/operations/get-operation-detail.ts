import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { operationEvents, type Operation, type OperationEvent } from "@/db/schema";
import { findOperation } from "@/lib/operations/load-operation";
import { isFinal } from "@/lib/operations/status";
import { getConnector } from "@/lib/providers/registry";
import type { ConnectorCapabilities } from "@/lib/providers/types";
import { redact } from "@/lib/log";
import { canAct, type AdminContext } from "../admin-context";

export type OperationAction = "cancel" | "refresh" | "approve" | "reject";

export interface OperationDetail {
  operation: Operation;
  events: OperationEvent[];
  /** What this admin may do to the operation now (empty for viewers). */
  actions: OperationAction[];
}

/** Which actions an operation's state and provider allow, regardless of who asks. */
export function actionsFor(op: Pick<Operation, "status" | "providerReference">, capabilities: ConnectorCapabilities | null): OperationAction[] {
  const out: OperationAction[] = [];
  if (!capabilities) return out;
  if (!isFinal(op.status) && capabilities.cancel) out.push("cancel");
  if (op.status === "awaiting_confirmation" && capabilities.approve) out.push("approve", "reject");
  if (op.providerReference) out.push("refresh");
  return out;
}

async function capabilitiesOf(op: Operation): Promise<ConnectorCapabilities | null> {
  try {
    return (await getConnector(op.provider)).capabilities;
  } catch {
    return null;
  }
}

/** An operation of the admin's merchant with its full history; null for anyone else's. */
export async function getOperationDetail(db: Queryable, admin: AdminContext, operationId: string): Promise<OperationDetail | null> {
  const operation = await findOperation(db, admin.merchantId, operationId);
  if (!operation) return null;
  const events = await db
    .select()
    .from(operationEvents)
    .where(and(eq(operationEvents.merchantId, admin.merchantId), eq(operationEvents.operationId, operation.id)))
    .orderBy(asc(operationEvents.receivedAt), asc(operationEvents.id));
  // Payloads are redacted when stored; redacting again on the way out costs little and
  // covers a connector that missed a field.
  const safeEvents = events.map((e) => ({ ...e, payload: e.payload === null ? null : redact(e.payload) }));
  const actions = canAct(admin) ? actionsFor(operation, await capabilitiesOf(operation)) : [];
  return { operation, events: safeEvents, actions };
}
