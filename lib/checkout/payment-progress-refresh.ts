import { notFound } from "@/lib/errors";
import { refreshOperation } from "@/lib/operations/actions";
import { isFinal } from "@/lib/operations/status";
import { err, type Result } from "@/lib/result";
import { hit } from "@/lib/security/rate-limit";
import { loadPaymentState, type PaymentState } from "./payment-progress";
import { sessionOperation } from "./session-operation";

/**
 * The payer's page has waited long for a final answer: ask the provider directly instead
 * of waiting for a callback or the reconciliation job. Limited per operation so a page
 * left open cannot hammer the provider.
 */
export async function refreshPaymentState(sessionId: string, operationId: string): Promise<Result<PaymentState>> {
  const op = await sessionOperation(sessionId, operationId);
  if (!op) return err(notFound("Payment"));
  if (!isFinal(op.status) && (await hit(`pay:refresh:${operationId}`, 1, 10_000)).allowed) {
    // A provider error here changes nothing for the payer: the page keeps waiting.
    await refreshOperation({ merchantId: op.merchantId, operationId, actor: { kind: "system", id: "checkout-page" } });
  }
  return loadPaymentState(sessionId, operationId);
}
