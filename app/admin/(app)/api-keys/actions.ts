"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/admin/require-admin";
import { createApiKey, CreateApiKeyInput, revokeApiKey, RevokeApiKeyInput } from "@/lib/admin/api-keys";
import { actionFailed, unstorableForm, type ActionState } from "@/lib/admin/action-state";

export async function createApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const unstorable = unstorableForm(form);
  if (unstorable) return unstorable;
  const parsed = CreateApiKeyInput.safeParse({ name: form.get("name") });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the name." };
  const result = await createApiKey(admin, parsed.data);
  if (!result.ok) return actionFailed(result.error);
  revalidatePath("/admin/api-keys");
  return { ok: true, message: `Key “${result.value.summary.name}” created.`, secret: result.value.key };
}

export async function revokeApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const parsed = RevokeApiKeyInput.safeParse({ keyId: form.get("keyId") });
  if (!parsed.success) return { ok: false, message: "That key id is not valid." };
  const result = await revokeApiKey(admin, parsed.data);
  if (!result.ok) return actionFailed(result.error);
  revalidatePath("/admin/api-keys");
  return { ok: true, message: "Key revoked." };
}
