import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { canAct } from "@/lib/admin/admin-context";
import { getBranding } from "@/lib/admin/branding";
import { payerBranding } from "@/lib/merchants/branding";
import { BrandingForm } from "@/components/admin/BrandingForm";
import { updateBrandingAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const admin = await requireAdmin({ next: "/admin/settings" });
  const branding = await getBranding(await getDb(), admin);
  const { name, ...initial } = branding;
  const shown = payerBranding(branding);
  return (
    <>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section aria-labelledby="branding-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="branding-heading" className="text-lg font-semibold">
          Branding on the payment page
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">Payers see your name, logo and colour at the top of the hosted payment page, and your terms and privacy links at its foot.</p>
        <div className="mt-4">
          {canAct(admin) ? (
            <BrandingForm action={updateBrandingAction} initial={initial} accountName={name} />
          ) : (
            <>
              <p className="text-sm text-slate-700">Only an owner can change the branding.</p>
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
                <dt className="text-slate-600">Display name</dt>
                <dd>{shown.name}</dd>
                <dt className="text-slate-600">Logo</dt>
                <dd className="break-all">{shown.logoUrl ?? "None"}</dd>
                <dt className="text-slate-600">Brand colour</dt>
                <dd className="font-mono">{shown.palette ? `${shown.palette.chosen}${shown.palette.adjusted ? ` (shown as ${shown.palette.brand})` : ""}` : "Checkout default"}</dd>
                <dt className="text-slate-600">Terms</dt>
                <dd className="break-all">{shown.termsUrl ?? "None"}</dd>
                <dt className="text-slate-600">Privacy policy</dt>
                <dd className="break-all">{shown.privacyUrl ?? "None"}</dd>
              </dl>
            </>
          )}
        </div>
      </section>
    </>
  );
}
