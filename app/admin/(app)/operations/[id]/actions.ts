"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/admin/require-admin";
import { actOnOperation, OperationActionInput } from "@/lib/admin/operations/act-on-operation";
import { actionFailed, type ActionState } from "@/lib/admin/action-state";

export async function operationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const parsed = OperationActionInput.safeParse({ operationId: form.get("operationId"), action: form.get("action") });
  if (!parsed.success) return { ok: false, message: "That action is not valid." };
  const result = await actOnOperation(admin, parsed.data);
  revalidatePath(`/admin/operations/${parsed.data.operationId}`);
  if (!result.ok) return actionFailed(result.error);
  // The page shows the outcome: the button that asked may be gone now (a cancelled
  // operation has no Cancel), so the message cannot live in its form.
  redirect(`/admin/operations/${parsed.data.operationId}?done=${parsed.data.action}`);
}
