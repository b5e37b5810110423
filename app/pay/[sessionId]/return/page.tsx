import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { loadPaymentPage } from "@/lib/checkout/load-payment-page";
import { resumePayment } from "@/lib/checkout/resume-payment";
import { inSpan } from "@/lib/telemetry/tracer";
import { CheckoutShell } from "@/components/checkout/CheckoutShell";
import { CheckoutFlow } from "@/components/checkout/CheckoutFlow";
import { countryOptions } from "@/lib/checkout/country-options";
import { pageTexts } from "@/lib/checkout/payer-texts";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Page"))("statusTitle") };
}

// Where the provider sends the payer back. Its query says nothing we believe: the
// provider's status is read back at once (resumePayment), the page shows the operation's
// status from our database and waits for the final one.
export default async function ReturnPage({ params, searchParams }: { params: Promise<{ sessionId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { sessionId } = await params;
  const search = await searchParams;
  const op = search.op;
  const query = Object.fromEntries(Object.entries(search).filter((e): e is [string, string] => typeof e[1] === "string"));
  const { state, page } = await inSpan("checkout.return", { "checkout.step": "return" }, async () => ({
    state: typeof op === "string" ? await resumePayment({ sessionId, operationId: op, input: { kind: "payer_returned", query } }) : null,
    page: await loadPaymentPage(sessionId),
  }));
  if (!page) notFound();
  if (!state?.ok) redirect(`/pay/${sessionId}`);
  const { texts, amountLabel } = await pageTexts(page);
  const methods = page.methods.filter((m): m is "card" | "bank" | "invoice" | "wallet" => m === "card" || m === "bank" || m === "invoice" || m === "wallet");
  return (
    <CheckoutShell page={page}>
      <CheckoutFlow
        sessionId={sessionId}
        merchantName={page.merchant.name}
        amountLabel={amountLabel}
        cancelUrl={page.cancelUrl}
        methods={methods}
        billingFields={page.missingBilling}
        countries={page.missingBilling.includes("address.country") ? countryOptions(texts.locale) : []}
        cardKey={page.cardKey}
        start={state.value.final ? { view: "result", state: state.value } : { view: "progress", state: state.value, returned: true }}
        texts={texts}
        acceptedBrands={page.acceptedBrands}
      />
    </CheckoutShell>
  );
}
