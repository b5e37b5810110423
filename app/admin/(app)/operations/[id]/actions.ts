"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/admin/require-admin";
import { actOnOperation, OperationActionInput } from "@/lib/admin/operations/act-on-operation";
import { actionFailed, type ActionState } from "@/lib/admin/action-state";

const DONE: Record<OperationActionInput["action"], string> = {
  cancel: "Cancel requested. The provider's answer is shown in the history.",
  refresh: "Status refreshed from the provider.",
  approve: "Approval sent to the provider.",
  reject: "Rejection sent to the provider.",
};

export async function operationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const parsed = OperationActionInput.safeParse({ operationId: form.get("operationId"), action: form.get("action") });
  if (!parsed.success) return { ok: false, message: "That action is not valid." };
  const result = await actOnOperation(admin, parsed.data);
  revalidatePath(`/admin/operations/${parsed.data.operationId}`);
  if (!result.ok) return actionFailed(result.error);
  return { ok: true, message: `${DONE[parsed.data.action]} Status: ${result.value.status.replaceAll("_", " ")}.` };
}
