import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadPaymentPage } from "@/lib/checkout/load-payment-page";
import { pageTexts } from "@/lib/checkout/payer-texts";
import { CheckoutShell } from "@/components/checkout/CheckoutShell";
import { CheckoutFlow, type FlowStart } from "@/components/checkout/CheckoutFlow";
import { outcomeMessage, outcomeOf } from "@/components/checkout/outcome";
import { countryOptions } from "@/lib/checkout/country-options";

// generateMetadata and the page share one load per request; an attempt under way is read
// back from its provider first, so a payer coming back sees where it stands now.
const loadPage = cache((sessionId: string) => loadPaymentPage(sessionId, { askProvider: true }));

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  // The language (which may read the session's locale) is settled beside the page's own read.
  const [page, t] = await Promise.all([loadPage((await params).sessionId), getTranslations("Page")]);
  return { title: page ? t("title", { merchant: page.merchant.name }) : t("notFound") };
}

export default async function PayPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const [page, t] = await Promise.all([loadPage((await params).sessionId), getTranslations("Page")]);
  if (!page) notFound();
  const { session, merchant, latestState } = page;
  const { texts, amountLabel } = await pageTexts(page);

  const methods = page.methods.filter((m): m is "card" | "bank" | "invoice" | "wallet" => m === "card" || m === "bank" || m === "invoice" || m === "wallet");
  const flow = (start: FlowStart) => (
    <CheckoutFlow
      sessionId={session.id}
      merchantName={merchant.name}
      amountLabel={amountLabel}
      cancelUrl={page.cancelUrl}
      methods={methods}
      billingFields={page.missingBilling}
      // Only a form that asks for the country from the start carries the list; one asked for
      // later (the provider refused the merchant's) is fetched then.
      countries={page.missingBilling.includes("address.country") && start.view !== "ended" ? countryOptions(texts.locale) : []}
      cardKey={page.cardKey}
      start={start}
      texts={texts}
      acceptedBrands={page.acceptedBrands}
    />
  );

  // Sessions that can no longer be paid show their outcome, whatever the URL says.
  if (page.effectiveStatus === "paid" || page.effectiveStatus === "expired" || page.effectiveStatus === "cancelled") {
    const outcome = page.effectiveStatus === "paid" ? "succeeded" : page.effectiveStatus;
    return (
      <CheckoutShell page={page}>
        {flow({
          view: "ended",
          outcome,
          message: outcome === "expired" ? t("expiredMessage") : outcome === "cancelled" ? t("cancelledMessage") : null,
          successUrl: outcome === "succeeded" ? page.successUrl : null,
          receipt: outcome === "succeeded" ? page.paidReceipt : null,
        })}
      </CheckoutShell>
    );
  }

  if (page.retriesOver && latestState) {
    return (
      <CheckoutShell page={page}>
        {flow({ view: "ended", outcome: outcomeOf(latestState.status), message: outcomeMessage(texts, latestState), successUrl: null, receipt: null })}
      </CheckoutShell>
    );
  }

  if (!page.available) {
    return (
      <CheckoutShell page={page} showCancel>
        <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
          <p className="font-semibold">{t("unavailableTitle")}</p>
          <p className="mt-1">{t("unavailableBody", { merchant: merchant.name })}</p>
        </div>
      </CheckoutShell>
    );
  }

  const start: FlowStart = page.inProgress
    ? { view: "progress", state: page.inProgress, returned: false }
    : { view: "form", notice: latestState && latestState.final ? outcomeMessage(texts, latestState) : null };
  return <CheckoutShell page={page}>{flow(start)}</CheckoutShell>;
}
