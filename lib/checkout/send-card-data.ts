import { z } from "zod";
import { notFound } from "@/lib/errors";
import { payerError, payerFieldError } from "./payer-errors";
import { claimBrowserStep, releaseLease } from "@/lib/operations/browser-steps";
import { err, type Result } from "@/lib/result";
import { heldCardFromJwe, readableCardData } from "./held-card";
import { loadPaymentState, type PaymentState } from "./payment-progress";
import { carryStep } from "./resume-payment";
import { sessionOperation } from "./session-operation";

export const SendCardDataRequest = z.object({
  operationId: z.string().max(64),
  // The page's JWE of the security code and expiry (lib/checkout/card-encrypt.ts).
  encryptedCard: z.string().min(20).max(8192),
});
export type SendCardDataRequest = z.infer<typeof SendCardDataRequest>;

/**
 * The page sends the card data it encrypted at Pay once the provider is ready for it
 * (NextAction "card_data"): the step is claimed once, so a second tab or a repeat changes
 * nothing, and the data goes to the provider inside this request, never stored. Data the
 * server cannot read (a page older than its key, another session's) is refused before the
 * claim, so the page can ask the payer and send again.
 */
export async function sendCardData(args: { sessionId: string; request: SendCardDataRequest }): Promise<Result<PaymentState>> {
  const { sessionId } = args;
  const { operationId, encryptedCard } = args.request;
  const op = await sessionOperation(sessionId, operationId);
  if (!op) return err(notFound("Payment"));
  if (!(await readableCardData(encryptedCard, op))) {
    return err(payerError("validation_failed", "cardDataAgain", { fields: [payerFieldError("card", "cardDataAgain")] }));
  }
  const claimed = await claimBrowserStep(op, "card_data");
  if (claimed) {
    await carryStep(claimed.operation, { kind: "card_data_sent" }, { elapsedMs: claimed.elapsedMs }, heldCardFromJwe(encryptedCard, op));
    await releaseLease(claimed.operation, claimed.lease);
  }
  return loadPaymentState(sessionId, operationId);
}
