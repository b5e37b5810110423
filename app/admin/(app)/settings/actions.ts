"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/admin/require-admin";
import { updateBranding } from "@/lib/admin/branding";
import { actionFailed, unstorableForm, type ActionState } from "@/lib/admin/action-state";
import { MerchantBranding } from "@/lib/merchants/branding";

export async function updateBrandingAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const unstorable = unstorableForm(form);
  if (unstorable) return unstorable;
  const parsed = MerchantBranding.safeParse({
    displayName: form.get("displayName"),
    logoUrl: form.get("logoUrl"),
    brandColor: form.get("brandColor"),
    termsUrl: form.get("termsUrl"),
    privacyUrl: form.get("privacyUrl"),
  });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    const n = Object.keys(fields).length;
    return { ok: false, message: `Check ${n === 1 ? "one field" : `${n} fields`}: nothing was saved.`, fields };
  }
  const result = await updateBranding(admin, parsed.data);
  if (!result.ok) return actionFailed(result.error);
  revalidatePath("/admin/settings");
  return { ok: true, message: "Branding saved. New payment pages show it at once." };
}
