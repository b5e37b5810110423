import { formatAmount } from "@/lib/checkout/currency";

/**
 * Who is asking for how much: the page's one h1, so the merchant and the amount are the
 * first thing read and heard. The logo is decoration next to the name (alt=""); without
 * one the merchant's initials stand in, on its brand colour. A long amount wraps under the
 * name rather than squeezing the badge, and the description wraps rather than being cut.
 */
export function MerchantHeader(props: { name: string; logoUrl: string | null; amount: number; currency: string; description?: string | null; locale?: string }) {
  const initials = props.name
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <header className="flex items-start gap-3">
      {props.logoUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- merchant logos come from arbitrary hosts
        <img src={props.logoUrl} alt="" className="h-12 w-12 shrink-0 rounded-lg object-contain" referrerPolicy="no-referrer" />
      ) : (
        <span aria-hidden="true" className="flex h-12 w-12 shrink-0 items-center justify-center rounded-lg bg-brand text-sm font-semibold text-white">
          {initials}
        </span>
      )}
      <div className="min-w-0 flex-1">
        <h1 className="min-w-0">
          <span className="block truncate text-sm font-medium text-slate-700" data-testid="merchant-name">
            {props.name}
          </span>{" "}
          <span className="block text-2xl font-semibold tabular-nums [overflow-wrap:anywhere] text-slate-900" data-testid="amount">
            {formatAmount(props.amount, props.currency, props.locale)}
          </span>
        </h1>
        {props.description ? <p className="text-sm [overflow-wrap:anywhere] text-slate-600" data-testid="description">{props.description}</p> : null}
      </div>
    </header>
  );
}
