"use client";

import { useSyncExternalStore } from "react";
import { formatAmount } from "@/lib/checkout/currency";
import type { PaymentQuote } from "@/lib/checkout/quote-payment";

// What the payer will be charged, exactly as the provider answered: every figure here is
// the provider's, only formatted for the payer's locale.

const subscribe = () => () => undefined;
/** The browser's locale (the server renders no quote, so there is nothing to mismatch). */
export function usePayerLocale(): string {
  return useSyncExternalStore(
    subscribe,
    () => navigator.language || "en-GB",
    () => "en-GB",
  );
}

export function formatRate(value: string, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 7 }).format(Number(value));
}

export function QuoteSummary({ quote, merchantName }: { quote: PaymentQuote; merchantName: string }) {
  const locale = usePayerLocale();
  const money = (m: { amount: number; currency: string }) => formatAmount(m.amount, m.currency, locale);
  return (
    <section aria-labelledby="quote-heading" className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800" data-testid="quote">
      <h3 id="quote-heading" className="sr-only">
        What you pay
      </h3>
      <p>
        You pay <strong className="text-base text-slate-900" data-testid="quote-total">{money(quote.total)}</strong>
        {quote.fee ? (
          <>
            , including a <span data-testid="quote-fee">{money(quote.fee)}</span> fee
          </>
        ) : null}
        {quote.rate ? (
          <>
            , at <span data-testid="quote-rate">{`1 ${quote.rate.from} = ${formatRate(quote.rate.value, locale)} ${quote.rate.to}`}</span>
          </>
        ) : null}
        .
      </p>
      <p className="mt-1 text-slate-600">
        {merchantName} receives <span data-testid="quote-merchant-amount">{money(quote.merchantAmount)}</span>.
      </p>
    </section>
  );
}
