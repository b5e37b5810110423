"use client";

import { useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/admin/action-state";
import { CopyButton } from "./CopyButton";

export function CreateApiKeyForm({ action }: { action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) result.current?.focus();
  }, [state]);
  return (
    <div>
      <form action={formAction} className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 sm:max-w-xs">
          <label htmlFor="key-name" className="block text-sm font-medium text-slate-700">
            Key name
          </label>
          <input id="key-name" name="name" required maxLength={80} placeholder="e.g. Production server" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 text-sm" />
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark disabled:opacity-60">
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      <div ref={result} tabIndex={-1} className="focus:outline-none">
        {state && !state.ok ? (
          <p role="alert" className="mt-3 text-sm text-red-800">
            {state.message}
          </p>
        ) : null}
        {state?.ok && state.secret ? (
          <div role="status" className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
            <p className="text-sm font-medium text-emerald-900">{state.message} Copy it now: it is shown only once.</p>
            <p className="mt-2">
              <code aria-label="New API key" className="block break-all rounded bg-white px-2 py-1 font-mono text-sm ring-1 ring-emerald-200">
                {state.secret}
              </code>
            </p>
            <div className="mt-2">
              <CopyButton value={state.secret} label="Copy key" />
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
