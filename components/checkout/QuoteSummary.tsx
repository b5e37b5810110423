import { formatAmount } from "@/lib/checkout/currency";
import type { PaymentQuote } from "@/lib/checkout/quote-payment";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";

// What the payer will be charged, exactly as the provider answered: every figure here is
// the provider's, only formatted for the page's locale.

export function formatRate(value: string, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 7 }).format(Number(value));
}

export function QuoteSummary({ quote, texts, locale }: { quote: PaymentQuote; texts: CheckoutTexts["wallet"]; locale: string }) {
  const money = (m: { amount: number; currency: string }) => formatAmount(m.amount, m.currency, locale);
  return (
    <section aria-labelledby="quote-heading" className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800" data-testid="quote">
      <h2 id="quote-heading" className="sr-only">
        {texts.quoteHeading}
      </h2>
      <dl className="space-y-1">
        <div className="flex flex-wrap justify-between gap-x-3">
          <dt>{texts.youPay}</dt>
          <dd className="text-base font-semibold text-slate-900" data-testid="quote-total">
            {money(quote.total)}
          </dd>
        </div>
        {quote.fee ? (
          <div className="flex flex-wrap justify-between gap-x-3 text-slate-600">
            <dt>{texts.fee}</dt>
            <dd data-testid="quote-fee">{money(quote.fee)}</dd>
          </div>
        ) : null}
        {quote.rate ? (
          <div className="flex flex-wrap justify-between gap-x-3 text-slate-600">
            <dt>{texts.rate}</dt>
            <dd data-testid="quote-rate">{`1 ${quote.rate.from} = ${formatRate(quote.rate.value, locale)} ${quote.rate.to}`}</dd>
          </div>
        ) : null}
        <div className="flex flex-wrap justify-between gap-x-3 text-slate-600">
          <dt>{texts.receives}</dt>
          <dd data-testid="quote-merchant-amount">{money(quote.merchantAmount)}</dd>
        </div>
      </dl>
    </section>
  );
}
