import { z } from "zod";
import { notFound } from "@/lib/errors";
import { claimBrowserStep, releaseLease } from "@/lib/operations/browser-steps";
import { err, type Result } from "@/lib/result";
import { loadPaymentState, type PaymentState } from "./payment-progress";
import { carryStep } from "./resume-payment";
import { sessionOperation } from "./session-operation";

export const CancelChallengeRequest = z.object({ operationId: z.string().max(64) });
export type CancelChallengeRequest = z.infer<typeof CancelChallengeRequest>;

/**
 * The payer closed the issuer's challenge window on our page (an issuer page that never
 * loads, a change of mind). The step is claimed as the issuer's own answer would claim it,
 * so whichever comes first counts: a challenge the issuer already answered goes on as
 * answered, and an answer arriving after the payer closed it changes nothing. Answers with
 * the attempt as it now stands, for the page to show.
 */
export async function cancelChallenge(args: { sessionId: string; request: CancelChallengeRequest }): Promise<Result<PaymentState>> {
  const { sessionId } = args;
  const { operationId } = args.request;
  const op = await sessionOperation(sessionId, operationId);
  if (!op) return err(notFound("Payment"));
  const claimed = await claimBrowserStep(op, "challenge_iframe");
  if (claimed) {
    await carryStep(claimed.operation, { kind: "challenge_cancelled" }, { elapsedMs: claimed.elapsedMs });
    await releaseLease(claimed.operation, claimed.lease);
  }
  return loadPaymentState(sessionId, operationId);
}
