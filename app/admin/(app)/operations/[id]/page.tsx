import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { describeAttention } from "@/lib/operations/attention";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { getOperationDetail, type OperationAction } from "@/lib/admin/operations/get-operation-detail";
import { formatAmount } from "@/lib/checkout/currency";
import { PROVIDER_LABELS } from "@/lib/providers/names";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { ConfirmAction } from "@/components/admin/ConfirmAction";
import { formatTime, humanize, isoTime } from "@/components/admin/format";
import { operationAction } from "./actions";

export const metadata: Metadata = { title: "Operation" };

const ACTION_COPY: Record<OperationAction, { label: string; title: string; description: string; confirm: string; tone: "danger" | "normal" }> = {
  cancel: {
    label: "Cancel operation",
    title: "Cancel this operation?",
    description: "The provider is asked to cancel the payment. The payer is not charged if the provider accepts. This cannot be undone.",
    confirm: "Yes, cancel it",
    tone: "danger",
  },
  refresh: {
    label: "Refresh from provider",
    title: "Refresh the status?",
    description: "The provider is asked for the operation's current status and anything new is added to the history.",
    confirm: "Refresh now",
    tone: "normal",
  },
  approve: {
    label: "Approve",
    title: "Approve this payment?",
    description: "The provider is told to complete the payment and credit it.",
    confirm: "Yes, approve",
    tone: "normal",
  },
  reject: {
    label: "Reject",
    title: "Reject this payment?",
    description: "The provider is told not to complete the payment. This cannot be undone.",
    confirm: "Yes, reject",
    tone: "danger",
  },
};

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="mt-0.5 break-words text-sm">{children}</dd>
    </div>
  );
}

const DONE: Record<OperationAction, string> = {
  cancel: "Cancel requested.",
  refresh: "Status refreshed from the provider.",
  approve: "Approval sent to the provider.",
  reject: "Rejection sent to the provider.",
};

