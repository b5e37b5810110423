import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { heldCardData, operations } from "@/db/schema";
import { CardKeyError, decryptCardJwe } from "@/lib/crypto/card-keys";
import { log } from "@/lib/log";
import { FINAL_STATUSES } from "@/lib/operations/status";
import type { HeldCard } from "@/lib/providers/types";
import { WalletCardPayload } from "./card-payload";

// Card data a payer typed for a card the provider already knows (a wallet card's security
// code and expiry) must outlive the 3-D Secure steps between Pay and the transfer, which
// may run in another request, another instance, or a timer after the tab was closed. It is
// kept as the browser's own JWE (to the checkout's card key), decrypted only by take(),
// right before the one provider call that sends it, and deleted in the same statement. It
// is dropped when the attempt ends, and never kept past HOLD_MS.
export const HOLD_MS = 60 * 60_000;

/** Keep the browser's JWE for an operation, inside the transaction that writes the operation. */
export async function holdCardData(tx: Tx, op: { id: string; merchantId: string }, jwe: string, now = new Date()): Promise<void> {
  await tx.insert(heldCardData).values({ operationId: op.id, merchantId: op.merchantId, jwe, expiresAt: new Date(now.getTime() + HOLD_MS), createdAt: now });
}

export const nothingHeld: HeldCard = { take: async () => null };

/** The held data of one operation, bound to its session (the JWE names the session it was made for). */
export function heldCardFor(op: { id: string; merchantId: string; sessionId: string }): HeldCard {
  return {
    async take() {
      const db = await getDb();
      const [row] = await db
        .delete(heldCardData)
        .where(and(eq(heldCardData.operationId, op.id), eq(heldCardData.merchantId, op.merchantId)))
        .returning({ jwe: heldCardData.jwe, expiresAt: heldCardData.expiresAt });
      if (!row || row.expiresAt.getTime() <= Date.now()) return null;
      let plaintext: unknown;
      try {
        plaintext = await decryptCardJwe(row.jwe);
      } catch (e) {
        if (!(e instanceof CardKeyError)) throw e;
        log.warn("held card data could not be decrypted", { operationId: op.id, reason: e.reason });
        return null;
      }
      const parsed = WalletCardPayload.safeParse(plaintext);
      if (!parsed.success || parsed.data.sid !== op.sessionId) return null;
      return { cvc: parsed.data.cvc, expMonth: parsed.data.expMonth, expYear: parsed.data.expYear };
    },
  };
}

/** The attempt ended: whatever it still held goes (inside the transaction that ended it). */
export async function dropHeldCardData(tx: Tx, op: { id: string; merchantId: string }): Promise<void> {
  await tx.delete(heldCardData).where(and(eq(heldCardData.operationId, op.id), eq(heldCardData.merchantId, op.merchantId)));
}

/** Held data past its time, or of attempts that ended without taking it. */
export async function dropStaleHeldCardData(now = new Date()): Promise<number> {
  const db = await getDb();
  const ended = db.select({ id: operations.id }).from(operations).where(and(eq(operations.id, heldCardData.operationId), inArray(operations.status, [...FINAL_STATUSES])));
  const gone = await db
    .delete(heldCardData)
    .where(or(lt(heldCardData.expiresAt, now), sql`exists (${ended})`))
    .returning({ id: heldCardData.operationId });
  return gone.length;
}
