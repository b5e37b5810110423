import type { AppError } from "@/lib/errors";
import { namedTextProblems } from "@/lib/http/input-text";

/** What a server action hands back to the form that called it; `fields` maps a field name to its problem. */
export type ActionState = { ok: true; message: string; secret?: string } | { ok: false; message: string; fields?: Record<string, string> } | null;

export const actionFailed = (e: AppError): ActionState => ({ ok: false, message: e.message });

/** A form that carries text no query can store (NUL, broken Unicode), refused before use. */
export function unstorableForm(form: FormData): ActionState {
  const entries: [string, string][] = [];
  form.forEach((value, name) => {
    if (typeof value === "string") entries.push([name, value]);
  });
  const [problem] = namedTextProblems(entries);
  return problem ? { ok: false, message: `${problem.path}: ${problem.message}.`, fields: { [problem.path]: problem.message } } : null;
}