export default async function OperationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const done = (await searchParams).done;
  const doneMessage = typeof done === "string" && done in DONE ? DONE[done as OperationAction] : null;
  const admin = await requireAdmin({ next: `/admin/operations/${encodeURIComponent(id)}` });
  const detail = await getOperationDetail(await getDb(), admin, id);
  if (!detail) notFound();
  const { operation: op, events, actions } = detail;

  return (
    <>
      <p className="text-sm">
        <Link href="/admin/operations" className="text-brand underline underline-offset-2">
          ← All operations
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="break-all font-mono text-lg font-semibold sm:text-xl">{op.id}</h1>
        <StatusBadge status={op.status} />
      </div>

      {op.attention ? (
        <div role="note" aria-label="Needs attention" className="mt-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <p className="font-semibold">Needs attention</p>
          <p className="mt-1">{describeAttention(op.attention)}</p>
        </div>
      ) : null}

      {doneMessage ? (
        <p role="status" className="mt-3 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {doneMessage} Status now: {humanize(op.status)}. The provider&apos;s answers are in the history below.
        </p>
      ) : null}

      <section aria-labelledby="summary-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="summary-heading" className="text-base font-semibold">
          Summary
        </h2>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-3 lg:grid-cols-4">
          <Fact term="Amount">{formatAmount(op.amount, op.currency)}</Fact>
          <Fact term="Status">
            {humanize(op.status)}
            {op.providerStatus ? <span className="text-slate-500"> (provider: {op.providerStatus})</span> : null}
          </Fact>
          <Fact term="Provider">{PROVIDER_LABELS[op.provider]}</Fact>
          <Fact term="Provider reference">
            <span className="font-mono text-xs">{op.providerReference ?? "—"}</span>
          </Fact>
          <Fact term="Payment method">{humanize(op.paymentMethod)}</Fact>
          <Fact term="Card">{op.cardLast4 ? `${op.cardBrand ?? "card"} ${op.cardFirst6 ?? ""}…${op.cardLast4}` : "—"}</Fact>
          <Fact term="Customer">{op.customerId}</Fact>
          <Fact term="Checkout session">
            <span className="font-mono text-xs">{op.sessionId}</span>
          </Fact>
          <Fact term="3-D Secure">
            {op.threeDs ? [op.threeDs.flow, op.threeDs.version, op.threeDs.status ? `result ${op.threeDs.status}` : null, op.threeDs.eci ? `ECI ${op.threeDs.eci}` : null].filter(Boolean).join(", ") || "—" : "—"}
          </Fact>
          {op.threeDs?.path ? <Fact term="3-D Secure path">{op.threeDs.path}</Fact> : null}
          {op.threeDs?.methodMs !== undefined || op.threeDs?.methodCompletion ? (
            <Fact term="3DS method step">
              {[op.threeDs.methodMs !== undefined ? `${op.threeDs.methodMs.toLocaleString("en-GB")} ms` : null, op.threeDs.methodCompletion ? `indicator ${op.threeDs.methodCompletion}` : null].filter(Boolean).join(", ")}
            </Fact>
          ) : null}
          <Fact term="Decline">{op.declineCode || op.declineReason ? `${op.declineReason ?? ""}${op.declineCode ? ` (${op.declineCode})` : ""}` : "—"}</Fact>
          <Fact term="Created">
            <time dateTime={isoTime(op.createdAt)}>{formatTime(op.createdAt)}</time>
          </Fact>
          <Fact term="Updated">
            <time dateTime={isoTime(op.updatedAt)}>{formatTime(op.updatedAt)}</time>
          </Fact>
          {op.cancelRequestedAt ? (
            <Fact term="Cancel requested">
              <time dateTime={isoTime(op.cancelRequestedAt)}>{formatTime(op.cancelRequestedAt)}</time>
            </Fact>
          ) : null}
          {op.finalizedAt ? (
            <Fact term="Finalized">
              <time dateTime={isoTime(op.finalizedAt)}>{formatTime(op.finalizedAt)}</time>
            </Fact>
          ) : null}
        </dl>
      </section>

      {actions.length > 0 ? (
        <section aria-labelledby="actions-heading" className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="actions-heading" className="text-base font-semibold">
            Actions
          </h2>
          <div className="mt-3 flex flex-wrap gap-3">
            {actions.map((a) => {
              const c = ACTION_COPY[a];
              return (
                <ConfirmAction
                  key={a}
                  action={operationAction}
                  fields={{ operationId: op.id, action: a }}
                  label={c.label}
                  title={c.title}
                  description={c.description}
                  confirmLabel={c.confirm}
                  tone={c.tone}
                />
              );
            })}
          </div>
        </section>
      ) : admin.role === "viewer" ? (
        <p className="mt-4 text-sm text-slate-600">Your role is viewer: you can see this operation but not act on it.</p>
      ) : null}

      <section aria-labelledby="history-heading" className="mt-6">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        {events.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No events recorded yet.</p>
        ) : (
          <ol className="mt-3 space-y-3">
            {events.map((e, i) => (
              <li key={e.id} className="rounded-lg border border-slate-200 bg-white p-4">
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <h3 className="text-sm font-semibold">
                    <span className="sr-only">Event {i + 1}: </span>
                    {humanize(e.type)}
                    {webhookEventType(e.payload) ? <span className="font-normal text-slate-700"> · {webhookEventType(e.payload)}</span> : null}
                  </h3>
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{e.source}</span>
                  <span className={`rounded px-1.5 py-0.5 text-xs ${e.outcome === "applied" ? "bg-emerald-50 text-emerald-900" : e.outcome === "recorded" ? "bg-slate-100 text-slate-700" : "bg-amber-50 text-amber-900"}`}>
                    {e.outcome}
                  </span>
                  {e.fromStatus || e.toStatus ? (
                    <span className="text-sm text-slate-700">
                      {humanize(e.fromStatus ?? "—")} → {humanize(e.toStatus ?? "—")}
                    </span>
                  ) : null}
                </div>
                <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-xs text-slate-600 sm:grid-cols-3">
                  <div>
                    <dt className="inline">Received: </dt>
                    <dd className="inline">
                      <time dateTime={isoTime(e.receivedAt)}>{formatTime(e.receivedAt)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt className="inline">Provider time: </dt>
                    <dd className="inline">{e.providerTime ? <time dateTime={isoTime(e.providerTime)}>{formatTime(e.providerTime)}</time> : "—"}</dd>
                  </div>
                  <div>
                    <dt className="inline">Actor: </dt>
                    <dd className="inline break-all">{e.actor ?? "—"}</dd>
                  </div>
                </dl>
                {e.payload !== null && e.payload !== undefined ? (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-sm text-brand">Raw payload</summary>
                    <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100" tabIndex={0} aria-label={`Raw payload of event ${i + 1}`}>
                      {JSON.stringify(e.payload, null, 2)}
                    </pre>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** Webhook history entries name the event they delivered (e.g. operation.declined). */
function webhookEventType(payload: unknown): string | null {
  if (!payload || typeof payload !== "object" || !("event_type" in payload)) return null;
  return typeof payload.event_type === "string" ? payload.event_type : null;
}
