"use client";

import { useEffect, useRef, useState } from "react";
import type { PaymentState } from "@/lib/checkout/payment-progress";
import { forgetCardData } from "@/lib/checkout/page-held-card";
import { CardDataStep } from "./CardDataStep";
import { ChallengeFrame, MethodFrame } from "./ThreeDsFrames";

// Follows one attempt until it ends: live updates by server-sent events, a refresh from
// the provider when it has been quiet too long, and the provider's redirects (a second
// redirect too). A redirect already followed is never followed again, so coming back
// from the bank never bounces the payer to the same bank page.

const REFRESH_AFTER_MS = 20_000;

function followedKey(operationId: string) {
  return `checkout:followed:${operationId}`;
}

function readFollowed(operationId: string): string[] | null {
  try {
    const raw = window.sessionStorage.getItem(followedKey(operationId));
    return raw ? (JSON.parse(raw) as string[]) : null;
  } catch {
    return null;
  }
}

function writeFollowed(operationId: string, urls: string[]) {
  try {
    window.sessionStorage.setItem(followedKey(operationId), JSON.stringify(urls));
  } catch {
    // Private mode without storage: the in-memory list still prevents loops on this page.
  }
}

export function stepText(state: PaymentState, method: "card" | "bank" | "invoice" | "wallet", redirecting: boolean): string {
  // The provider may have taken the payment and has not told us yet: say exactly that.
  if (state.confirming) return "We are confirming your payment with the payment provider. This can take a few minutes; please don't pay again.";
  if (redirecting) return method === "bank" ? "Taking you to your bank…" : method === "invoice" ? "Taking you to the payment page…" : "Taking you to your bank for 3-D Secure…";
  switch (state.status) {
    case "created":
    case "pending":
      return "Contacting your bank…";
    case "requires_action":
      if (state.action?.kind === "method_iframe") return "Checking your device with your bank…";
      if (state.action?.kind === "challenge_iframe") return "Confirm the payment in your bank's window.";
      if (state.action?.kind === "card_data") return "Verified by your bank. Sending your payment…";
      return method === "bank" ? "Waiting for your bank…" : "Waiting for 3-D Secure…";
    case "processing":
      return "Your bank is processing the payment…";
    case "awaiting_confirmation":
      return "Waiting for the merchant to confirm the payment…";
    default:
      return "Finishing…";
  }
}

export function PaymentProgress(props: {
  initial: PaymentState;
  method: "card" | "bank" | "invoice" | "wallet";
  /** True on the return page: the action present on arrival was the one just completed. */
  returned: boolean;
  onFinal: (state: PaymentState) => void;
}) {
  const { initial, method, returned, onFinal } = props;
  const [state, setState] = useState(initial);
  const [redirecting, setRedirecting] = useState(false);
  const [slow, setSlow] = useState(false);
  const followed = useRef<string[] | null>(null);
  const finished = useRef(false);
  const onFinalRef = useRef(onFinal);
  useEffect(() => {
    onFinalRef.current = onFinal;
  }, [onFinal]);

  const opId = initial.operationId;
  const sessionId = initial.sessionId;

  useEffect(() => {
    if (followed.current === null) {
      const stored = readFollowed(opId);
      followed.current = stored ?? (returned && initial.action?.kind === "redirect" ? [initial.action.url] : []);
      writeFollowed(opId, followed.current);
    }
  }, [opId, returned, initial.action]);

  // Apply each new state: finish, or follow a redirect not yet followed.
  useEffect(() => {
    if (finished.current) return;
    if (state.final) {
      finished.current = true;
      forgetCardData(sessionId);
      onFinalRef.current(state);
      return;
    }
    const action = state.action;
    if (action?.kind === "redirect") {
      const list = followed.current ?? readFollowed(opId) ?? [];
      if (!list.includes(action.url)) {
        followed.current = [...list, action.url];
        writeFollowed(opId, followed.current);
        setRedirecting(true);
        window.location.assign(action.url);
      }
    }
  }, [state, opId, sessionId]);

  // Live updates; the browser reconnects the stream by itself when it ends.
  useEffect(() => {
    if (initial.final) return;
    const source = new EventSource(`/api/checkout/${encodeURIComponent(sessionId)}/events?op=${encodeURIComponent(opId)}`);
    source.addEventListener("state", (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as PaymentState;
      setState(next);
      if (next.final) source.close();
    });
    return () => source.close();
  }, [sessionId, opId, initial.final]);

  // Quiet for too long: ask the provider, then keep asking now and then.
  useEffect(() => {
    if (initial.final) return;
    let stopped = false;
    const tick = async () => {
      if (stopped || finished.current) return;
      setSlow(true);
      try {
        const res = await fetch(`/api/checkout/${encodeURIComponent(sessionId)}/refresh?op=${encodeURIComponent(opId)}`, { method: "POST" });
        if (res.ok) setState((await res.json()) as PaymentState);
      } catch {
        // Offline for a moment: the stream and the next tick carry on.
      }
    };
    const first = setTimeout(() => void tick(), REFRESH_AFTER_MS);
    const every = setInterval(() => void tick(), REFRESH_AFTER_MS);
    return () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    };
  }, [sessionId, opId, initial.final]);

  return (
    <section aria-labelledby="progress-heading" className="relative py-6 text-center">
      <h2 id="progress-heading" className="sr-only">
        Payment in progress
      </h2>
      <div aria-hidden="true" className="mx-auto h-10 w-10 animate-spin rounded-full border-4 border-slate-200 border-t-brand motion-reduce:animate-none" />
      <p role="status" aria-live="polite" className="mt-4 text-base font-medium text-slate-800" data-testid="progress-step">
        {stepText(state, method, redirecting)}
      </p>
      {state.action?.kind === "redirect" && !redirecting && !returned && state.status === "requires_action" ? (
        // Back from the bank page without finishing (Back button, closed tab): let them go again.
        <p className="mt-3">
          <a href={state.action.url} className="text-sm font-medium text-brand underline underline-offset-2">
            {method === "bank" ? "Open your bank's page again" : "Open the verification page again"}
          </a>
        </p>
      ) : null}
      <p className="mt-2 text-sm text-slate-600">
        {slow ? "This is taking longer than usual. Keep this page open; you will not be charged twice." : "Please keep this page open."}
      </p>
      {/* The 3DS browser steps run inside this page; a new action (method, then challenge) remounts its frame. */}
      {state.status === "requires_action" && state.action?.kind === "method_iframe" ? <MethodFrame key={JSON.stringify(state.action)} action={state.action} /> : null}
      {state.status === "requires_action" && state.action?.kind === "challenge_iframe" ? <ChallengeFrame key={JSON.stringify(state.action)} action={state.action} /> : null}
      {state.status === "requires_action" && state.action?.kind === "card_data" ? <CardDataStep sessionId={sessionId} operationId={opId} onState={setState} /> : null}
    </section>
  );
}
