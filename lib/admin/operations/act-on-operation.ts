import { z } from "zod";
import { getDb } from "@/db/client";
import type { Operation } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { cancelOperation, decideOperation, refreshOperation, type Actor } from "@/lib/operations/actions";
import { findOperation } from "@/lib/operations/load-operation";
import { err, type Result } from "@/lib/result";
import { ownerOnly, type AdminContext } from "../admin-context";
import { writeAudit } from "../audit";

export const OperationActionInput = z.object({
  operationId: z.string().regex(/^op_[0-9a-f]{32}$/, "Not an operation id"),
  action: z.enum(["cancel", "refresh", "approve", "reject"]),
});
export type OperationActionInput = z.infer<typeof OperationActionInput>;

/**
 * An admin's action on one operation: owners only, the admin's own merchant only, done
 * through the generic operation actions, and written to the audit log whatever the
 * provider answered (an attempt that failed is still something someone did).
 */
export async function actOnOperation(admin: AdminContext, input: OperationActionInput): Promise<Result<Operation>> {
  const refused = ownerOnly(admin);
  if (refused) return err(refused);
  const db = await getDb();
  const before = await findOperation(db, admin.merchantId, input.operationId);
  if (!before) return err(notFound("Operation"));
  const actor: Actor = { kind: "admin", id: admin.id };
  const args = { merchantId: admin.merchantId, operationId: before.id, actor };
  let result: Result<Operation>;
  try {
    result =
      input.action === "cancel"
        ? await cancelOperation(args)
        : input.action === "refresh"
          ? await refreshOperation(args)
          : await decideOperation({ ...args, accept: input.action === "approve" });
  } catch (e) {
    await writeAudit(db, admin, { action: `operation.${input.action}`, targetType: "operation", targetId: before.id, details: { outcome: "error", status_before: before.status } });
    throw e;
  }
  await writeAudit(db, admin, {
    action: `operation.${input.action}`,
    targetType: "operation",
    targetId: before.id,
    details: result.ok
      ? { outcome: "ok", status_before: before.status, status_after: result.value.status }
      : { outcome: "refused", status_before: before.status, error: result.error.code, message: result.error.message },
  });
  return result;
}
