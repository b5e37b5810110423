import type { OperationStatus } from "@/lib/operations/status";
import { humanize } from "./format";

const TONE: Record<OperationStatus, string> = {
  created: "bg-slate-100 text-slate-800 ring-slate-300",
  pending: "bg-slate-100 text-slate-800 ring-slate-300",
  requires_action: "bg-amber-50 text-amber-900 ring-amber-300",
  processing: "bg-sky-50 text-sky-900 ring-sky-300",
  awaiting_confirmation: "bg-violet-50 text-violet-900 ring-violet-300",
  succeeded: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  declined: "bg-red-50 text-red-900 ring-red-300",
  cancelled: "bg-slate-100 text-slate-700 ring-slate-300",
  expired: "bg-slate-100 text-slate-700 ring-slate-300",
  failed: "bg-red-50 text-red-900 ring-red-300",
};

export function StatusBadge({ status }: { status: OperationStatus }) {
  return <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[status]}`}>{humanize(status)}</span>;
}
