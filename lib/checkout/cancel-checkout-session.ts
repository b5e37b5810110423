import { and, eq } from "drizzle-orm";
import { inTransaction, type Queryable } from "@/db/client";
import { checkoutSessions } from "@/db/schema";
import { invalidState, notFound } from "@/lib/errors";
import { err, ok, type Result } from "@/lib/result";
import { presentSession, type SessionJson } from "./present-session";
import { transitionSession } from "./transition-session";

/**
 * The merchant withdraws an open session: it can no longer be paid. A session with an
 * attempt under way (processing) or already final cannot be cancelled here; an attempt
 * is cancelled through its operation. `db` may be the caller's transaction.
 */
export async function cancelCheckoutSession(args: { merchantId: string; sessionId: string; db?: Queryable }): Promise<Result<SessionJson>> {
  return inTransaction(args.db, async (tx) => {
    const [session] = await tx
      .select()
      .from(checkoutSessions)
      .where(and(eq(checkoutSessions.id, args.sessionId), eq(checkoutSessions.merchantId, args.merchantId)))
      .for("no key update")
      .limit(1);
    if (!session) return err(notFound("Checkout session"));
    if (session.status !== "open") return err(invalidState(`The checkout session is ${session.status} and cannot be cancelled.`));
    return ok(presentSession(await transitionSession(tx, session, "cancelled")));
  });
}
