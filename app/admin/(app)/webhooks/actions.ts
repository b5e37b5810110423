"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireAdmin } from "@/lib/admin/require-admin";
import { ownerOnly, type AdminContext } from "@/lib/admin/admin-context";
import { actionFailed, unstorableForm, type ActionState } from "@/lib/admin/action-state";
import { CreateEndpointInput } from "@/lib/webhooks/endpoint-input";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, updateEndpoint } from "@/lib/webhooks/endpoints";
import { replayEvent } from "@/lib/webhooks/replay-event";

const EndpointId = z.string().regex(/^we_[0-9a-f]{32}$/);
const EventId = z.string().regex(/^evt_[0-9a-f]{32}$/);

async function owner(): Promise<{ admin: AdminContext } | { denied: ActionState }> {
  const admin = await requireAdmin();
  const refused = ownerOnly(admin);
  return refused ? { denied: actionFailed(refused) } : { admin };
}

const actor = (a: AdminContext) => ({ id: a.id, email: a.email });
const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
};

export async function createEndpointAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await owner();
  if ("denied" in who) return who.denied;
  const unstorable = unstorableForm(form);
  if (unstorable) return unstorable;
  const description = text(form, "description")?.trim();
  const parsed = CreateEndpointInput.safeParse({ url: text(form, "url") ?? "", ...(description ? { description } : {}) });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the URL." };
  const result = await createEndpoint({ merchantId: who.admin.merchantId, input: parsed.data, actor: actor(who.admin) });
  if (!result.ok) return actionFailed(result.error);
  revalidatePath("/admin/webhooks");
  return { ok: true, message: `Endpoint ${result.value.url} created.`, secret: result.value.secret };
}

const OVERLAP_HOURS = z.coerce.number().int().min(0).max(168);

export async function rotateSecretAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await owner();
  if ("denied" in who) return who.denied;
  const id = EndpointId.safeParse(text(form, "endpointId"));
  const hours = OVERLAP_HOURS.safeParse(text(form, "overlapHours") ?? "24");
  if (!id.success || !hours.success) return { ok: false, message: "That request is not valid." };
  const result = await rotateEndpointSecret({ merchantId: who.admin.merchantId, endpointId: id.data, input: { expires_in_seconds: hours.data * 3600 }, actor: actor(who.admin) });
  if (!result.ok) return actionFailed(result.error);
  revalidatePath(`/admin/webhooks/endpoints/${id.data}`);
  const overlap = hours.data > 0 ? ` The previous secret keeps signing for ${hours.data} h.` : " The previous secret no longer signs.";
  return { ok: true, message: `Secret rotated.${overlap}`, secret: result.value.secret };
}

export async function setEndpointEnabledAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await owner();
  if ("denied" in who) return who.denied;
  const id = EndpointId.safeParse(text(form, "endpointId"));
  const enabled = text(form, "enabled");
  if (!id.success || (enabled !== "true" && enabled !== "false")) return { ok: false, message: "That request is not valid." };
  const result = await updateEndpoint({ merchantId: who.admin.merchantId, endpointId: id.data, input: { enabled: enabled === "true" }, actor: actor(who.admin) });
  if (!result.ok) return actionFailed(result.error);
  revalidatePath(`/admin/webhooks/endpoints/${id.data}`);
  revalidatePath("/admin/webhooks");
  return { ok: true, message: enabled === "true" ? "Endpoint enabled: new events are delivered to it." : "Endpoint disabled: its pending deliveries stopped." };
}

export async function deleteEndpointAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await owner();
  if ("denied" in who) return who.denied;
  const id = EndpointId.safeParse(text(form, "endpointId"));
  if (!id.success) return { ok: false, message: "That request is not valid." };
  const result = await deleteEndpoint({ merchantId: who.admin.merchantId, endpointId: id.data, actor: actor(who.admin) });
  if (!result.ok) return actionFailed(result.error);
  revalidatePath("/admin/webhooks");
  redirect("/admin/webhooks?deleted=1");
}

export async function replayEventAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await owner();
  if ("denied" in who) return who.denied;
  const eventId = EventId.safeParse(text(form, "eventId"));
  const endpointId = EndpointId.safeParse(text(form, "endpointId"));
  if (!eventId.success || !endpointId.success) return { ok: false, message: "That request is not valid." };
  const result = await replayEvent({ merchantId: who.admin.merchantId, eventId: eventId.data, endpointId: endpointId.data, actor: actor(who.admin) });
  if (!result.ok) return actionFailed(result.error);
  revalidatePath(`/admin/webhooks/events/${eventId.data}`);
  return { ok: true, message: "Replay queued: it is sent within a few seconds. Reload to see the attempt." };
}
