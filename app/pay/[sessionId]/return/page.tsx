import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { loadPaymentPage } from "@/lib/checkout/load-payment-page";
import { loadPaymentState } from "@/lib/checkout/payment-progress";
import { formatAmount } from "@/lib/checkout/currency";
import { CheckoutShell } from "@/components/checkout/CheckoutShell";
import { CheckoutFlow } from "@/components/checkout/CheckoutFlow";
import { countryOptions } from "@/components/checkout/countries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payment status" };

// Where the provider sends the payer back. Its query says nothing we believe: the page
// shows the operation's status from our database and waits for the final one.
export default async function ReturnPage({ params, searchParams }: { params: Promise<{ sessionId: string }>; searchParams: Promise<{ op?: string | string[] }> }) {
  const { sessionId } = await params;
  const op = (await searchParams).op;
  const page = await loadPaymentPage(sessionId);
  if (!page) notFound();
  const state = typeof op === "string" ? await loadPaymentState(sessionId, op) : null;
  if (!state?.ok) redirect(`/pay/${sessionId}`);
  const methods = page.methods.filter((m): m is "card" | "bank" | "invoice" => m === "card" || m === "bank" || m === "invoice");
  return (
    <CheckoutShell page={page}>
      <CheckoutFlow
        sessionId={sessionId}
        merchantName={page.merchant.name}
        amountLabel={formatAmount(page.session.amount, page.session.currency)}
        cancelUrl={page.cancelUrl}
        methods={methods}
        billingFields={page.missingBilling}
        countries={page.missingBilling.includes("address.country") ? countryOptions() : []}
        cardKey={page.cardKey}
        start={state.value.final ? { view: "result", state: state.value } : { view: "progress", state: state.value, returned: true }}
      />
    </CheckoutShell>
  );
}
