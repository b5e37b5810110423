"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import type { ActionState } from "@/lib/admin/action-state";
import { SecretOnce } from "./SecretOnce";

/**
 * A form whose server action creates a secret: the answer (error or the secret, shown
 * once) takes focus so a screen reader announces it.
 */
export function SecretActionForm(props: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  children: ReactNode;
  submitLabel: string;
  pendingLabel: string;
  secondary?: boolean;
  secretLabel: string;
  secretNoun: string;
}) {
  const [state, formAction, pending] = useActionState(props.action, null);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) result.current?.focus();
  }, [state]);
  const button = props.secondary
    ? "rounded border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
    : "rounded bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark disabled:opacity-60";
  return (
    <div>
      <form action={formAction} className="flex flex-wrap items-end gap-3">
        {props.children}
        <button type="submit" disabled={pending} className={button}>
          {pending ? props.pendingLabel : props.submitLabel}
        </button>
      </form>
      <div ref={result} tabIndex={-1} className="focus:outline-none">
        {state && !state.ok ? (
          <p role="alert" className="mt-3 text-sm text-red-800">
            {state.message}
          </p>
        ) : null}
        {state?.ok && state.secret ? <SecretOnce message={state.message} secret={state.secret} label={props.secretLabel} noun={props.secretNoun} /> : null}
      </div>
    </div>
  );
}
