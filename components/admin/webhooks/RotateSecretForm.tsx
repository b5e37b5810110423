"use client";

import { useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/admin/action-state";
import { SecretOnce } from "./SecretOnce";

export function RotateSecretForm({ action, endpointId }: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; endpointId: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) result.current?.focus();
  }, [state]);
  return (
    <div>
      <form action={formAction} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="endpointId" value={endpointId} />
        <div>
          <label htmlFor="overlap-hours" className="block text-sm font-medium text-slate-700">
            Keep the old secret signing for
          </label>
          <select id="overlap-hours" name="overlapHours" defaultValue="24" className="mt-1 block rounded border border-slate-300 px-2 py-1.5 text-sm">
            <option value="0">No overlap (old secret stops now)</option>
            <option value="1">1 hour</option>
            <option value="24">24 hours</option>
            <option value="72">3 days</option>
            <option value="168">7 days</option>
          </select>
        </div>
        <button type="submit" disabled={pending} className="rounded border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
          {pending ? "Rotating…" : "Rotate secret"}
        </button>
      </form>
      <div ref={result} tabIndex={-1} className="focus:outline-none">
        {state && !state.ok ? (
          <p role="alert" className="mt-3 text-sm text-red-800">
            {state.message}
          </p>
        ) : null}
        {state?.ok && state.secret ? <SecretOnce message={state.message} secret={state.secret} /> : null}
      </div>
    </div>
  );
}
