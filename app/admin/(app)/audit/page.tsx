import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { listAudit } from "@/lib/admin/audit";
import { formatTime, isoTime } from "@/components/admin/format";
import { AdminTable } from "@/components/admin/AdminTable";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin({ next: "/admin/audit" });
  const params = await searchParams;
  const after = typeof params.after === "string" ? params.after : null;
  const page = await listAudit(await getDb(), { merchantId: admin.merchantId, after });
  return (
    <>
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="mt-1 text-sm text-slate-600">Every change an admin made, newest first.</p>
      <AdminTable
        id="audit"
        className="mt-6"
        caption={page.rows.length === 0 ? "Nothing recorded yet." : `Admin actions${after ? " (older)" : ""}: ${page.rows.length} on this page.`}
        columns={[
          { label: "When" },
          { label: "Who" },
          { label: "Action" },
          { label: "Target" },
          { label: "Details" },
        ]}
      >
        {page.rows.map((r) => (
          <tr key={r.id}>
            <td className="whitespace-nowrap px-4 py-2">
              <time dateTime={isoTime(r.createdAt)}>{formatTime(r.createdAt)}</time>
            </td>
            <td className="px-4 py-2">{r.actorEmail}</td>
            <th scope="row" className="whitespace-nowrap px-4 py-2 font-medium">
              {r.action}
            </th>
            <td className="px-4 py-2 font-mono text-xs">
              {r.targetType === "operation" ? (
                <Link href={`/admin/operations/${r.targetId}`} className="text-brand underline underline-offset-2">
                  {r.targetId}
                </Link>
              ) : (
                `${r.targetType} ${r.targetId}`
              )}
            </td>
            <td className="px-4 py-2 text-xs text-slate-700">
              {Object.entries(r.details)
                .map(([k, v]) => `${k.replaceAll("_", " ")}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
                .join("; ")}
            </td>
          </tr>
        ))}
      </AdminTable>
      <nav aria-label="Pages" className="mt-4 flex justify-between gap-2">
        {after ? (
          <Link href="/admin/audit" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
            Newest
          </Link>
        ) : (
          <span />
        )}
        {page.next ? (
          <Link href={`/admin/audit?after=${page.next}`} rel="next" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
            Next
          </Link>
        ) : null}
      </nav>
    </>
  );
}
