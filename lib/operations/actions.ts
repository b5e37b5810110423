import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations, type Operation } from "@/db/schema";
import { AppError, invalidState, notFound } from "@/lib/errors";
import { getConnector } from "@/lib/providers/registry";
import { loadProviderAccount } from "@/lib/providers/load-account";
import { ProviderError, type ProviderUpdate } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { applyProviderUpdates, recordOperationEvent } from "./apply-updates";
import { ATTENTION } from "./attention";
import { findOperation, operationRef } from "./load-operation";
import { isFinal } from "./status";

export interface Actor {
  kind: "api" | "admin" | "system";
  id: string;
}

const actorLabel = (a: Actor) => `${a.kind}:${a.id}`;

function providerFailure(e: unknown): AppError {
  if (e instanceof ProviderError) {
    return new AppError(e.retryable ? "provider_unavailable" : "provider_error", "The payment provider did not accept the request. Try again later.");
  }
  throw e;
}

/** How long a created operation may be unknown to the provider before it counts as never sent. */
export const UNKNOWN_OPERATION_GRACE_MS = 10 * 60 * 1000;

function neverReachedProvider(op: Operation, e: unknown): boolean {
  return (
    e instanceof ProviderError &&
    e.details?.unknownOperation === true &&
    op.status === "created" &&
    op.providerReference === null &&
    Date.now() - op.createdAt.getTime() > UNKNOWN_OPERATION_GRACE_MS
  );
}

/**
 * The defined end of an attempt whose start never told us the provider's reference, at a
 * provider that cannot be asked by our own id. By the connector contract (lookupByOwnId)
 * nothing payable reached the payer before that reference existed, so nobody was charged;
 * the provider may still hold an unused payment, which an admin should know about.
 */
function noReferenceEnd(): ProviderUpdate {
  return {
    status: "failed",
    providerStatus: "no_provider_reference",
    providerTime: null,
    dedupeKey: "system:no_provider_reference",
    decline: { code: "NO_PROVIDER_REFERENCE", reason: "NO_PROVIDER_REFERENCE" },
    attention: ATTENTION.noProviderReference,
    raw: { reason: "The provider never answered the request that creates the payment, and cannot be asked by our id" },
  };
}

/** Read the provider's status and apply what it says (admin refresh, reconciliation). */
export async function refreshOperation(args: { merchantId: string; operationId: string; actor: Actor }): Promise<Result<Operation>> {
  const db = await getDb();
  const op = await findOperation(db, args.merchantId, args.operationId);
  if (!op) return err(notFound("Operation"));
  try {
    const connector = await getConnector(op.provider);
    if (!op.providerReference && !connector.capabilities.lookupByOwnId) {
      if (isFinal(op.status) || Date.now() - op.createdAt.getTime() <= UNKNOWN_OPERATION_GRACE_MS) return ok(op);
      const applied = await applyProviderUpdates({ merchantId: op.merchantId, operationId: op.id, updates: [noReferenceEnd()], source: "poll", actor: actorLabel(args.actor), recordDuplicates: false });
      return ok(applied.operation);
    }
    const account = await loadProviderAccount(db, op.merchantId, op.provider);
    let updates: ProviderUpdate[];
    try {
      updates = await connector.fetchStatus(account, operationRef(op));
    } catch (e) {
      if (!neverReachedProvider(op, e)) throw e;
      // We always send our own id, so a provider that has no payment under it long after
      // we wrote the operation never took it: nothing can be charged, the attempt failed.
      updates = [{ status: "failed", providerStatus: "unknown_to_provider", providerTime: null, dedupeKey: "system:unknown_to_provider", raw: { reason: "The provider has no payment under this id" } }];
    }
    const applied = await applyProviderUpdates({ merchantId: op.merchantId, operationId: op.id, updates, source: "poll", actor: actorLabel(args.actor), recordDuplicates: false });
    return ok(applied.operation);
  } catch (e) {
    return err(providerFailure(e));
  }
}

/**
 * Ask the provider to cancel. The request is remembered first so that a callback racing
 * with it is answered with the provider's cancel action; the final state comes from the
 * provider (callback or the read-back that follows), never from our wish alone.
 */
export async function cancelOperation(args: { merchantId: string; operationId: string; actor: Actor }): Promise<Result<Operation>> {
  const db = await getDb();
  const op = await findOperation(db, args.merchantId, args.operationId);
  if (!op) return err(notFound("Operation"));
  if (isFinal(op.status)) return err(invalidState(`The operation is already ${op.status}.`));
  const connector = await getConnector(op.provider);
  if (!connector.capabilities.cancel || !connector.cancel) return err(invalidState("This provider does not support cancelling an operation."));
  await db.transaction(async (tx) => {
    await tx
      .update(operations)
      .set({ cancelRequestedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(operations.id, op.id), isNull(operations.cancelRequestedAt)));
    await recordOperationEvent(tx, { merchantId: op.merchantId, operationId: op.id, source: args.actor.kind === "admin" ? "admin" : "api", type: "cancel_requested", actor: actorLabel(args.actor) });
  });
  try {
    const account = await loadProviderAccount(db, op.merchantId, op.provider);
    if (op.providerReference) await connector.cancel(account, operationRef(op));
  } catch (e) {
    return err(providerFailure(e));
  }
  return refreshOperation(args);
}

/** Approve or reject an operation that waits for the merchant's confirmation. */
export async function decideOperation(args: { merchantId: string; operationId: string; accept: boolean; actor: Actor }): Promise<Result<Operation>> {
  const db = await getDb();
  const op = await findOperation(db, args.merchantId, args.operationId);
  if (!op) return err(notFound("Operation"));
  if (op.status !== "awaiting_confirmation") return err(invalidState("Only an operation awaiting confirmation can be approved or rejected."));
  const connector = await getConnector(op.provider);
  if (!connector.capabilities.approve || !connector.decide) return err(invalidState("This provider does not support merchant confirmation."));
  await recordOperationEvent(db, {
    merchantId: op.merchantId,
    operationId: op.id,
    source: args.actor.kind === "admin" ? "admin" : "api",
    type: args.accept ? "approve_requested" : "reject_requested",
    actor: actorLabel(args.actor),
  });
  try {
    const account = await loadProviderAccount(db, op.merchantId, op.provider);
    await connector.decide(account, operationRef(op), args.accept);
  } catch (e) {
    return err(providerFailure(e));
  }
  return refreshOperation(args);
}
