"use client";

import type { ActionState } from "@/lib/admin/action-state";
import { SecretActionForm } from "@/components/admin/SecretActionForm";

export function RotateSecretForm({ action, endpointId }: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; endpointId: string }) {
  return (
    <SecretActionForm action={action} submitLabel="Rotate secret" pendingLabel="Rotating…" secondary secretLabel="Signing secret" secretNoun="secret">
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
    </SecretActionForm>
  );
}
