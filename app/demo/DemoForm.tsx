"use client";

import { useActionState } from "react";
import { startDemoCheckout, type DemoState } from "./actions";
import { PROVIDER_LABELS, type ProviderName } from "@/lib/providers/names";
import { DEMO_CURRENCIES } from "./currencies";

export function DemoForm({ providers }: { providers: ProviderName[] }) {
  const [state, action, pending] = useActionState<DemoState, FormData>(startDemoCheckout, { error: null });
  return (
    <form action={action} className="mt-6 space-y-4">
      <div>
        <label htmlFor="amount" className="block text-sm font-medium">
          Amount
        </label>
        <input id="amount" name="amount" inputMode="decimal" defaultValue="24.90" required className="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2" />
      </div>
      <div>
        <label htmlFor="currency" className="block text-sm font-medium">
          Currency
        </label>
        <select id="currency" name="currency" defaultValue="EUR" className="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2">
          {DEMO_CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="provider" className="block text-sm font-medium">
          Provider
        </label>
        <select id="provider" name="provider" defaultValue="onramp" className="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2">
          {providers.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      {state.error ? (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="bg-brand hover:bg-brand-dark w-full rounded-lg px-4 py-2.5 font-semibold text-white disabled:opacity-60">
        {pending ? "Starting checkout…" : "Checkout"}
      </button>
    </form>
  );
}
