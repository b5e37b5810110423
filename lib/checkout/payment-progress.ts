import { and, desc, eq } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";
import { checkoutSessions, operations, type CheckoutSession, type Operation } from "@/db/schema";
import { isId } from "@/lib/ids";
import { isFinal, type OperationStatus } from "@/lib/operations/status";
import { isAppError, notFound } from "@/lib/errors";
import { getConnector } from "@/lib/providers/registry";
import type { NextAction, PayerOutcome } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { CATALOGS } from "@/lib/i18n/catalogs";
import { cardBrandName } from "./card-brands";
import { CHECKOUT_MESSAGES } from "./payer-outcome-texts";
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
  /** A sentence for the payer when the attempt did not succeed (English). */
  message: string | null;
  /**
   * The same sentence's key in the page's outcome texts ("checkout:TOO_LATE",
   * "onramp:DO_NOT_HONOR"): the page shows its translation, else the English message.
   */
  messageKey: string | null;
  /** How the payer is paying: what the progress text speaks of (a bank, 3-D Secure, a payment page). */
  method: Operation["paymentMethod"];
  /** What the success page's receipt shows; null until the payment succeeded. */
  receipt: PaymentReceipt | null;
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

/** The card as we keep it (brand, last four), never as the browser sent it. */
export interface PaymentReceipt {
  operationId: string;
  cardBrand: string | null;
  cardLast4: string | null;
  paidAt: string;
}

/** providerStatus the checkout records while a provider's answer to start is unknown. */
export const OUTCOME_UNKNOWN = "outcome_unknown";

// Outcomes the checkout itself records when a provider never gave one (start-payment.ts,
// actions.ts). Each "not charged" here is true by construction: the provider was never
// reached, refused the request, or never received anything payable.
const en = CATALOGS.en.Outcome;
type CheckoutOutcomeKey = keyof typeof en;
const checkoutOutcome = (key: CheckoutOutcomeKey, retry: PayerOutcome["retry"]): PayerOutcome => ({ key: `${CHECKOUT_MESSAGES}:${key}`, message: en[key], retry });

export const CHECKOUT_OUTCOMES: Record<string, PayerOutcome> = {
  PROVIDER_UNAVAILABLE: checkoutOutcome("PROVIDER_UNAVAILABLE", "try_again"),
  PROVIDER_REJECTED: checkoutOutcome("PROVIDER_REJECTED", "another_card"),
  INVALID_REQUEST: checkoutOutcome("INVALID_REQUEST", "try_again"),
  NO_PROVIDER_REFERENCE: checkoutOutcome("NO_PROVIDER_REFERENCE", "try_again"),
  TOO_LATE: checkoutOutcome("TOO_LATE", "none"),
};

const GENERIC_FAILED = checkoutOutcome("GENERIC_FAILED", "try_again");
const GENERIC_DECLINED = checkoutOutcome("GENERIC_DECLINED", "another_card");

/** How the payer should read an attempt that ended without success; null while it runs or once it succeeded. */
export async function payerOutcomeFor(op: Pick<Operation, "provider" | "status" | "declineCode" | "declineReason">): Promise<PayerOutcome | null> {
  if (op.status === "succeeded" || !isFinal(op.status)) return null;
  const checkout = op.declineCode ? CHECKOUT_OUTCOMES[op.declineCode] : undefined;
  if (checkout) return checkout;
  if (op.status === "cancelled") return checkoutOutcome("CANCELLED", "try_again");
  if (op.status === "expired") return checkoutOutcome("EXPIRED", "none");
  if (op.declineCode === null && op.declineReason === null) return op.status === "failed" ? GENERIC_FAILED : GENERIC_DECLINED;
  try {
    const connector = await getConnector(op.provider);
    const described = connector.describeOutcome({ status: op.status, declineCode: op.declineCode, declineReason: op.declineReason });
    // A connector's keys name its own catalog (payerMessages); the provider prefix keeps them apart.
    return { ...described, key: `${op.provider}:${described.key}` };
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
    messageKey: outcome?.key ?? null,
    method: op.paymentMethod,
    receipt: op.status === "succeeded" ? { operationId: op.id, cardBrand: cardBrandName(op.cardBrand), cardLast4: op.cardLast4, paidAt: (op.finalizedAt ?? op.updatedAt).toISOString() } : null,
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
