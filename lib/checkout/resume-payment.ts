import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { log, redact } from "@/lib/log";
import { applyProviderUpdates, recordOperationEvent } from "@/lib/operations/apply-updates";
import { operationRef } from "@/lib/operations/load-operation";
import { isFinal } from "@/lib/operations/status";
import { loadProviderAccount } from "@/lib/providers/load-account";
import { getConnector } from "@/lib/providers/registry";
import { ProviderError, type ResumeInput } from "@/lib/providers/types";
import { err, type Result } from "@/lib/result";
import { hit } from "@/lib/security/rate-limit";
import { loadPaymentState, type PaymentState } from "./payment-progress";

// Reading back is cheap for us and not for the provider: a payer reloading the return
// page gets the stored state after this many provider calls in the window.
const RESUME_LIMIT = { limit: 5, windowMs: 10_000 };

/**
 * The payer's browser has finished a step on a provider's page (came back from the issuer,
 * the 3DS method or challenge notified us): carry it to the provider through the
 * connector's resume, or, for connectors that take nothing back, read the provider's
 * status at once, so the payer sees the result without waiting for a callback. Nothing the
 * browser brings is trusted: it is passed to the connector, which asks the provider.
 * Provider trouble changes nothing here; the page keeps waiting for the provider's status.
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
  if (!isFinal(op.status) && (await hit(`pay:resume:${op.id}`, RESUME_LIMIT.limit, RESUME_LIMIT.windowMs)).allowed) {
    try {
      const connector = await getConnector(op.provider);
      if (op.providerReference || connector.capabilities.lookupByOwnId) {
        await recordOperationEvent(db, { merchantId: op.merchantId, operationId: op.id, source: "checkout", type: input.kind === "payer_returned" ? "payer_returned" : `3ds_${input.kind}`, payload: redact(input) });
        const account = await loadProviderAccount(db, op.merchantId, op.provider);
        const ref = operationRef(op);
        const updates = connector.resume ? await connector.resume(account, ref, input) : await connector.fetchStatus(account, ref);
        await applyProviderUpdates({ merchantId: op.merchantId, operationId: op.id, updates, source: "checkout", recordDuplicates: false });
      }
    } catch (e) {
      if (!(e instanceof ProviderError)) throw e;
      log.warn("resume read-back failed; the page keeps waiting", { operationId: op.id, kind: e.kind });
    }
  }
  return loadPaymentState(sessionId, operationId);
}
