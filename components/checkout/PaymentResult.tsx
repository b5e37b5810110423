"use client";

import { useEffect, useRef, useState } from "react";
import type { PaymentReceipt } from "@/lib/checkout/payment-progress";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";
import type { Outcome } from "./outcome";
import { useHydrated } from "./use-hydrated";

export { outcomeOf, type Outcome } from "./outcome";

export function PaymentResult(props: {
  outcome: Outcome;
  merchantName: string;
  amountLabel: string;
  message: string | null;
  successUrl: string | null;
  cancelUrl: string;
  onRetry: (() => void) | null;
  retryLabel?: string;
  receipt: PaymentReceipt | null;
  texts: CheckoutTexts;
  /**
   * Move focus to the heading: only when the result replaces what the payer was using on
   * this page. A result the server renders is read from the top like any page.
   */
  focusHeading?: boolean;
}) {
  const { outcome, merchantName, amountLabel, message, successUrl, cancelUrl, onRetry, receipt, texts, focusHeading = false } = props;
  const t = texts.result;
  const retryLabel = props.retryLabel ?? t.tryAnotherCard;
  // One sentence per second left, rendered by the server in the page's language.
  const countdownFrom = t.countdown.length - 1;
  const [seconds, setSeconds] = useState(countdownFrom);
  const [stayed, setStayed] = useState(false);
  const [announced, setAnnounced] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const returnLink = useRef<HTMLAnchorElement>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);

  const counting = outcome === "succeeded" && successUrl !== null && !stayed;
  useEffect(() => {
    if (!counting) return;
    // Said once, politely, when it starts (a moment after the live region exists, so it is
    // heard); the visible count is not re-read every second.
    const announce = setTimeout(() => setAnnounced(t.countdown[countdownFrom] ?? ""), 100);
    timer.current = setInterval(() => {
      setSeconds((s) => {
        if (s <= 1) {
          if (timer.current) clearInterval(timer.current);
          window.location.assign(successUrl);
          return 0;
        }
        return s - 1;
      });
    }, 1000);
    return () => {
      clearTimeout(announce);
      if (timer.current) clearInterval(timer.current);
    };
  }, [counting, successUrl, t.countdown, countdownFrom]);

  const stay = () => {
    if (timer.current) clearInterval(timer.current);
    setStayed(true);
    setAnnounced(t.stayed);
    // The button goes away: focus moves to the way back, not to the page's start.
    requestAnimationFrame(() => returnLink.current?.focus());
  };

  const good = outcome === "succeeded";
  return (
    <section aria-labelledby="result-heading" className="py-4 text-center" data-testid="payment-result" data-outcome={outcome}>
      <div
        aria-hidden="true"
        className={`mx-auto flex h-12 w-12 items-center justify-center rounded-full text-2xl font-bold ${good ? "bg-emerald-100 text-emerald-700" : "bg-red-100 text-red-700"}`}
      >
        {good ? "✓" : "!"}
      </div>
      <h2 id="result-heading" ref={heading} tabIndex={-1} className="mt-3 text-xl font-semibold text-slate-900 focus:outline-none focus-visible:outline-2">
        {t[outcome]}
      </h2>
      {message ? (
        <p className="mt-2 text-base text-slate-700" data-testid="result-message">
          {message}
        </p>
      ) : null}
      {good && receipt ? <Receipt receipt={receipt} merchantName={merchantName} amountLabel={amountLabel} texts={texts} /> : null}
      {good && successUrl ? (
        <div className="mt-4 flex flex-col items-center gap-3">
          <p role="status" className={stayed ? "text-sm text-slate-600" : "sr-only"} data-testid="countdown-status">
            {announced}
          </p>
          {!stayed ? (
            <p className="text-sm text-slate-600" aria-hidden="true" data-testid="countdown">
              {t.countdown[seconds]}
            </p>
          ) : null}
          <a ref={returnLink} href={successUrl} className="inline-block rounded-lg bg-brand px-4 py-2.5 font-semibold text-white hover:bg-brand-dark">
            {t.returnNow}
          </a>
          {!stayed ? (
            <button type="button" onClick={stay} className="text-sm font-medium text-brand underline underline-offset-2">
              {t.stay}
            </button>
          ) : null}
        </div>
      ) : null}
      {!good ? (
        <div className="mt-5 flex flex-col items-center gap-3">
          {onRetry ? (
            <button type="button" onClick={onRetry} className="w-full rounded-lg bg-brand px-4 py-3 font-semibold text-white hover:bg-brand-dark sm:w-auto">
              {retryLabel}
            </button>
          ) : null}
          <a href={cancelUrl} className="text-sm font-medium text-brand underline underline-offset-2">
            {t.returnTo}
          </a>
        </div>
      ) : null}
    </section>
  );
}

/** What was paid, to whom, with which card (as we keep it: brand and last four), when, and our reference. */
function Receipt({ receipt, merchantName, amountLabel, texts }: { receipt: PaymentReceipt; merchantName: string; amountLabel: string; texts: CheckoutTexts }) {
  const t = texts.result;
  // The server's HTML says it in UTC (it does not know the payer's zone) and the browser, once
  // it runs the page, in the payer's own zone; the zone is named either way.
  const hydrated = useHydrated();
  const date = new Intl.DateTimeFormat(texts.intlLocale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: hydrated ? undefined : "UTC",
    timeZoneName: "short",
  }).format(new Date(receipt.paidAt));
  const card = receipt.cardLast4 ? `${receipt.cardBrand ?? ""} •••• ${receipt.cardLast4}`.trim() : null;
  const rows: Array<[string, string, string]> = [
    [t.merchant, merchantName, "receipt-merchant"],
    [t.amount, amountLabel, "receipt-amount"],
    ...(card ? [[t.paidWith, card, "receipt-card"] as [string, string, string]] : []),
    [t.date, date, "receipt-date"],
    [t.reference, receipt.operationId, "receipt-reference"],
  ];
  return (
    <section aria-labelledby="receipt-heading" className="mx-auto mt-5 max-w-sm rounded-lg border border-slate-200 bg-slate-50 p-4 text-left text-sm" data-testid="receipt">
      <h3 id="receipt-heading" className="font-semibold text-slate-900">
        {t.receipt}
      </h3>
      <dl className="mt-2 space-y-1.5">
        {rows.map(([label, value, id]) => (
          <div key={id} className="flex flex-wrap justify-between gap-x-4">
            <dt className="text-slate-600">{label}</dt>
            <dd className={`min-w-0 font-medium text-slate-900 ${id === "receipt-reference" ? "font-mono text-xs leading-5 break-all" : ""}`} data-testid={id} suppressHydrationWarning>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
