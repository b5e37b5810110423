import type { Metadata } from "next";
import { DemoForm } from "./DemoForm";
import { availableProviders } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Demo shop" };
export const dynamic = "force-dynamic";

export default async function DemoShop() {
  const providers = await availableProviders();
  return (
    <main className="mx-auto w-full max-w-md p-4 sm:p-6">
      <div className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">Demo shop</h1>
        <p className="mt-1 text-sm text-slate-600">Pick an amount and a provider; the shop&apos;s server creates a checkout session through the merchant API and sends you to the hosted page.</p>
        <DemoForm providers={providers} />
      </div>
    </main>
  );
}
