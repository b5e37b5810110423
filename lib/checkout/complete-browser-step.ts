import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operations } from "@/db/schema";
import { safeEqual, sha256Hex } from "@/lib/crypto/hash";
import { notFound } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { claimBrowserStep, releaseLease } from "@/lib/operations/browser-steps";
import { ok, err, type Result } from "@/lib/result";
import { carryStep } from "./resume-payment";

export type BrowserStep = "method" | "challenge";

/**
 * An issuer's 3DS method or challenge posted its completion to our notification URL (a
 * cross-origin form post from inside our page's iframe). The URL's token binds the post to
 * one operation; the step is claimed once, so a second post (a reload, a second tab, the
 * issuer posting twice) changes nothing, and a method notification after its timeout is
 * carried as the timeout it is. The form fields are passed on for the record only: the
 * connector asks the provider how the step ended.
 */
export async function completeBrowserStep(args: { sessionId: string; operationId: string; token: string; step: BrowserStep; fields: Record<string, string> }): Promise<Result<{ carried: boolean }>> {
  const { sessionId, operationId, token, step } = args;
  if (!isId("session", sessionId) || !isId("operation", operationId) || token.length < 16 || token.length > 200) return err(notFound("Payment step"));
  const db = await getDb();
  const [op] = await db
    .select({ id: operations.id, merchantId: operations.merchantId, stepTokenHash: operations.stepTokenHash })
    .from(operations)
    .where(and(eq(operations.id, operationId), eq(operations.sessionId, sessionId)))
    .limit(1);
  if (!op?.stepTokenHash || !safeEqual(sha256Hex(token), op.stepTokenHash)) return err(notFound("Payment step"));
  const claimed = await claimBrowserStep(op, step === "method" ? "method_iframe" : "challenge_iframe");
  if (!claimed) return ok({ carried: false });
  const input =
    step === "method"
      ? claimed.late
        ? ({ kind: "method_timeout" } as const)
        : ({ kind: "method_completed", data: args.fields } as const)
      : ({ kind: "challenge_completed", data: args.fields } as const);
  await carryStep(claimed.operation, input, { elapsedMs: claimed.elapsedMs, notifiedLate: claimed.late });
  await releaseLease(claimed.operation, claimed.lease);
  return ok({ carried: true });
}
