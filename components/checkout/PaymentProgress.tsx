"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { PaymentState } from "@/lib/checkout/payment-progress";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";
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

/**
 * What is happening now, in the words of the way the payer pays: a card speaks of the bank
 * and 3-D Secure, a bank transfer of the bank, an invoice of the payment page.
 */
export function stepText(state: PaymentState, t: CheckoutTexts["progress"], redirecting: boolean): string {
  const method = state.method;
  // The provider may have taken the payment and has not told us yet: say exactly that.
  if (state.confirming) return t.confirming;
  if (redirecting) return method === "bank" ? t.toBank : method === "invoice" ? t.toPaymentPage : t.to3ds;
  switch (state.status) {
    case "created":
    case "pending":
      return method === "bank" ? t.startingBank : method === "invoice" ? t.startingInvoice : method === "wallet" ? t.startingWallet : t.startingCard;
    case "requires_action":
      if (state.action?.kind === "method_iframe") return t.deviceCheck;
      if (state.action?.kind === "challenge_iframe") return t.challenge;
      if (state.action?.kind === "card_data") return t.cardVerified;
      return method === "bank" ? t.waitingBank : method === "invoice" ? t.waitingInvoice : t.waiting3ds;
    case "processing":
      return method === "card" ? t.processingCard : t.processingOther;
    case "awaiting_confirmation":
      return t.awaitingMerchant;
    default:
      return t.finishing;
  }
}

export function PaymentProgress(props: {
  initial: PaymentState;
  /** True on the return page: the action present on arrival was the one just completed. */
  returned: boolean;
  onFinal: (state: PaymentState) => void;
  texts: CheckoutTexts;
}) {
  const { initial, returned, onFinal, texts } = props;
  const t = texts.progress;
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

  // The payer closed the issuer's challenge: the server ends the attempt (unless the issuer
  // answered first) and answers with where it stands; a lost answer leaves the stream to tell.
  const cancelChallenge = useCallback(async () => {
    try {
      const res = await fetch(`/api/checkout/${encodeURIComponent(sessionId)}/cancel-challenge`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ operationId: opId }),
      });
      if (res.ok) setState((await res.json()) as PaymentState);
    } catch {
      // Offline for a moment: the stream and the refresh carry on.
    }
  }, [sessionId, opId]);

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
        {t.heading}
      </h2>
      <div aria-hidden="true" className="mx-auto h-10 w-10 animate-spin rounded-full border-4 border-slate-200 border-t-brand motion-reduce:animate-none" />
      <p role="status" aria-live="polite" className="mt-4 text-base font-medium text-slate-800" data-testid="progress-step">
        {stepText(state, t, redirecting)}
      </p>
      {state.action?.kind === "redirect" && !redirecting && !returned && state.status === "requires_action" ? (
        // Back from the bank page without finishing (Back button, closed tab): let them go again.
        <p className="mt-3">
          <a href={state.action.url} className="text-sm font-medium text-brand underline underline-offset-2">
            {state.method === "bank" ? t.openBankAgain : state.method === "invoice" ? t.openPaymentPageAgain : t.openVerificationAgain}
          </a>
        </p>
      ) : null}
      <p className="mt-2 text-sm text-slate-600">
        {slow ? t.slow : t.keepOpen}
      </p>
      {/* The 3DS browser steps run inside this page; a new action (method, then challenge) remounts its frame. */}
      {state.status === "requires_action" && state.action?.kind === "method_iframe" ? <MethodFrame key={JSON.stringify(state.action)} action={state.action} title={t.deviceFrameTitle} /> : null}
      {state.status === "requires_action" && state.action?.kind === "challenge_iframe" ? (
        <ChallengeFrame key={JSON.stringify(state.action)} action={state.action} title={t.challengeFrameTitle} heading={t.challengeHeading} cancelLabel={t.challengeCancel} onCancel={cancelChallenge} />
      ) : null}
      {state.status === "requires_action" && state.action?.kind === "card_data" ? <CardDataStep sessionId={sessionId} operationId={opId} onState={setState} texts={texts} /> : null}
    </section>
  );
}
