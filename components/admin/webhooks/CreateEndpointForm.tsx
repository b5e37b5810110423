"use client";

import { useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/admin/action-state";
import { SecretOnce } from "./SecretOnce";

export function CreateEndpointForm({ action }: { action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) result.current?.focus();
  }, [state]);
  return (
    <div>
      <form action={formAction} className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-[2_1_18rem]">
          <label htmlFor="endpoint-url" className="block text-sm font-medium text-slate-700">
            Endpoint URL
          </label>
          <input
            id="endpoint-url"
            name="url"
            type="url"
            required
            maxLength={2048}
            inputMode="url"
            placeholder="https://shop.example/webhooks"
            className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 text-sm"
          />
        </div>
        <div className="min-w-0 flex-[1_1_12rem]">
          <label htmlFor="endpoint-description" className="block text-sm font-medium text-slate-700">
            Description <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input id="endpoint-description" name="description" maxLength={200} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 text-sm" />
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark disabled:opacity-60">
          {pending ? "Adding…" : "Add endpoint"}
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
