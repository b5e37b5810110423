import type { Queryable } from "@/db/client";
import { auditLog } from "@/db/schema";
import { newId } from "@/lib/ids";

/** Who acted, when an admin (not an API key) made the change. */
export interface AdminActor {
  id: string;
  email: string;
}

export async function auditWebhookAction(
  tx: Queryable,
  args: { merchantId: string; actor: AdminActor | undefined; action: string; targetType: string; targetId: string; details?: Record<string, unknown> },
): Promise<void> {
  if (!args.actor) return;
  await tx.insert(auditLog).values({
    id: newId("audit"),
    merchantId: args.merchantId,
    actorId: args.actor.id,
    actorEmail: args.actor.email,
    action: args.action,
    targetType: args.targetType,
    targetId: args.targetId,
    details: args.details ?? {},
  });
}
