import type { CheckoutSession, Operation } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { presentOperation } from "@/lib/operations/present-operation";
import type { SessionResponse } from "./session-response";

export function hostedUrl(sessionId: string): string {
  return `${appUrl()}/pay/${sessionId}`;
}

/** The merchant API's JSON for a session. */
export function presentSession(session: CheckoutSession, operation: Operation | null = null): SessionResponse {
  return {
    id: session.id,
    object: "checkout_session",
    url: hostedUrl(session.id),
    status: session.status,
    amount: session.amount,
    currency: session.currency,
    customer_id: session.customerId,
    customer: session.customer ?? null,
    description: session.description,
    locale: session.locale ?? null,
    success_url: session.successUrl,
    cancel_url: session.cancelUrl,
    provider: session.provider,
    metadata: session.metadata,
    expires_at: session.expiresAt.toISOString(),
    created_at: session.createdAt.toISOString(),
    latest_operation: operation ? presentOperation(operation) : null,
  };
}
export type SessionJson = SessionResponse;
