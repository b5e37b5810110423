import type { Operation } from "@/db/schema";
import type { OperationResponse } from "./operation-response";

/** The merchant API's JSON for an operation: no card data beyond brand, first six, last four. */
export function presentOperation(op: Operation): OperationResponse {
  return {
    id: op.id,
    object: "operation",
    session_id: op.sessionId,
    status: op.status,
    provider: op.provider,
    provider_reference: op.providerReference,
    payment_method: op.paymentMethod,
    amount: op.amount,
    currency: op.currency,
    customer_id: op.customerId,
    card: op.cardLast4 ? { brand: op.cardBrand, first6: op.cardFirst6, last4: op.cardLast4 } : null,
    three_ds: op.threeDs ?? null,
    decline: op.declineCode || op.declineReason ? { code: op.declineCode, reason: op.declineReason } : null,
    created_at: op.createdAt.toISOString(),
    updated_at: op.updatedAt.toISOString(),
    finalized_at: op.finalizedAt?.toISOString() ?? null,
  };
}
export type OperationJson = OperationResponse;
