import type { Metadata } from "next";
import Link from "next/link";
import { listDemoReceipts } from "@/lib/webhooks/demo-receiver";

export const metadata: Metadata = { title: "Demo shop: webhooks received" };
export const dynamic = "force-dynamic";

const time = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "medium" });

export default async function DemoWebhooks() {
  const receipts = await listDemoReceipts();
  const seen = new Map<string, number>();
  for (const r of [...receipts].reverse()) if (r.webhookId) seen.set(r.webhookId, (seen.get(r.webhookId) ?? 0) + 1);
  return (
    <main className="mx-auto w-full max-w-4xl p-4 sm:p-6">
      <p className="text-sm">
        <Link href="/demo" className="text-blue-700 underline underline-offset-2">
          ← Demo shop
        </Link>
      </p>
      <h1 className="mt-2 text-xl font-semibold">Webhooks received by the demo shop</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        The shop&apos;s server verifies each delivery&apos;s <code>webhook-signature</code> with the <code>standardwebhooks</code> package and keeps it here. The same event id twice
        means a retry or a replay: a real shop handles it once.
      </p>
      <div role="region" aria-labelledby="receipts-caption" tabIndex={0} className="mt-4 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-left text-sm">
          <caption id="receipts-caption" className="px-4 py-3 text-left text-sm text-slate-700">
            {receipts.length === 0 ? "Nothing received yet. Pay something in the demo shop and reload." : `Latest ${receipts.length} deliveries, newest first.`}
          </caption>
          <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">Event id</th>
              <th scope="col" className="px-4 py-2">Type</th>
              <th scope="col" className="px-4 py-2">Verified</th>
              <th scope="col" className="px-4 py-2">Received at</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {receipts.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="px-4 py-2 font-mono text-xs font-normal">
                  {r.webhookId ?? "—"}
                  {r.webhookId && (seen.get(r.webhookId) ?? 0) > 1 ? <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 font-sans text-amber-900">received {seen.get(r.webhookId)}×</span> : null}
                </th>
                <td className="px-4 py-2">{r.eventType ?? "—"}</td>
                <td className="px-4 py-2">{r.verified ? "Yes" : `No${r.error ? ` (${r.error})` : ""}`}</td>
                <td className="whitespace-nowrap px-4 py-2">
                  <time dateTime={r.receivedAt.toISOString()}>{time.format(r.receivedAt)} UTC</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
