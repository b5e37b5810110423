import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * A labelled input whose hint and error are tied to it (aria-describedby), marked
 * aria-invalid while wrong, so screen readers read the problem with the field. The error's
 * place is a polite live region from the start, so an error that appears as the payer
 * leaves the field is announced too.
 */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  adornment?: ReactNode;
  input: InputHTMLAttributes<HTMLInputElement>;
}) {
  const { id, label, hint, error, adornment, input } = props;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="min-w-0">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        {adornment}
      </div>
      <input
        id={id}
        type="text"
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1 block w-full min-w-0 rounded-lg border bg-white px-3 py-2.5 text-base tabular-nums shadow-sm outline-none transition placeholder:text-slate-400 focus:border-brand focus:ring-2 focus:ring-brand/30 disabled:bg-slate-50 ${
          error ? "border-red-600" : "border-slate-300"
        }`}
      />
      {hint ? (
        <p id={hintId ?? undefined} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <p id={errorId} aria-live="polite" className={error ? "mt-1 text-sm text-red-700" : "sr-only"} data-testid={`${id}-error`}>
        {error}
      </p>
    </div>
  );
}
