import type { AppError } from "@/lib/errors";

/** What a server action hands back to the form that called it; `fields` maps a field name to its problem. */
export type ActionState = { ok: true; message: string; secret?: string } | { ok: false; message: string; fields?: Record<string, string> } | null;

export const actionFailed = (e: AppError): ActionState => ({ ok: false, message: e.message });
