"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import type { ActionState } from "@/lib/admin/action-state";

interface Props {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  /** The button that opens the confirmation. */
  label: string;
  title: string;
  description: string;
  confirmLabel: string;
  tone?: "danger" | "normal";
}

/** A button that asks first: a modal dialog (focus kept inside, Esc closes) submits a server action. */
export function ConfirmAction({ action, fields, label, title, description, confirmLabel, tone = "normal" }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();

  // Close once the action has finished, whether it answered with a message or navigated.
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending && dialog.current?.open) dialog.current.close();
    wasPending.current = pending;
  }, [pending]);
  useEffect(() => {
    if (state && dialog.current?.open) dialog.current.close();
  }, [state]);

  const strong = tone === "danger" ? "bg-red-700 hover:bg-red-800 text-white" : "bg-brand hover:bg-brand-dark text-white";
  return (
    <div>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        className={`rounded px-3 py-2 text-sm font-medium ${tone === "danger" ? "border border-red-300 bg-white text-red-800 hover:bg-red-50" : "border border-slate-300 bg-white hover:bg-slate-100"}`}
      >
        {label}
      </button>
      {state ? (
        <p role={state.ok ? "status" : "alert"} className={`mt-2 text-sm ${state.ok ? "text-emerald-800" : "text-red-800"}`}>
          {state.message}
        </p>
      ) : null}
      <dialog ref={dialog} aria-labelledby={titleId} aria-describedby={descId} className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/50">
        <form action={formAction} className="p-5">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <p id={descId} className="mt-2 text-sm text-slate-700">
            {description}
          </p>
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100">
              Go back
            </button>
            <button type="submit" disabled={pending} className={`rounded px-3 py-2 text-sm font-medium disabled:opacity-60 ${strong}`}>
              {pending ? "Working…" : confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
