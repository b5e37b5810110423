import type { ReactNode } from "react";
import { MerchantHeader } from "@/components/MerchantHeader";
import type { PaymentPage } from "@/lib/checkout/load-payment-page";
import { TestModeHints } from "./TestModeHints";

/** The frame every step of the hosted page shares: who is asking for how much, and a way back. */
export function CheckoutShell({ page, children, showCancel }: { page: PaymentPage; children: ReactNode; showCancel: boolean }) {
  const { session, merchant } = page;
  return (
    <main className="mx-auto w-full max-w-md px-3 py-4 sm:px-6 sm:py-10">
      <div className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6">
        <MerchantHeader name={merchant.name} logoUrl={merchant.logoUrl} amount={session.amount} currency={session.currency} description={session.description} />
        <div className="mt-5 border-t border-slate-100 pt-5">{children}</div>
      </div>
      {showCancel ? (
        <p className="mt-4 text-center">
          <a href={page.cancelUrl} className="text-sm font-medium text-slate-600 underline underline-offset-2 hover:text-slate-900">
            Cancel and return to {merchant.name}
          </a>
        </p>
      ) : null}
      {page.testMode ? <TestModeHints provider={session.provider} /> : null}
      <p className="mt-6 flex items-center justify-center gap-1.5 text-xs text-slate-500">
        <span aria-hidden="true">🔒</span> Card details are encrypted in your browser before they are sent.
      </p>
    </main>
  );
}
