"use client";

import type { ActionState } from "@/lib/admin/action-state";
import { SecretActionForm } from "./SecretActionForm";

export function CreateApiKeyForm({ action }: { action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <SecretActionForm action={action} submitLabel="Create key" pendingLabel="Creating…" secretLabel="New API key" secretNoun="key">
      <div className="min-w-0 flex-1 sm:max-w-xs">
        <label htmlFor="key-name" className="block text-sm font-medium text-slate-700">
          Key name
        </label>
        <input id="key-name" name="name" required maxLength={80} placeholder="e.g. Production server" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 text-sm" />
      </div>
    </SecretActionForm>
  );
}
