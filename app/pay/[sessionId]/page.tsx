import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { loadPaymentPage } from "@/lib/checkout/load-payment-page";
import { formatAmount } from "@/lib/checkout/currency";
import { CheckoutShell } from "@/components/checkout/CheckoutShell";
import { CheckoutFlow, type FlowStart } from "@/components/checkout/CheckoutFlow";
import { PaymentResult } from "@/components/checkout/PaymentResult";
import { outcomeOf } from "@/components/checkout/outcome";
import { countryOptions } from "@/components/checkout/countries";

// generateMetadata and the page share one load per request; an attempt under way is read
// back from its provider first, so a payer coming back sees where it stands now.
const loadPage = cache((sessionId: string) => loadPaymentPage(sessionId, { askProvider: true }));

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const page = await loadPage((await params).sessionId);
  return { title: page ? `Pay ${page.merchant.name}` : "Payment not found" };
}

export default async function PayPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const page = await loadPage((await params).sessionId);
  if (!page) notFound();
  const { session, merchant, latestState } = page;

  // Sessions that can no longer be paid show their outcome, whatever the URL says.
  if (page.effectiveStatus === "paid" || page.effectiveStatus === "expired" || page.effectiveStatus === "cancelled") {
    const outcome = page.effectiveStatus === "paid" ? "succeeded" : page.effectiveStatus;
    return (
      <CheckoutShell page={page}>
        <PaymentResult
          outcome={outcome}
          merchantName={merchant.name}
          message={outcome === "expired" ? "The time to pay has run out. Return to the shop to start again." : outcome === "cancelled" ? "This payment was cancelled." : null}
          successUrl={outcome === "succeeded" ? page.successUrl : null}
          cancelUrl={page.cancelUrl}
          onRetry={null}
        />
      </CheckoutShell>
    );
  }

  if (page.retriesOver && latestState) {
    return (
      <CheckoutShell page={page}>
        <PaymentResult outcome={outcomeOf(latestState.status)} merchantName={merchant.name} message={latestState.message} successUrl={null} cancelUrl={page.cancelUrl} onRetry={null} />
      </CheckoutShell>
    );
  }

  if (!page.available) {
    return (
      <CheckoutShell page={page} showCancel>
        <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
          <p className="font-semibold">This payment method is not available yet.</p>
          <p className="mt-1">Return to {merchant.name} and choose another way to pay.</p>
        </div>
      </CheckoutShell>
    );
  }

  const start: FlowStart = page.inProgress
    ? { view: "progress", state: page.inProgress, returned: false }
    : { view: "form", notice: latestState && latestState.final && latestState.message ? `Your last attempt did not go through: ${latestState.message}` : null };
  const methods = page.methods.filter((m): m is "card" | "bank" | "invoice" | "wallet" => m === "card" || m === "bank" || m === "invoice" || m === "wallet");

  return (
    <CheckoutShell page={page}>
      <CheckoutFlow
        sessionId={session.id}
        merchantName={merchant.name}
        amountLabel={formatAmount(session.amount, session.currency)}
        cancelUrl={page.cancelUrl}
        methods={methods}
        billingFields={page.missingBilling}
        countries={page.needsCountry ? countryOptions() : []}
        cardKey={page.cardKey}
        start={start}
      />
    </CheckoutShell>
  );
}
