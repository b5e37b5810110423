"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { NextAction } from "@/lib/providers/types";

// The 3-D Secure 2 browser steps, inside our own page: a form we render posts the
// provider's fields into an iframe (never the provider's ready-made HTML, whose inline
// script our CSP refuses). The issuer's page in the iframe ends by posting to our
// notification route; the payer's page learns the outcome by its live updates. A reload
// posts the form again, which the issuer and our route both take as the same step.

type MethodAction = Extract<NextAction, { kind: "method_iframe" }>;
type ChallengeAction = Extract<NextAction, { kind: "challenge_iframe" }>;

function AutoPostForm({ url, fields, target }: { url: string; fields: Record<string, string>; target: string }) {
  const form = useRef<HTMLFormElement>(null);
  const key = `${url}\n${JSON.stringify(fields)}`;
  useEffect(() => {
    form.current?.submit();
  }, [key]);
  return (
    <form ref={form} method="post" action={url} target={target} hidden>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </form>
  );
}

/** The 3DS method: a hidden iframe the issuer uses to recognise the device. Nothing to see. */
export function MethodFrame({ action, title }: { action: MethodAction; title: string }) {
  const name = `tds-method-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return (
    <>
      <iframe name={name} title={title} aria-hidden="true" tabIndex={-1} className="pointer-events-none absolute h-px w-px overflow-hidden border-0 opacity-0" />
      <AutoPostForm url={action.url} fields={action.fields} target={name} />
    </>
  );
}

// EMV 3DS challenge window sizes (width x height); 5 is full screen.
const WINDOW_SIZES: Record<1 | 2 | 3 | 4, { width: number; height: number }> = {
  1: { width: 250, height: 400 },
  2: { width: 390, height: 400 },
  3: { width: 500, height: 600 },
  4: { width: 600, height: 400 },
};

/**
 * The issuer's challenge, in a window of the size the session asked for; full screen on
 * phones. The payer can always close it (an issuer page that never loads would otherwise
 * hold them for the whole challenge time); Escape does the same.
 */
export function ChallengeFrame({
  action,
  title,
  heading: headingText,
  cancelLabel,
  onCancel,
}: {
  action: ChallengeAction;
  title: string;
  heading: string;
  cancelLabel: string;
  onCancel: () => Promise<void>;
}) {
  const name = `tds-challenge-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const heading = useRef<HTMLHeadingElement>(null);
  const [cancelling, setCancelling] = useState(false);
  const cancel = useCallback(() => {
    if (cancelling) return;
    setCancelling(true);
    void onCancel().finally(() => setCancelling(false));
  }, [cancelling, onCancel]);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") cancel();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [cancel]);
  const size = action.windowSize === 5 ? null : WINDOW_SIZES[action.windowSize];
  return (
    <div role="dialog" aria-modal="true" aria-labelledby={`${name}-heading`} className={`fixed inset-0 z-50 flex bg-slate-900/60 ${size ? "items-center justify-center p-4" : ""}`} data-testid="challenge-window">
      <div className={size ? "flex max-h-full max-w-full flex-col overflow-hidden rounded-xl bg-white shadow-xl" : "flex h-full w-full flex-col bg-white"}>
        <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-2">
          <h2 id={`${name}-heading`} ref={heading} tabIndex={-1} className="text-sm font-semibold text-slate-900 outline-none">
            {headingText}
          </h2>
          <button
            type="button"
            onClick={cancel}
            disabled={cancelling}
            className="shrink-0 rounded-md px-2 py-1 text-sm font-medium text-slate-700 underline underline-offset-2 hover:text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand disabled:opacity-60"
          >
            {cancelLabel}
          </button>
        </div>
        <iframe
          name={name}
          title={title}
          className={size ? "max-w-full border-0" : "w-full flex-1 border-0"}
          style={size ? { width: size.width, height: size.height } : undefined}
        />
      </div>
      <AutoPostForm url={action.url} fields={action.fields} target={name} />
    </div>
  );
}
