import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { loadDashboard, type DayProviderStats } from "@/lib/admin/dashboard";
import { formatAmount } from "@/lib/checkout/currency";
import { PROVIDER_LABELS } from "@/lib/providers/names";
import { AdminTable } from "@/components/admin/AdminTable";

export const metadata: Metadata = { title: "Dashboard" };

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);

function Bar({ value, max, label, tone = "bg-brand" }: { value: number; max: number; label: string; tone?: string }) {
  const width = max === 0 ? 0 : Math.max(2, Math.round((value / max) * 100));
  return (
    <div className="flex items-center gap-2">
      <div className="h-3 w-24 shrink-0 rounded bg-slate-100 sm:w-40" aria-hidden="true">
        <div className={`h-3 rounded ${tone}`} style={{ width: `${value === 0 ? 0 : width}%` }} />
      </div>
      <span className="tabular-nums">{label}</span>
    </div>
  );
}

export default async function DashboardPage() {
  const admin = await requireAdmin({ next: "/admin" });
  const data = await loadDashboard(await getDb(), admin);
  const byDay = new Map<string, DayProviderStats[]>();
  for (const r of data.days) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  const maxTotal = Math.max(0, ...data.days.map((r) => r.total));
  const maxDecline = Math.max(0, ...data.declines.map((r) => r.count));
  const since = data.since.toISOString().slice(0, 10);

  return (
    <>
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <p className="mt-1 text-sm text-slate-600">Operations created since {since} (UTC), by provider and day.</p>

      <section aria-labelledby="volume-heading" className="mt-6">
        <h2 id="volume-heading" className="text-lg font-semibold">
          Succeeded volume
        </h2>
        {data.volume.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No succeeded payments in this period.</p>
        ) : (
          <ul className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-3">
            {data.volume.map((v) => (
              <li key={v.currency} className="rounded-lg border border-slate-200 bg-white p-4">
                <p className="text-2xl font-semibold tabular-nums">{formatAmount(v.succeededAmount, v.currency)}</p>
                <p className="text-sm text-slate-600">
                  {v.succeededCount} payment{v.succeededCount === 1 ? "" : "s"} in {v.currency}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="daily-heading" className="mt-8">
        <h2 id="daily-heading" className="text-lg font-semibold">
          Volume and approval rate by day
        </h2>
        <AdminTable
          id="daily"
          className="mt-2"
          caption={data.days.length === 0 ? "No operations in this period." : "Operations per day and provider; approval rate is succeeded out of finished operations."}
          columns={[
            { label: "Day" },
            { label: "Provider" },
            { label: "Operations" },
            { label: "Approval rate" },
            { label: "Declined", align: "right" },
          ]}
        >
          {[...byDay.entries()].reverse().flatMap(([day, rows]) =>
            rows.map((r, i) => {
              const rate = pct(r.succeeded, r.final);
              return (
                <tr key={`${day}-${r.provider}`}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={rows.length} className="whitespace-nowrap px-4 py-2 align-top font-medium">
                      {day}
                    </th>
                  ) : null}
                  <td className="whitespace-nowrap px-4 py-2">{PROVIDER_LABELS[r.provider]}</td>
                  <td className="px-4 py-2">
                    <Bar value={r.total} max={maxTotal} label={String(r.total)} />
                  </td>
                  <td className="px-4 py-2">
                    <Bar value={rate ?? 0} max={100} label={rate === null ? "—" : `${rate}%`} tone="bg-emerald-600" />
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.declined}</td>
                </tr>
              );
            }),
          )}
        </AdminTable>
      </section>

      <section aria-labelledby="declines-heading" className="mt-8">
        <h2 id="declines-heading" className="text-lg font-semibold">
          Decline reasons
        </h2>
        <AdminTable
          id="declines"
          className="mt-2"
          caption={data.declines.length === 0 ? "No declines in this period." : "Most frequent decline reasons by provider."}
          columns={[
            { label: "Reason" },
            { label: "Provider" },
            { label: "Count" },
          ]}
        >
          {data.declines.map((d) => (
            <tr key={`${d.provider}-${d.reason}`}>
              <th scope="row" className="px-4 py-2 font-medium">
                {d.reason}
              </th>
              <td className="whitespace-nowrap px-4 py-2">{PROVIDER_LABELS[d.provider]}</td>
              <td className="px-4 py-2">
                <Bar value={d.count} max={maxDecline} label={String(d.count)} tone="bg-red-600" />
              </td>
            </tr>
          ))}
        </AdminTable>
      </section>
    </>
  );
}
