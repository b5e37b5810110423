import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { refreshOperation } from "@/lib/operations/actions";
import { isFinal } from "@/lib/operations/status";
import { err, type Result } from "@/lib/result";
import { hit } from "@/lib/security/rate-limit";
import { loadPaymentState, type PaymentState } from "./payment-progress";

/**
 * The payer's page has waited long for a final answer: ask the provider directly instead
 * of waiting for a callback or the reconciliation job. Limited per operation so a page
 * left open cannot hammer the provider.
 */
export async function refreshPaymentState(sessionId: string, operationId: string): Promise<Result<PaymentState>> {
  if (!isId("session", sessionId) || !isId("operation", operationId)) return err(notFound("Payment"));
  const db = await getDb();
  const [op] = await db
    .select({ merchantId: operations.merchantId, status: operations.status })
    .from(operations)
    .where(and(eq(operations.id, operationId), eq(operations.sessionId, sessionId)))
    .limit(1);
  if (!op) return err(notFound("Payment"));
  if (!isFinal(op.status) && (await hit(`pay:refresh:${operationId}`, 1, 10_000)).allowed) {
    // A provider error here changes nothing for the payer: the page keeps waiting.
    await refreshOperation({ merchantId: op.merchantId, operationId, actor: { kind: "system", id: "checkout-page" } });
  }
  return loadPaymentState(sessionId, operationId);
}
