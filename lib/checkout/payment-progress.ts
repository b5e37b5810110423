import { and, desc, eq } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";
import { checkoutSessions, operations, type CheckoutSession, type Operation } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { isFinal, type OperationStatus } from "@/lib/operations/status";
import { onrampPayerMessage } from "@/lib/providers/onramp/payer-messages";
import type { NextAction } from "@/lib/providers/types";
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
  sessionStatus: SessionStatus;
  /** The merchant's success URL, once the payment succeeded. */
  successUrl: string | null;
  /** Whether the payer may try again (another card) on this session. */
  canRetry: boolean;
}

// Outcomes the checkout itself records when a provider never gave one (see start-payment.ts).
export const CHECKOUT_DECLINE_CODES = {
  PROVIDER_UNAVAILABLE: "The payment service is not answering right now. You have not been charged. Please try again in a few minutes.",
  PROVIDER_REJECTED: "The payment provider did not accept this payment. Check your details or use another card.",
  INVALID_REQUEST: "Some payment details were missing or not accepted. Check them and try again.",
} as const;

/** A human sentence for why an attempt ended without success. */
export function payerMessageFor(op: Pick<Operation, "provider" | "status" | "declineCode" | "declineReason">): string | null {
  if (op.status === "succeeded" || !isFinal(op.status)) return null;
  const code = op.declineCode ?? "";
  if (code in CHECKOUT_DECLINE_CODES) return CHECKOUT_DECLINE_CODES[code as keyof typeof CHECKOUT_DECLINE_CODES];
  if (op.status === "cancelled") return "The payment was cancelled.";
  if (op.status === "expired") return "The time to pay ran out.";
  if (op.provider === "onramp" || op.provider === "onramp_invoice") return onrampPayerMessage(op.declineReason);
  // Providers like Paysecure answer with sentences meant for people; codes are not.
  if (op.declineReason && /\s/.test(op.declineReason)) return op.declineReason;
  return op.status === "failed" ? "The payment could not be completed. You have not been charged; please try again." : "Your bank declined the payment. Try another card or contact your bank.";
}

export function sessionIsPayable(session: Pick<CheckoutSession, "status" | "expiresAt">, now = Date.now()): boolean {
  return session.status === "open" && session.expiresAt.getTime() > now;
}

export function presentPaymentState(op: Operation, session: CheckoutSession): PaymentState {
  const final = isFinal(op.status);
  return {
    sessionId: session.id,
    operationId: op.id,
    status: op.status,
    final,
    action: final ? null : (op.nextAction ?? null),
    redirectCount: op.redirectCount,
    message: payerMessageFor(op),
    sessionStatus: session.status,
    successUrl: op.status === "succeeded" ? merchantReturnUrl(session.successUrl, session.id) : null,
    canRetry: final && op.status !== "succeeded" && sessionIsPayable(session),
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
  return ok(presentPaymentState(row.op, row.session));
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
