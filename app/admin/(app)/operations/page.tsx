import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { filtersToParams, parseFilters, type OperationFilters } from "@/lib/admin/operations/filters";
import { listOperations } from "@/lib/admin/operations/list-operations";
import { formatAmount } from "@/lib/checkout/currency";
import { OPERATION_STATUSES } from "@/lib/operations/status";
import { PROVIDER_LABELS, ProviderName } from "@/lib/providers/names";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { formatTime, humanize, isoTime, shortId } from "@/components/admin/format";
import { AdminTable } from "@/components/admin/AdminTable";

export const metadata: Metadata = { title: "Operations" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function hrefWith(filters: OperationFilters, extra: Record<string, string>): string {
  const p = filtersToParams(filters);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `/admin/operations?${s}` : "/admin/operations";
}

const input = "mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm";
const label = "block text-sm font-medium text-slate-700";

export default async function OperationsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdmin({ next: "/admin/operations" });
  const params = await searchParams;
  const { filters, invalid } = parseFilters(params);
  const page = await listOperations(await getDb(), { merchantId: admin.merchantId, filters, after: one(params.after), before: one(params.before) });
  const query = filtersToParams(filters).toString();
  const filtered = query !== "";
  const exportHref = `/api/admin/operations/export${filtered ? `?${query}` : ""}`;

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">Operations</h1>
        <a href={exportHref} className="rounded border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100" download>
          Export CSV{filtered ? " (filtered)" : ""}
        </a>
      </div>

      <search className="mt-4 block">
        <form method="get" action="/admin/operations" className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="filters-heading">
          <h2 id="filters-heading" className="sr-only">
            Filter and search
          </h2>
          {invalid.length > 0 ? (
            <p role="alert" className="mb-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Ignored filters that are not valid: {invalid.join(", ")}.
            </p>
          ) : null}
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <div className="col-span-2">
              <label htmlFor="q" className={label}>
                Search
              </label>
              <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} className={input} aria-describedby="q-hint" />
              <p id="q-hint" className="mt-1 text-xs text-slate-600">
                Operation id, provider reference, customer id or card last four.
              </p>
            </div>
            <div className="col-span-2 sm:col-span-1">
              <label htmlFor="status" className={label}>
                Status
              </label>
              <select id="status" name="status" defaultValue={filters.status ?? ""} className={input}>
                <option value="">Any status</option>
                {OPERATION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {humanize(s)}
                  </option>
                ))}
              </select>
            </div>
            <div className="col-span-2 sm:col-span-1">
              <label htmlFor="provider" className={label}>
                Provider
              </label>
              <select id="provider" name="provider" defaultValue={filters.provider ?? ""} className={input}>
                <option value="">Any provider</option>
                {ProviderName.options.map((p) => (
                  <option key={p} value={p}>
                    {PROVIDER_LABELS[p]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="from" className={label}>
                Created from (UTC)
              </label>
              <input id="from" name="from" type="date" defaultValue={filters.from ?? ""} className={input} />
            </div>
            <div>
              <label htmlFor="to" className={label}>
                Created to (UTC)
              </label>
              <input id="to" name="to" type="date" defaultValue={filters.to ?? ""} className={input} />
            </div>
            <div>
              <label htmlFor="min" className={label}>
                Amount from
              </label>
              <input id="min" name="min" type="number" min="0" step="any" inputMode="decimal" defaultValue={filters.min ?? ""} className={input} />
            </div>
            <div>
              <label htmlFor="max" className={label}>
                Amount to
              </label>
              <input id="max" name="max" type="number" min="0" step="any" inputMode="decimal" defaultValue={filters.max ?? ""} className={input} />
            </div>
            <div>
              <label htmlFor="currency" className={label}>
                Currency
              </label>
              <input id="currency" name="currency" maxLength={3} autoCapitalize="characters" placeholder="Any" defaultValue={filters.currency ?? ""} className={input} />
            </div>
            <div className="flex items-end pb-2">
              <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
                <input type="checkbox" name="attention" value="1" defaultChecked={filters.attention === "1"} className="h-4 w-4 accent-brand" />
                Needs attention only
              </label>
            </div>
            <div className="col-span-2 flex flex-wrap items-end gap-2 sm:col-span-1 lg:col-span-2">
              <button type="submit" className="rounded bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark">
                Apply filters
              </button>
              <Link href="/admin/operations" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
                Clear
              </Link>
            </div>
          </div>
        </form>
      </search>

      <AdminTable
        id="ops"
        className="mt-6"
        caption={page.rows.length === 0 ? "No operations match these filters." : `Operations, newest first${filtered ? ", filtered" : ""}: ${page.rows.length} on this page.`}
        columns={[
          { label: "Operation" },
          { label: "Status" },
          { label: "Provider" },
          { label: "Amount", align: "right" },
          { label: "Card" },
          { label: "Customer" },
          { label: "Provider reference" },
          { label: "Created" },
          { label: "Updated" },
        ]}
      >
        {page.rows.map((op) => (
          <tr key={op.id} className="hover:bg-slate-50">
            <th scope="row" className="whitespace-nowrap px-4 py-2 font-mono text-xs font-normal">
              {/* The link is named by what it shows (WCAG 2.5.3), so speech users can say it; the full id is on hover and on the detail page. */}
              <Link href={`/admin/operations/${op.id}`} className="text-brand underline underline-offset-2" title={op.id}>
                {shortId(op.id)}
              </Link>
            </th>
            <td className="px-4 py-2">
              <StatusBadge status={op.status} />
              {op.attention ? <span className="ml-1 whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">Needs attention</span> : null}
            </td>
            <td className="whitespace-nowrap px-4 py-2">{op.provider}</td>
            <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{formatAmount(op.amount, op.currency)}</td>
            <td className="whitespace-nowrap px-4 py-2">{op.cardLast4 ? `${op.cardBrand ?? "card"} •••• ${op.cardLast4}` : humanize(op.paymentMethod)}</td>
            <td className="max-w-[12rem] truncate px-4 py-2" title={op.customerId}>
              {op.customerId}
            </td>
            <td className="max-w-[10rem] truncate px-4 py-2 font-mono text-xs" title={op.providerReference ?? undefined}>
              {op.providerReference ?? "—"}
            </td>
            <td className="whitespace-nowrap px-4 py-2 text-xs">
              <time dateTime={isoTime(op.createdAt)}>{formatTime(op.createdAt)}</time>
            </td>
            <td className="whitespace-nowrap px-4 py-2 text-xs">
              <time dateTime={isoTime(op.updatedAt)}>{formatTime(op.updatedAt)}</time>
            </td>
          </tr>
        ))}
      </AdminTable>

      <nav aria-label="Pages" className="mt-4 flex justify-between gap-2">
        {page.prev ? (
          <Link href={hrefWith(filters, { before: page.prev })} rel="prev" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
            Previous
          </Link>
        ) : (
          <span />
        )}
        {page.next ? (
          <Link href={hrefWith(filters, { after: page.next })} rel="next" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
            Next
          </Link>
        ) : null}
      </nav>
    </>
  );
}
