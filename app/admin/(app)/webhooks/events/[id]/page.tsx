import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/admin/require-admin";
import { canAct } from "@/lib/admin/admin-context";
import { getEventDetail } from "@/lib/webhooks/delivery-log";
import { operationIdOfEvent } from "@/lib/webhooks/operation-of-event";
import { formatTime, isoTime } from "@/components/admin/format";
import { ConfirmAction } from "@/components/admin/ConfirmAction";
import { DeliveryLog } from "@/components/admin/webhooks/DeliveryLog";
import { replayEventAction } from "../../actions";

export const metadata: Metadata = { title: "Webhook event" };

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdmin({ next: `/admin/webhooks/events/${encodeURIComponent(id)}` });
  const detail = await getEventDetail(admin.merchantId, id);
  if (!detail) notFound();
  const { event, deliveries, endpoints } = detail;
  const owner = canAct(admin);
  const operationId = operationIdOfEvent(event.payload);
  const delivered = new Set(deliveries.map((d) => d.delivery.endpointId));
  const notYet = endpoints.filter((e) => e.enabled && !delivered.has(e.id));
  const replayButton = (endpointId: string, url: string) => (
    <ConfirmAction
      action={replayEventAction}
      fields={{ eventId: event.id, endpointId }}
      label={`Replay to ${url}`}
      title="Send this event again?"
      description={`${event.type} is sent to ${url} now, with a fresh retry schedule. Receivers should treat the same webhook-id as a duplicate.`}
      confirmLabel="Yes, replay"
    />
  );
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/webhooks" className="text-brand underline underline-offset-2">
          ← Webhooks
        </Link>
      </p>
      <h1 className="mt-2 text-xl font-semibold">{event.type}</h1>
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Event id (webhook-id)</dt>
          <dd className="mt-0.5 break-all font-mono text-xs">{event.id}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Created</dt>
          <dd className="mt-0.5 text-sm">
            <time dateTime={isoTime(event.createdAt)}>{formatTime(event.createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Operation</dt>
          <dd className="mt-0.5 text-sm">
            {operationId ? (
              <Link href={`/admin/operations/${operationId}`} className="break-all font-mono text-xs text-brand underline underline-offset-2">
                {operationId}
              </Link>
            ) : (
              "—"
            )}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="deliveries-heading" className="mt-6">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          Deliveries
        </h2>
        <div className="mt-3">
          <DeliveryLog
            rows={deliveries}
            by="endpoint"
            caption={deliveries.length === 0 ? "This event was not queued for any endpoint." : "One row per endpoint, with every attempt."}
            replay={owner ? (r) => (endpoints.some((e) => e.id === r.delivery.endpointId && e.enabled) ? replayButton(r.delivery.endpointId, r.endpointUrl) : null) : undefined}
          />
        </div>
        {owner && notYet.length > 0 ? (
          <div className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
            <h3 className="text-sm font-semibold">Send to an endpoint that did not get it</h3>
            <ul className="mt-2 space-y-2">
              {notYet.map((e) => (
                <li key={e.id} className="flex flex-wrap items-center gap-3">
                  <span className="break-all text-sm">{e.url}</span>
                  {replayButton(e.id, e.url)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {!owner ? <p className="mt-3 text-sm text-slate-600">Your role is viewer: you can see deliveries but not replay them.</p> : null}
      </section>

      <section aria-labelledby="payload-heading" className="mt-6">
        <h2 id="payload-heading" className="text-lg font-semibold">
          Payload
        </h2>
        <pre className="mt-3 max-h-[32rem] overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100" tabIndex={0} aria-label="Event payload">
          {JSON.stringify({ id: event.id, ...event.payload }, null, 2)}
        </pre>
      </section>
    </>
  );
}
