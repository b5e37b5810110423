import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { operations } from "@/db/schema";

/** The operation an event concerns, when it concerns one (its history then shows the webhook). */
export function operationIdOfEvent(payload: Record<string, unknown>): string | null {
  const data = payload.data;
  if (!data || typeof data !== "object") return null;
  const d = data as Record<string, unknown>;
  if (d.object === "operation" && typeof d.id === "string") return d.id;
  const latest = d.latest_operation;
  if (latest && typeof latest === "object") {
    const id = (latest as Record<string, unknown>).id;
    if (typeof id === "string") return id;
  }
  return null;
}

/** The event's operation when it concerns one that exists for this merchant. */
export async function existingOperationOfEvent(db: Queryable, merchantId: string, payload: Record<string, unknown>): Promise<string | null> {
  const id = operationIdOfEvent(payload);
  if (!id) return null;
  const [row] = await db
    .select({ id: operations.id })
    .from(operations)
    .where(and(eq(operations.id, id), eq(operations.merchantId, merchantId)))
    .limit(1);
  return row?.id ?? null;
}
