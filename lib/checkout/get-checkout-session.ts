import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checkoutSessions, operations } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { err, ok, type Result } from "@/lib/result";
import { presentSession, type SessionJson } from "./present-session";

/** A merchant's own session; another merchant's id answers not found, never forbidden. */
export async function getCheckoutSession(args: { merchantId: string; sessionId: string }): Promise<Result<SessionJson>> {
  if (!isId("session", args.sessionId)) return err(notFound("Checkout session"));
  const db = await getDb();
  const [session] = await db
    .select()
    .from(checkoutSessions)
    .where(and(eq(checkoutSessions.id, args.sessionId), eq(checkoutSessions.merchantId, args.merchantId)))
    .limit(1);
  if (!session) return err(notFound("Checkout session"));
  const [operation] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.sessionId, session.id), eq(operations.merchantId, args.merchantId)))
    .orderBy(desc(operations.createdAt), desc(operations.id))
    .limit(1);
  return ok(presentSession(session, operation ?? null));
}
