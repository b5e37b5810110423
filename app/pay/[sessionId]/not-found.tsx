import { getTranslations } from "next-intl/server";

// A payment link that names no payment: said in the payer's language (their choice, else
// their browser's; there is no session to ask), in place of the framework's English page.
export default async function PaymentNotFound() {
  const t = await getTranslations("NotFound");
  return (
    <main className="mx-auto w-full max-w-md px-3 py-10 sm:px-6">
      <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold text-slate-900">{t("heading")}</h1>
        <p className="mt-3 text-sm text-slate-700">{t("body")}</p>
      </div>
    </main>
  );
}
