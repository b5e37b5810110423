"use client";

import type { ActionState } from "@/lib/admin/action-state";
import { SecretActionForm } from "@/components/admin/SecretActionForm";

export function CreateEndpointForm({ action }: { action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <SecretActionForm action={action} submitLabel="Add endpoint" pendingLabel="Adding…" secretLabel="Signing secret" secretNoun="secret">
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
    </SecretActionForm>
  );
}
