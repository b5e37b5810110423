import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { loadDashboard, type Dashboard } from "@/lib/admin/dashboard";
import { DASHBOARD_PRESETS, resolveDashboardRange } from "@/lib/admin/dashboard-range";
import { formatAmount } from "@/lib/checkout/currency";
import { PROVIDER_LABELS, type ProviderName } from "@/lib/providers/names";
import { AdminTable } from "@/components/admin/AdminTable";
import { ApprovalChart, DeclineChart, VolumeChart, type DayRow, type ReasonRow } from "@/components/admin/dashboard/DashboardCharts";
import { PROVIDER_STYLE } from "@/components/admin/dashboard/provider-colors";

export const metadata: Metadata = { title: "Dashboard" };

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);
const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const longDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

function chartRows(d: Dashboard, value: (r: Dashboard["daily"][number]) => number | null): DayRow[] {
  const rows = new Map<string, DayRow>(d.days.map((day) => [day, { day }]));
  for (const r of d.daily) {
    const row = rows.get(r.day);
    if (row) row[r.provider] = value(r);
  }
  return [...rows.values()];
}

function ProviderKey({ provider }: { provider: ProviderName }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: PROVIDER_STYLE[provider].color }} />
      {PROVIDER_LABELS[provider]}
    </span>
  );
}

