import { and, desc, eq } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";
import { checkoutSessions, operations, type CheckoutSession, type Operation } from "@/db/schema";
import { isId } from "@/lib/ids";
import { isFinal, type OperationStatus } from "@/lib/operations/status";
import { isAppError, notFound } from "@/lib/errors";
import { getConnector } from "@/lib/providers/registry";
import type { NextAction, PayerOutcome } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { merchantReturnUrl } from "./return-url";
import type { SessionStatus } from "./session-status";

// What the payer's page needs to know about an attempt, and nothing more: no card data,
// no provider payloads. The same shape is the pay endpoint's answer and each live update.
export interface PaymentState {
  sessionId: string;
  operationId: string;
  status: OperationStatus;
  final: boolean;
  action: NextAction | null;
  redirectCount: number;
  /** A sentence for the payer when the attempt did not succeed. */
  message: string | null;
  /**
   * The request reached the provider but its answer was lost (timeout, 5xx): the payment
   * may exist. The page says we are confirming it, never that nothing was charged.
   */
  confirming: boolean;
  sessionStatus: SessionStatus;
  /** The merchant's success URL, once the payment succeeded. */
  successUrl: string | null;
  /** Whether the payer may try again (another card) on this session. */
  canRetry: boolean;
  /** What trying again means, when the attempt ended without success. */
  retry: PayerOutcome["retry"] | null;
}

/** providerStatus the checkout records while a provider's answer to start is unknown. */
export const OUTCOME_UNKNOWN = "outcome_unknown";

// Outcomes the checkout itself records when a provider never gave one (start-payment.ts,
// actions.ts). Each "not charged" here is true by construction: the provider was never
// reached, refused the request, or never received anything payable.
export const CHECKOUT_OUTCOMES: Record<string, PayerOutcome> = {
  PROVIDER_UNAVAILABLE: {
    message: "The payment service is not answering right now. You have not been charged. Please try again in a few minutes.",
    retry: "try_again",
  },
  PROVIDER_REJECTED: { message: "The payment provider did not accept this payment. Check your details or use another card.", retry: "another_card" },
  INVALID_REQUEST: { message: "Some payment details were missing or not accepted. Check them and try again.", retry: "try_again" },
  NO_PROVIDER_REFERENCE: {
    message: "The payment could not be started with the payment provider. You have not been charged. Please try again.",
    retry: "try_again",
  },
  TOO_LATE: { message: "Too little time is left to pay this order. Ask the merchant for a new payment link.", retry: "none" },
};

const GENERIC_FAILED: PayerOutcome = { message: "The payment could not be completed. You have not been charged; please try again.", retry: "try_again" };
const GENERIC_DECLINED: PayerOutcome = { message: "Your bank declined the payment. Try another card or contact your bank.", retry: "another_card" };

/** How the payer should read an attempt that ended without success; null while it runs or once it succeeded. */
export async function payerOutcomeFor(op: Pick<Operation, "provider" | "status" | "declineCode" | "declineReason">): Promise<PayerOutcome | null> {
  if (op.status === "succeeded" || !isFinal(op.status)) return null;
  const checkout = op.declineCode ? CHECKOUT_OUTCOMES[op.declineCode] : undefined;
  if (checkout) return checkout;
  if (op.status === "cancelled") return { message: "The payment was cancelled.", retry: "try_again" };
  if (op.status === "expired") return { message: "The time to pay ran out.", retry: "none" };
  if (op.declineCode === null && op.declineReason === null) return op.status === "failed" ? GENERIC_FAILED : GENERIC_DECLINED;
  try {
    const connector = await getConnector(op.provider);
    return connector.describeOutcome({ status: op.status, declineCode: op.declineCode, declineReason: op.declineReason });
  } catch (e) {
    if (!isAppError(e)) throw e;
    return op.status === "failed" ? GENERIC_FAILED : GENERIC_DECLINED;
  }
}

export function sessionIsPayable(session: Pick<CheckoutSession, "status" | "expiresAt">, now = Date.now()): boolean {
  return session.status === "open" && session.expiresAt.getTime() > now;
}

export async function presentPaymentState(op: Operation, session: CheckoutSession): Promise<PaymentState> {
  const final = isFinal(op.status);
  const outcome = await payerOutcomeFor(op);
  return {
    sessionId: session.id,
    operationId: op.id,
    status: op.status,
    final,
    action: final ? null : (op.nextAction ?? null),
    redirectCount: op.redirectCount,
    message: outcome?.message ?? null,
    confirming: !final && op.providerStatus === OUTCOME_UNKNOWN,
    sessionStatus: session.status,
    successUrl: op.status === "succeeded" ? merchantReturnUrl(session.successUrl, session.id) : null,
    canRetry: outcome !== null && outcome.retry !== "none" && sessionIsPayable(session),
    retry: outcome?.retry ?? null,
  };
}

/** One attempt's state, found through the session the payer holds. */
export async function loadPaymentState(sessionId: string, operationId: string, db?: Queryable): Promise<Result<PaymentState>> {
  if (!isId("session", sessionId) || !isId("operation", operationId)) return err(notFound("Payment"));
  const q = db ?? (await getDb());
  const [row] = await q
    .select({ op: operations, session: checkoutSessions })
    .from(operations)
    .innerJoin(checkoutSessions, eq(checkoutSessions.id, operations.sessionId))
    .where(and(eq(operations.id, operationId), eq(operations.sessionId, sessionId)))
    .limit(1);
  if (!row) return err(notFound("Payment"));
  return ok(await presentPaymentState(row.op, row.session));
}

/** The session's most recent attempt, if any. */
export async function latestOperation(db: Queryable, session: Pick<CheckoutSession, "id" | "merchantId">): Promise<Operation | null> {
  const [op] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.merchantId, session.merchantId), eq(operations.sessionId, session.id)))
    .orderBy(desc(operations.createdAt), desc(operations.id))
    .limit(1);
  return op ?? null;
}
