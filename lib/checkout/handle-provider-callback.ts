import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutSessions, operations, type Operation } from "@/db/schema";
import { sha256Hex, safeEqual } from "@/lib/crypto/hash";
import { AppError, isAppError, notFound } from "@/lib/errors";
import { log, redact } from "@/lib/log";
import { applyProviderUpdates, recordOperationEvent, summarizeOutcomes } from "@/lib/operations/apply-updates";
import { acceptCallback } from "@/lib/operations/callback-inbox";
import type { EventOutcome } from "@/db/schema/operation-events";
import { operationRef } from "@/lib/operations/load-operation";
import { isFinal } from "@/lib/operations/status";
import { loadProviderAccount } from "@/lib/providers/load-account";
import { ProviderName } from "@/lib/providers/names";
import { getConnector } from "@/lib/providers/registry";
import { isId } from "@/lib/ids";
import { ProviderError, type CallbackRequest, type Connector, type ProviderUpdate } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";

export interface ProviderCallbackInput extends CallbackRequest {
  provider: string;
  operationId: string;
  token: string;
}

export interface CallbackAnswer {
  status: number;
  body?: unknown;
}

// Whatever is wrong with the address (provider, operation, token), the caller learns
// only that there is nothing here.
const nothingHere = () => notFound("Callback");

/**
 * The operation a callback address names, if its token is right; null otherwise. Routes
 * call this before reading the body, so an unauthenticated caller cannot make us read one.
 */
export async function findCallbackOperation(input: Pick<ProviderCallbackInput, "provider" | "operationId" | "token">): Promise<Operation | null> {
  const provider = ProviderName.safeParse(input.provider);
  if (!provider.success || !isId("operation", input.operationId)) return null;
  const db = await getDb();
  // The callback names no merchant; the unguessable per-operation token is what
  // authenticates it, and every later query uses the operation's own merchant id.
  const [op] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.id, input.operationId), eq(operations.provider, provider.data)))
    .limit(1);
  if (!op) return null;
  return safeEqual(sha256Hex(input.token), op.callbackTokenHash) ? op : null;
}

/**
 * For providers whose answer to the callback is our decision (ON/RAMP's payment-ack:
 * 200 credits, 204 cancels): the acknowledgement is credited only when the provider's
 * read-back says the payment is being committed, and nothing on our side stands in the
 * way (a cancel, an expired or cancelled session, a session already paid by another
 * attempt). The decision is itself a fact applied to the operation, so a repeated
 * acknowledgement gets the same answer.
 */
async function ackDecision(connector: Connector, op: Operation): Promise<Result<ProviderUpdate | null>> {
  if (isFinal(op.status)) return ok(null);
  if (op.status !== "processing") {
    // The read-back does not say the payment is being committed: neither credit nor
    // cancel; any other answer makes the provider hold the payment for review.
    return err(new AppError("conflict", "The provider's status does not confirm this acknowledgement."));
  }
  const db = await getDb();
  const [session] = await db
    .select()
    .from(checkoutSessions)
    .where(and(eq(checkoutSessions.id, op.sessionId), eq(checkoutSessions.merchantId, op.merchantId)))
    .limit(1);
  const base = { providerTime: null, dedupeKey: `${connector.name}:ack:decision`, raw: { operationId: op.id } };
  let refusal: { status: "cancelled" | "expired"; why: string } | null = null;
  if (!session || session.status === "cancelled") refusal = { status: "cancelled", why: "session_cancelled" };
  else if (op.cancelRequestedAt) refusal = { status: "cancelled", why: "cancel_requested" };
  else if (session.status === "expired" || session.expiresAt.getTime() <= Date.now()) refusal = { status: "expired", why: "session_expired" };
  else if (session.status === "paid" && session.operationId !== op.id) refusal = { status: "cancelled", why: "session_already_paid" };
  if (refusal) {
    return ok({ ...base, status: refusal.status, providerStatus: `payment_ack_refused:${refusal.why}`, raw: { operationId: op.id, reason: refusal.why } });
  }
  return ok({ ...base, status: "succeeded", providerStatus: "payment_ack_credited" });
}

