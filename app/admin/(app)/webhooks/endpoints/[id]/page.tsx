import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/admin/require-admin";
import { canAct } from "@/lib/admin/admin-context";
import { getEndpointLog } from "@/lib/webhooks/delivery-log";
import { formatTime, isoTime } from "@/components/admin/format";
import { ConfirmAction } from "@/components/admin/ConfirmAction";
import { DeliveryLog } from "@/components/admin/webhooks/DeliveryLog";
import { RotateSecretForm } from "@/components/admin/webhooks/RotateSecretForm";
import { deleteEndpointAction, rotateSecretAction, setEndpointEnabledAction } from "../../actions";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function EndpointPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string }> }) {
  const { id } = await params;
  const { before } = await searchParams;
  const admin = await requireAdmin({ next: `/admin/webhooks/endpoints/${encodeURIComponent(id)}` });
  const log = await getEndpointLog(admin.merchantId, id, { before });
  if (!log || log.endpoint.deletedAt) notFound();
  const { endpoint: e } = log;
  const owner = canAct(admin);
  const now = new Date();
  const rotating = e.previousSecretExpiresAt && e.previousSecretExpiresAt > now ? e.previousSecretExpiresAt : null;
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/webhooks" className="text-brand underline underline-offset-2">
          ← Webhooks
        </Link>
      </p>
      <h1 className="mt-2 break-all text-xl font-semibold">{e.url}</h1>
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Endpoint id</dt>
          <dd className="mt-0.5 break-all font-mono text-xs">{e.id}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">State</dt>
          <dd className="mt-0.5 text-sm">{e.enabled ? "Enabled" : `Disabled${e.disabledReason ? `: ${e.disabledReason}` : ""}`}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Signing secret</dt>
          <dd className="mt-0.5 text-sm">
            {rotating ? (
              <>
                Rotating: the previous secret also signs until <time dateTime={isoTime(rotating)}>{formatTime(rotating)}</time>
              </>
            ) : (
              "One secret"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Description</dt>
          <dd className="mt-0.5 text-sm">{e.description ?? "—"}</dd>
        </div>
      </dl>

      {owner ? (
        <section aria-labelledby="actions-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="actions-heading" className="text-base font-semibold">
            Actions
          </h2>
          <div className="mt-3">
            <RotateSecretForm action={rotateSecretAction} endpointId={e.id} />
          </div>
          <div className="mt-4 flex flex-wrap gap-3">
            {e.enabled ? (
              <ConfirmAction
                action={setEndpointEnabledAction}
                fields={{ endpointId: e.id, enabled: "false" }}
                label="Disable endpoint"
                title="Disable this endpoint?"
                description="New events are no longer sent to it and its pending deliveries stop. You can enable it again and replay events."
                confirmLabel="Yes, disable"
                tone="danger"
              />
            ) : (
              <ConfirmAction
                action={setEndpointEnabledAction}
                fields={{ endpointId: e.id, enabled: "true" }}
                label="Enable endpoint"
                title="Enable this endpoint?"
                description="New events are sent to it again. Events it missed can be replayed from their pages."
                confirmLabel="Yes, enable"
              />
            )}
            <ConfirmAction
              action={deleteEndpointAction}
              fields={{ endpointId: e.id }}
              label="Delete endpoint"
              title="Delete this endpoint?"
              description="Nothing is sent to it any more and its pending deliveries stop. Its past deliveries stay visible on the event pages. This cannot be undone."
              confirmLabel="Yes, delete"
              tone="danger"
            />
          </div>
        </section>
      ) : (
        <p className="mt-4 text-sm text-slate-600">Your role is viewer: you can see this endpoint and its deliveries but not change them.</p>
      )}

      <section aria-labelledby="deliveries-heading" className="mt-6">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          Deliveries
        </h2>
        <div className="mt-3">
          <DeliveryLog rows={log.deliveries} by="event" caption={log.deliveries.length === 0 ? "Nothing sent to this endpoint yet." : "Deliveries to this endpoint, newest first."} />
        </div>
        {log.nextBefore ? (
          <p className="mt-3 text-sm">
            <Link href={`/admin/webhooks/endpoints/${e.id}?before=${log.nextBefore}`} className="text-brand underline underline-offset-2">
              Older deliveries →
            </Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
