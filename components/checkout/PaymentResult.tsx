"use client";

import { useEffect, useRef, useState } from "react";
import type { Outcome } from "./outcome";

export { outcomeOf, type Outcome } from "./outcome";

const COUNTDOWN_SECONDS = 5;

const HEADINGS: Record<Outcome, string> = {
  succeeded: "Payment successful",
  declined: "Payment declined",
  failed: "Payment failed",
  cancelled: "Payment cancelled",
  expired: "This payment has expired",
};

export function PaymentResult(props: {
  outcome: Outcome;
  merchantName: string;
  message: string | null;
  successUrl: string | null;
  cancelUrl: string;
  onRetry: (() => void) | null;
  retryLabel?: string;
}) {
  const { outcome, merchantName, message, successUrl, cancelUrl, onRetry, retryLabel = "Try another card" } = props;
  const [seconds, setSeconds] = useState(COUNTDOWN_SECONDS);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    if (outcome !== "succeeded" || !successUrl) return;
    const timer = setInterval(() => {
      setSeconds((s) => {
        if (s <= 1) {
          clearInterval(timer);
          window.location.assign(successUrl);
          return 0;
        }
        return s - 1;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [outcome, successUrl]);

  const good = outcome === "succeeded";
  return (
    <section aria-labelledby="result-heading" className="py-4 text-center" data-testid="payment-result" data-outcome={outcome}>
      <div
        aria-hidden="true"
        className={`mx-auto flex h-12 w-12 items-center justify-center rounded-full text-2xl font-bold ${good ? "bg-emerald-100 text-emerald-700" : "bg-red-100 text-red-700"}`}
      >
        {good ? "✓" : "!"}
      </div>
      <h2 id="result-heading" ref={heading} tabIndex={-1} className="mt-3 text-xl font-semibold text-slate-900 outline-none">
        {HEADINGS[outcome]}
      </h2>
      {message ? (
        <p className="mt-2 text-base text-slate-700" data-testid="result-message">
          {message}
        </p>
      ) : null}
      {good && successUrl ? (
        <>
          <p className="mt-2 text-sm text-slate-600" aria-live="off">
            Returning you to {merchantName} in {seconds} s.
          </p>
          <a href={successUrl} className="mt-4 inline-block rounded-lg bg-brand px-4 py-2.5 font-semibold text-white hover:bg-brand-dark">
            Return to {merchantName} now
          </a>
        </>
      ) : null}
      {!good ? (
        <div className="mt-5 flex flex-col items-center gap-3">
          {onRetry ? (
            <button type="button" onClick={onRetry} className="w-full rounded-lg bg-brand px-4 py-3 font-semibold text-white hover:bg-brand-dark sm:w-auto">
              {retryLabel}
            </button>
          ) : null}
          <a href={cancelUrl} className="text-sm font-medium text-brand underline underline-offset-2">
            Return to {merchantName}
          </a>
        </div>
      ) : null}
    </section>
  );
}
