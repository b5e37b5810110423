import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations, type Operation } from "@/db/schema";
import { isAppError, notFound } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { log, redact } from "@/lib/log";
import { applyProviderUpdates, recordOperationEvent } from "@/lib/operations/apply-updates";
import { checkpointOperation } from "@/lib/operations/checkpoint";
import { operationRef } from "@/lib/operations/load-operation";
import { isFinal } from "@/lib/operations/status";
import { loadProviderAccount } from "@/lib/providers/load-account";
import { getConnector } from "@/lib/providers/registry";
import { ProviderError, type HeldCard, type ProviderUpdate, type ResumeInput } from "@/lib/providers/types";
import { err, type Result } from "@/lib/result";
import { hit } from "@/lib/security/rate-limit";
import { nothingHeld } from "./held-card";
import { loadPaymentState, OUTCOME_UNKNOWN, type PaymentState } from "./payment-progress";

// Reading back is cheap for us and not for the provider: a payer reloading the return
// page gets the stored state after this many provider calls in the window.
const RESUME_LIMIT = { limit: 5, windowMs: 10_000 };

/**
 * The request carrying a step to the provider left and no usable answer came back: the
 * provider may have acted (a transfer sent after 3DS). The operation stays open, its
 * browser step is over (the action is dropped so no page shows it again), the payer reads
 * "we are confirming", and the provider's own status settles it.
 */
function outcomeUnknown(e: ProviderError, input: ResumeInput): ProviderUpdate {
  return {
    status: "processing",
    providerStatus: OUTCOME_UNKNOWN,
    providerTime: null,
    dedupeKey: `checkout:resume_outcome_unknown:${input.kind}`,
    raw: { kind: e.kind, status: e.details?.status ?? null, step: input.kind },
  };
}

/**
 * Carry one browser step to the provider (connector.resume) and apply what it answers.
 * The caller has made sure this step is carried once (a claimed browser step, or a payer
 * coming back, for which a repeat is harmless). Nothing the browser brought is trusted:
 * the connector asks the provider.
 */
export async function carryStep(op: Operation, input: ResumeInput, details: Record<string, unknown> = {}, heldCard: HeldCard = nothingHeld): Promise<void> {
  const db = await getDb();
  // A read-back that fails tells nothing; a step that may have made the provider act does.
  let mayHaveActed = false;
  try {
    const connector = await getConnector(op.provider);
    if (!op.providerReference && !connector.capabilities.lookupByOwnId) return;
    await recordOperationEvent(db, { merchantId: op.merchantId, operationId: op.id, source: "checkout", type: input.kind === "payer_returned" || input.kind.startsWith("card_data") ? input.kind : `3ds_${input.kind}`, payload: redact({ ...input, ...details }) });
    const account = await loadProviderAccount(db, op.merchantId, op.provider);
    const ref = operationRef(op);
    mayHaveActed = connector.resume !== undefined && input.kind !== "payer_returned";
    const updates = connector.resume
      ? await connector.resume(account, ref, input, { checkpoint: (patch) => checkpointOperation(op, patch), heldCard })
      : await connector.fetchStatus(account, ref);
    await applyProviderUpdates({ merchantId: op.merchantId, operationId: op.id, updates, source: "checkout", recordDuplicates: false });
  } catch (e) {
    if (isAppError(e) && e.code === "invalid_state") {
      // The attempt ended while the step was under way (checkpointOperation refused): nothing more is sent.
      log.info("browser step arrived after the attempt ended", { operationId: op.id, step: input.kind });
      return;
    }
    if (!(e instanceof ProviderError)) throw e;
    log.warn("carrying a browser step to the provider failed", { operationId: op.id, step: input.kind, kind: e.kind });
    if (mayHaveActed && (e.kind === "outcome_unknown" || e.kind === "invalid_response")) {
      await applyProviderUpdates({ merchantId: op.merchantId, operationId: op.id, updates: [outcomeUnknown(e, input)], source: "checkout" });
    }
    // Otherwise the provider was not reached or refused a read: the page keeps waiting
    // and a read-back (refresh, reconciliation) settles it.
  }
}

/**
 * The payer's browser is back from a provider's page (the return URL): read the
 * provider's status at once, so the payer sees the result without waiting for a callback.
 */
export async function resumePayment(args: { sessionId: string; operationId: string; input: ResumeInput }): Promise<Result<PaymentState>> {
  const { sessionId, operationId, input } = args;
  if (!isId("session", sessionId) || !isId("operation", operationId)) return err(notFound("Payment"));
  const db = await getDb();
  const [op] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.id, operationId), eq(operations.sessionId, sessionId)))
    .limit(1);
  if (!op) return err(notFound("Payment"));
  if (!isFinal(op.status) && (await hit(`pay:resume:${op.id}`, RESUME_LIMIT.limit, RESUME_LIMIT.windowMs)).allowed) await carryStep(op, input);
  return loadPaymentState(sessionId, operationId);
}