/**
 * A provider's callback for one operation: authenticate it by its URL token, read the
 * status back from the provider (the body is never trusted as it stands), apply what the
 * provider says, keep the raw callback in the history, and compute the answer.
 */
export async function handleProviderCallback(input: ProviderCallbackInput, authenticated?: Operation): Promise<Result<CallbackAnswer>> {
  const found = authenticated ?? (await findCallbackOperation(input));
  if (!found) return err(nothingHere());
  const db = await getDb();
  const connector = await getConnector(found.provider);
  const actor = `provider:${found.provider}`;
  const record = (type: string, extra: Record<string, unknown> = {}, outcome?: EventOutcome) =>
    recordOperationEvent(db, {
      outcome,
      merchantId: found.merchantId,
      operationId: found.id,
      source: "callback",
      type,
      actor,
      payload: { body: redact(input.body), query: redact(input.query), ...extra },
    });

  let updates: ProviderUpdate[];
  try {
    const account = await loadProviderAccount(db, found.merchantId, found.provider);
    updates = await connector.parseCallback(account, operationRef(found), input);
  } catch (e) {
    if (isAppError(e) && e.code === "validation_failed") {
      await record("callback_rejected", { error: e.message });
      return err(e);
    }
    if (e instanceof ProviderError && e.details?.unknownOperation) {
      // The provider itself says it has no such payment: nothing to apply, and sending the
      // callback again cannot change that. Kept in the history, answered as any callback
      // that moved nothing; reconciliation keeps asking in case the provider catches up.
      log.warn("callback for a payment the provider does not know", { operationId: found.id, provider: found.provider });
      await record("callback_unverified", { error: "unknown_to_provider" });
      return ok(connector.callbackReply({ ...operationRef(found), cancelRequested: found.cancelRequestedAt !== null, accept: false }));
    }
    if (e instanceof ProviderError) {
      // Unverifiable now: answer an error so that the provider sends it again later.
      log.warn("callback read-back failed", { operationId: found.id, provider: found.provider, kind: e.kind });
      await record("callback_unverified", { error: e.kind });
      return err(new AppError("provider_unavailable", "The callback could not be verified right now. Send it again later."));
    }
    throw e;
  }
  // The answer depends on what the facts do only where our answer is a decision (a
  // payment-ack) or a cancel is pending: those are applied before answering. Every other
  // callback is kept in the inbox and answered at once; the applier applies it a moment
  // later in a batch (docs/adr/0015-callback-inbox.md).
  if (!connector.capabilities.decidesOnCallback && found.cancelRequestedAt === null) {
    await acceptCallback({
      merchantId: found.merchantId,
      operationId: found.id,
      sessionId: found.sessionId,
      actor,
      updates,
      delivery: { type: "callback_received", payload: { body: redact(input.body), query: redact(input.query), readBack: updates.map((u) => u.providerStatus) } },
    });
    return ok(connector.callbackReply({ ...operationRef(found), cancelRequested: false, accept: found.status === "succeeded" }));
  }
  const applied = await applyProviderUpdates({ merchantId: found.merchantId, operationId: found.id, updates, source: "callback", actor, recordDuplicates: false });
  // The delivery itself is kept once, marked by what it did: a repeated callback shows as a duplicate.
  await record("callback_received", { readBack: updates.map((u) => u.providerStatus) }, summarizeOutcomes(applied));
  let op = applied.operation;
  let accept = op.status === "succeeded";
  if (connector.capabilities.decidesOnCallback) {
    const decision = await ackDecision(connector, op);
    if (!decision.ok) return err(decision.error);
    if (decision.value) {
      op = (await applyProviderUpdates({ merchantId: op.merchantId, operationId: op.id, updates: [decision.value], source: "callback", actor })).operation;
    }
    // The answer follows what the operation became, so a repeat gets the same answer.
    accept = op.status === "succeeded";
  }
  return ok(connector.callbackReply({ ...operationRef(op), cancelRequested: op.cancelRequestedAt !== null, accept }));
}
