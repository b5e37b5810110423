"use client";

import { CopyButton } from "./CopyButton";

/** A freshly made secret (API key, signing secret): shown in this answer only, never again. */
export function SecretOnce({ message, secret, label, noun }: { message: string; secret: string; label: string; noun: string }) {
  return (
    <div role="status" className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <p className="text-sm font-medium text-emerald-900">
        {message} Copy the {noun} now: it is shown only once.
      </p>
      <p className="mt-2">
        <code aria-label={label} className="block break-all rounded bg-white px-2 py-1 font-mono text-sm ring-1 ring-emerald-200">
          {secret}
        </code>
      </p>
      <div className="mt-2">
        <CopyButton value={secret} label={`Copy ${noun}`} />
      </div>
    </div>
  );
}