/** A chart and, one click away, the same figures as a table. */
function ChartSection(props: { id: string; title: string; description: string; chart: ReactNode; table: ReactNode; empty: boolean; emptyText: string }) {
  return (
    <section aria-labelledby={`${props.id}-heading`} className="mt-8 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${props.id}-heading`} className="text-lg font-semibold">
        {props.title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{props.description}</p>
      {props.empty ? (
        <p className="mt-4 text-sm text-slate-700">{props.emptyText}</p>
      ) : (
        <>
          <div className="mt-4">{props.chart}</div>
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium text-brand underline underline-offset-2">Show the figures as a table</summary>
            {props.table}
          </details>
        </>
      )}
    </section>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin({ next: "/admin" });
  const { range, error } = resolveDashboardRange(await searchParams);
  const d = await loadDashboard(await getDb(), admin, range);
  const span = `${longDay(range.from)} to ${longDay(range.to)}`;
  const rate = pct(d.totals.succeeded, d.totals.final);
  const newestFirst = [...d.days].reverse();
  const cell = (day: string, p: ProviderName) => d.daily.find((r) => r.day === day && r.provider === p);
  const providerColumns = d.providers.map((p) => ({ label: <ProviderKey provider={p} />, align: "right" as const }));
  const noOperations = d.totals.total === 0;

  return (
    <>
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <p className="mt-1 text-sm text-slate-600">Operations created {span} (UTC), by provider and day.</p>

      <div className="mt-4 flex flex-wrap items-end gap-x-6 gap-y-3">
        <nav aria-label="Period">
          <ul className="flex gap-1">
            {DASHBOARD_PRESETS.map((n) => {
              const current = range.preset === n;
              return (
                <li key={n}>
                  <Link
                    href={`/admin?range=${n}`}
                    aria-current={current ? "page" : undefined}
                    className={`block rounded border px-3 py-1.5 text-sm font-medium ${current ? "border-brand bg-brand text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"}`}
                  >
                    Last {n} days
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <form method="get" action="/admin" className="flex flex-wrap items-end gap-2" aria-label="Custom period">
          <div>
            <label htmlFor="from" className="block text-xs font-medium text-slate-700">
              From
            </label>
            <input id="from" name="from" type="date" required defaultValue={range.from} className="mt-0.5 rounded border border-slate-300 px-2 py-1 text-sm" />
          </div>
          <div>
            <label htmlFor="to" className="block text-xs font-medium text-slate-700">
              To
            </label>
            <input id="to" name="to" type="date" required defaultValue={range.to} className="mt-0.5 rounded border border-slate-300 px-2 py-1 text-sm" />
          </div>
          <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">
            Show custom period
          </button>
        </form>
      </div>
      {error ? (
        <p role="alert" className="mt-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {error} Showing the last 30 days.
        </p>
      ) : null}

      <section aria-labelledby="summary-heading" className="mt-6">
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">Operations</dt>
            <dd className="text-2xl font-semibold tabular-nums">{d.totals.total}</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">Approval rate</dt>
            <dd className="text-2xl font-semibold tabular-nums">{rate === null ? "—" : `${rate}%`}</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">Declined</dt>
            <dd className="text-2xl font-semibold tabular-nums">{d.totals.declined}</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">Succeeded volume</dt>
            <dd className="text-lg font-semibold tabular-nums">
              {d.volume.length === 0 ? (
                "—"
              ) : (
                <ul>
                  {d.volume.map((v) => (
                    <li key={v.currency}>
                      {formatAmount(v.succeededAmount, v.currency)}{" "}
                      <span className="text-sm font-normal text-slate-600">
                        ({v.succeededCount} payment{v.succeededCount === 1 ? "" : "s"})
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </section>

      <ChartSection
        id="volume"
        title="Operations per day"
        description="Every payment attempt, stacked by provider."
        empty={noOperations}
        emptyText="No operations in this period."
        chart={<VolumeChart data={chartRows(d, (r) => r.total)} providers={d.providers} label={`Bar chart of operations per day by provider, ${span}. The figures are in the table below.`} />}
        table={
          <AdminTable id="volume-table" className="mt-2" caption={`Operations per day and provider, ${span}, newest first.`} columns={[{ label: "Day" }, ...providerColumns, { label: "All", align: "right" }]}>
            {newestFirst.map((day) => (
              <tr key={day}>
                <th scope="row" className="whitespace-nowrap px-4 py-2 font-medium">
                  {day}
                </th>
                {d.providers.map((p) => (
                  <td key={p} className="px-4 py-2 text-right tabular-nums">
                    {cell(day, p)?.total ?? 0}
                  </td>
                ))}
                <td className="px-4 py-2 text-right font-medium tabular-nums">{d.providers.reduce((n, p) => n + (cell(day, p)?.total ?? 0), 0)}</td>
              </tr>
            ))}
          </AdminTable>
        }
      />

      <ChartSection
        id="approval"
        title="Approval rate per day"
        description="Succeeded out of finished operations (succeeded, declined, cancelled, expired, failed); days with none finished have no point."
        empty={d.totals.final === 0}
        emptyText="No finished operations in this period."
        chart={<ApprovalChart data={chartRows(d, (r) => pct(r.succeeded, r.final))} providers={d.providers} label={`Line chart of the approval rate per day by provider, ${span}. The figures are in the table below.`} />}
        table={
          <AdminTable id="approval-table" className="mt-2" caption={`Approval rate per day and provider (succeeded of finished), ${span}, newest first.`} columns={[{ label: "Day" }, ...providerColumns]}>
            {newestFirst.map((day) => (
              <tr key={day}>
                <th scope="row" className="whitespace-nowrap px-4 py-2 font-medium">
                  {day}
                </th>
                {d.providers.map((p) => {
                  const r = cell(day, p);
                  const value = r ? pct(r.succeeded, r.final) : null;
                  return (
                    <td key={p} className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                      {value === null ? "—" : `${value}% (${r?.succeeded ?? 0} of ${r?.final ?? 0})`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </AdminTable>
        }
      />

      <ChartSection
        id="declines"
        title="Decline reasons"
        description="Declined operations by the provider's reason, most frequent first."
        empty={d.declines.length === 0}
        emptyText="No declines in this period."
        chart={
          <DeclineChart
            data={d.declines.map((r): ReasonRow => ({ reason: r.reason, ...r.byProvider }))}
            providers={d.providers.filter((p) => d.declines.some((r) => r.byProvider[p]))}
            label={`Bar chart of decline reasons by provider, ${span}. The figures are in the table below.`}
          />
        }
        table={
          <AdminTable id="declines-table" className="mt-2" caption={`Declines by reason and provider, ${span}.`} columns={[{ label: "Reason" }, ...providerColumns, { label: "All", align: "right" }]}>
            {d.declines.map((r) => (
              <tr key={r.reason}>
                <th scope="row" className="px-4 py-2 font-medium">
                  {r.reason}
                </th>
                {d.providers.map((p) => (
                  <td key={p} className="px-4 py-2 text-right tabular-nums">
                    {r.byProvider[p] ?? 0}
                  </td>
                ))}
                <td className="px-4 py-2 text-right font-medium tabular-nums">{r.total}</td>
              </tr>
            ))}
          </AdminTable>
        }
      />
    </>
  );
}
