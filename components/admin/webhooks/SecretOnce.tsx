"use client";

import { CopyButton } from "@/components/admin/CopyButton";

/** A freshly made signing secret: shown in this answer only, never again. */
export function SecretOnce({ message, secret }: { message: string; secret: string }) {
  return (
    <div role="status" className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <p className="text-sm font-medium text-emerald-900">{message} Copy the signing secret now: it is shown only once.</p>
      <p className="mt-2">
        <code aria-label="Signing secret" className="block break-all rounded bg-white px-2 py-1 font-mono text-sm ring-1 ring-emerald-200">
          {secret}
        </code>
      </p>
      <div className="mt-2">
        <CopyButton value={secret} label="Copy secret" />
      </div>
    </div>
  );
}
