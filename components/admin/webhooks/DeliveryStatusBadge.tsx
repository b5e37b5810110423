import type { WebhookDelivery } from "@/db/schema";

const TONE: Record<WebhookDelivery["status"], string> = {
  pending: "bg-amber-50 text-amber-900 ring-amber-300",
  succeeded: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  failed: "bg-red-50 text-red-900 ring-red-300",
  disabled: "bg-slate-100 text-slate-700 ring-slate-300",
};

export function DeliveryStatusBadge({ status }: { status: WebhookDelivery["status"] }) {
  return <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[status]}`}>{status}</span>;
}
