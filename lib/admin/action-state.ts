import type { AppError } from "@/lib/errors";

/** What a server action hands back to the form that called it. */
export type ActionState = { ok: true; message: string; secret?: string } | { ok: false; message: string } | null;

export const actionFailed = (e: AppError): ActionState => ({ ok: false, message: e.message });
