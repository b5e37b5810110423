import type { TestHints } from "@/lib/providers/types";

// Shown only when the merchant's provider account points at the provider's test
// environment, so a tester can pick an outcome; the connector supplies the table.
export function TestModeHints({ hints }: { hints: TestHints }) {
  return (
    <details className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <summary className="cursor-pointer font-semibold">Test mode: sample payment details</summary>
      <p className="mt-2">No real money moves. {hints.intro}</p>
      {hints.rows.length > 0 ? (
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
              {hints.rows.map((r) => (
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
