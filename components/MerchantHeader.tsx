import { formatAmount } from "@/lib/checkout/currency";

export function MerchantHeader(props: { name: string; logoUrl: string | null; amount: number; currency: string; description?: string | null }) {
  const initials = props.name
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <header className="flex items-center gap-3">
      {props.logoUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- merchant logos come from arbitrary hosts
        <img src={props.logoUrl} alt="" className="h-10 w-10 rounded-lg object-contain" />
      ) : (
        <span aria-hidden="true" className="bg-brand flex h-10 w-10 items-center justify-center rounded-lg text-sm font-semibold text-white">
          {initials}
        </span>
      )}
      <div className="min-w-0">
        <p className="truncate text-sm text-slate-600">{props.name}</p>
        <p className="text-2xl font-semibold tabular-nums" data-testid="amount">
          {formatAmount(props.amount, props.currency)}
        </p>
        {props.description ? <p className="truncate text-sm text-slate-600">{props.description}</p> : null}
      </div>
    </header>
  );
}
