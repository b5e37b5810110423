import { FENIGE_WALLETS, ONRAMP_TEST_CVVS, PAYSECURE_ERROR_CARDS, PAYSECURE_OUTCOME_CARDS } from "@/sandbox/test-cards";
import type { ProviderName } from "@/lib/providers/names";

// Shown only when the merchant's provider account points at the provider sandbox, so a
// tester can pick an outcome; the table is the sandbox's own, imported, never copied.
export function TestModeHints({ provider }: { provider: ProviderName }) {
  const rows: Array<{ input: string; outcome: string }> =
    provider === "onramp"
      ? ONRAMP_TEST_CVVS.map((c) => ({ input: `CVC ${c.cvv}`, outcome: c.description }))
      : provider === "paysecure"
        ? [...PAYSECURE_OUTCOME_CARDS.map((c) => ({ input: c.cardNumber, outcome: c.description })), ...PAYSECURE_ERROR_CARDS.map((c) => ({ input: c.cardNumber, outcome: c.message }))]
        : provider === "fenige"
          ? FENIGE_WALLETS.map((w) => ({ input: `+${w.phoneNumber}`, outcome: w.description }))
          : [];
  return (
    <details className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <summary className="cursor-pointer font-semibold">Test mode: sample payment details</summary>
      <p className="mt-2">
        No real money moves.{" "}
        {provider === "onramp" ? "Use any valid card number such as 4111 1111 1111 1111 with a future expiry date; the security code picks the outcome." : null}
        {provider === "onramp_invoice" ? "The invoice page lets you pay with one click." : null}
      </p>
      {rows.length > 0 ? (
        <div className="mt-2 max-h-64 overflow-auto">
          <table className="w-full text-left text-xs">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-2 font-semibold">
                  Enter
                </th>
                <th scope="col" className="py-1 font-semibold">
                  Outcome
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.input} className="border-t border-amber-200 align-top">
                  <td className="py-1 pr-2 font-mono whitespace-nowrap">{r.input}</td>
                  <td className="py-1">{r.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </details>
  );
}
