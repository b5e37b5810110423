import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadPaymentPage } from "@/lib/checkout/load-payment-page";
import { MerchantHeader } from "@/components/MerchantHeader";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const page = await loadPaymentPage((await params).sessionId);
  return { title: page ? `Pay ${page.merchant.name}` : "Payment not found" };
}

export default async function PayPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const page = await loadPaymentPage((await params).sessionId);
  if (!page) notFound();
  const { session, merchant } = page;
  return (
    <main className="mx-auto w-full max-w-md p-4 sm:p-6">
      <div className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <MerchantHeader name={merchant.name} logoUrl={merchant.logoUrl} amount={session.amount} currency={session.currency} description={session.description} />
        <p className="mt-4 text-sm text-slate-600">Status: {page.effectiveStatus}</p>
      </div>
    </main>
  );
}
