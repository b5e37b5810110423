import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/lib/admin/require-admin";
import { canAct } from "@/lib/admin/admin-context";
import { listEndpoints } from "@/lib/webhooks/endpoints";
import { listEvents } from "@/lib/webhooks/delivery-log";
import { formatTime, isoTime } from "@/components/admin/format";
import { CreateEndpointForm } from "@/components/admin/webhooks/CreateEndpointForm";
import { DeliveryStatusBadge } from "@/components/admin/webhooks/DeliveryStatusBadge";
import { createEndpointAction } from "./actions";
import { AdminTable } from "@/components/admin/AdminTable";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<{ before?: string; deleted?: string }> }) {
  const admin = await requireAdmin({ next: "/admin/webhooks" });
  const { before, deleted } = await searchParams;
  const [endpoints, log] = await Promise.all([listEndpoints(admin.merchantId), listEvents(admin.merchantId, { before })]);
  const owner = canAct(admin);
  return (
    <>
      <h1 className="text-2xl font-semibold">Webhooks</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">
        Every operation and checkout session status change is sent to each enabled endpoint, signed the Standard Webhooks way (<code>webhook-id</code>,{" "}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>). Failed deliveries are retried with growing delays for at least 24 hours; an endpoint that answers 410 is
        disabled.
      </p>
      {deleted ? (
        <p role="status" className="mt-3 text-sm text-emerald-800">
          Endpoint deleted. Its delivery log stays in the event pages.
        </p>
      ) : null}

      {owner ? (
        <section aria-labelledby="create-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="create-heading" className="text-base font-semibold">
            Add an endpoint
          </h2>
          <div className="mt-3">
            <CreateEndpointForm action={createEndpointAction} />
          </div>
        </section>
      ) : null}

      <AdminTable
        id="endpoints"
        className="mt-6"
        emphasizeCaption
        caption={endpoints.length === 0 ? "No webhook endpoints yet." : `Endpoints (${endpoints.length})`}
        columns={[
          { label: "URL" },
          { label: "Description" },
          { label: "State" },
          { label: "Created" },
        ]}
      >
        {endpoints.map((e) => (
          <tr key={e.id}>
            <th scope="row" className="px-4 py-2 font-normal">
              <Link href={`/admin/webhooks/endpoints/${e.id}`} className="break-all text-brand underline underline-offset-2">
                {e.url}
              </Link>
            </th>
            <td className="px-4 py-2">{e.description ?? "—"}</td>
            <td className="px-4 py-2">
              {e.enabled ? "Enabled" : `Disabled${e.disabled_reason ? `: ${e.disabled_reason}` : ""}`}
              {e.previous_secret_expires_at ? <span className="block text-xs text-slate-600">Rotating: old secret signs until {formatTime(new Date(e.previous_secret_expires_at))}</span> : null}
            </td>
            <td className="whitespace-nowrap px-4 py-2">
              <time dateTime={e.created_at}>{formatTime(new Date(e.created_at))}</time>
            </td>
          </tr>
        ))}
      </AdminTable>

      <section aria-labelledby="events-heading" className="mt-8">
        <h2 id="events-heading" className="text-lg font-semibold">
          Events
        </h2>
        <AdminTable
          id="events"
          className="mt-3"
          caption={log.events.length === 0 ? "No events yet." : "Newest first. Open an event for each attempt and to replay it."}
          columns={[
            { label: "Event" },
            { label: "Type" },
            { label: "Created" },
            { label: "Deliveries" },
          ]}
        >
          {log.events.map((ev) => (
            <tr key={ev.id}>
              <th scope="row" className="px-4 py-2 font-normal">
                <Link href={`/admin/webhooks/events/${ev.id}`} className="font-mono text-xs text-brand underline underline-offset-2">
                  {ev.id}
                </Link>
              </th>
              <td className="px-4 py-2">{ev.type}</td>
              <td className="whitespace-nowrap px-4 py-2">
                <time dateTime={isoTime(ev.createdAt)}>{formatTime(ev.createdAt)}</time>
              </td>
              <td className="px-4 py-2">
                {ev.deliveries.length === 0 ? (
                  <span className="text-slate-500">No endpoint</span>
                ) : (
                  <ul className="space-y-1">
                    {ev.deliveries.map((d) => (
                      <li key={d.delivery.id} className="flex flex-wrap items-center gap-2">
                        <DeliveryStatusBadge status={d.delivery.status} />
                        <span className="break-all text-xs text-slate-700">{d.endpointUrl}</span>
                        {d.delivery.lastResponseStatus !== null ? <span className="text-xs text-slate-600">HTTP {d.delivery.lastResponseStatus}</span> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
        {log.nextBefore ? (
          <p className="mt-3 text-sm">
            <Link href={`/admin/webhooks?before=${log.nextBefore}`} className="text-brand underline underline-offset-2">
              Older events →
            </Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
