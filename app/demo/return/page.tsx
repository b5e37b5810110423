import type { Metadata } from "next";
import Link from "next/link";
import { getDemoSession } from "@/lib/demo/merchant-client";
import { formatAmount } from "@/lib/checkout/currency";

export const metadata: Metadata = { title: "Order status" };
export const dynamic = "force-dynamic";

// The shop never trusts the return URL: it asks the merchant API for the session's status.
export default async function DemoReturn({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const session = sp.session_id ? await getDemoSession(sp.session_id) : null;
  return (
    <main className="mx-auto w-full max-w-md p-4 sm:p-6">
      <div className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">{sp.outcome === "success" ? "Thank you for your order" : "Checkout not completed"}</h1>
        {session ? (
          <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">Session</dt>
            <dd className="font-mono text-xs break-all">{session.id}</dd>
            <dt className="text-slate-600">Amount</dt>
            <dd>{formatAmount(session.amount, session.currency)}</dd>
            <dt className="text-slate-600">Session status (from the API)</dt>
            <dd data-testid="session-status">{session.status}</dd>
            <dt className="text-slate-600">Payment status</dt>
            <dd data-testid="operation-status">{session.latest_operation?.status ?? "none"}</dd>
          </dl>
        ) : (
          <p className="mt-4 text-sm text-slate-600">No session was given.</p>
        )}
        <Link href="/demo" className="text-brand mt-6 inline-block underline">
          Back to the shop
        </Link>
      </div>
    </main>
  );
}
