import Link from "next/link";
import type { WebhookAttempt } from "@/db/schema";
import type { DeliveryRow } from "@/lib/webhooks/delivery-log";
import { formatTime, isoTime } from "@/components/admin/format";
import { DeliveryStatusBadge } from "./DeliveryStatusBadge";

function When({ at }: { at: Date | null }) {
  return at ? <time dateTime={isoTime(at)}>{formatTime(at)}</time> : <>—</>;
}

function Attempts({ attempts, label }: { attempts: WebhookAttempt[]; label: string }) {
  if (attempts.length === 0) return <span className="text-slate-500">None yet</span>;
  return (
    <details>
      <summary className="cursor-pointer text-brand">
        {attempts.length} attempt{attempts.length === 1 ? "" : "s"}
        <span className="sr-only"> for {label}</span>
      </summary>
      <ol className="mt-2 space-y-1">
        {attempts.map((a, i) => (
          <li key={a.id} className="whitespace-nowrap text-xs">
            <span className="font-medium">#{i + 1}</span> <When at={a.attemptedAt} /> · {a.responseStatus !== null ? `HTTP ${a.responseStatus}` : "no response"} · {a.durationMs} ms
            {a.error ? <span className="block whitespace-normal text-red-800">{a.error}</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * Deliveries with their state and every attempt. `by` picks the first column: the event
 * (on an endpoint's page) or the endpoint (on an event's page).
 */
export function DeliveryLog({ rows, by, caption, replay }: { rows: Array<DeliveryRow & { attempts: WebhookAttempt[] }>; by: "event" | "endpoint"; caption: string; replay?: (row: DeliveryRow) => React.ReactNode }) {
  return (
    <div role="region" aria-label={caption} tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm">
        <caption className="px-4 py-3 text-left text-sm text-slate-700">{caption}</caption>
        <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2">{by === "event" ? "Event" : "Endpoint"}</th>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2">Attempts</th>
            <th scope="col" className="px-4 py-2">Next attempt</th>
            <th scope="col" className="px-4 py-2">Last response</th>
            <th scope="col" className="px-4 py-2">Last attempt</th>
            <th scope="col" className="px-4 py-2">Log</th>
            {replay ? (
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((r) => {
            const d = r.delivery;
            const label = by === "event" ? `${r.eventType} ${d.eventId}` : r.endpointUrl;
            return (
              <tr key={d.id}>
                <th scope="row" className="px-4 py-2 font-normal">
                  {by === "event" ? (
                    <Link href={`/admin/webhooks/events/${d.eventId}`} className="text-brand underline underline-offset-2">
                      <span className="font-medium">{r.eventType}</span>
                      <span className="block font-mono text-xs">{d.eventId}</span>
                    </Link>
                  ) : (
                    <Link href={`/admin/webhooks/endpoints/${d.endpointId}`} className="break-all text-brand underline underline-offset-2">
                      {r.endpointUrl}
                    </Link>
                  )}
                </th>
                <td className="px-4 py-2">
                  <DeliveryStatusBadge status={d.status} />
                </td>
                <td className="px-4 py-2">{d.attempts}</td>
                <td className="whitespace-nowrap px-4 py-2">
                  <When at={d.status === "pending" ? d.nextAttemptAt : null} />
                </td>
                <td className="whitespace-nowrap px-4 py-2">
                  {d.lastResponseStatus !== null ? `HTTP ${d.lastResponseStatus}` : d.attempts > 0 ? "no response" : "—"}
                  {d.lastResponseMs !== null ? <span className="block text-xs text-slate-600">{d.lastResponseMs} ms</span> : null}
                  {d.lastError ? <span className="block max-w-xs whitespace-normal text-xs text-red-800">{d.lastError}</span> : null}
                </td>
                <td className="whitespace-nowrap px-4 py-2">
                  <When at={d.lastAttemptAt} />
                </td>
                <td className="px-4 py-2">
                  <Attempts attempts={r.attempts} label={label} />
                </td>
                {replay ? <td className="px-4 py-2">{replay(r)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
