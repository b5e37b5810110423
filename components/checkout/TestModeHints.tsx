import type { TestHints } from "@/lib/providers/types";
import type { Messages } from "@/lib/i18n/catalogs";

// Shown only when the merchant's provider account points at the provider's test
// environment, so a tester can pick an outcome; the connector supplies the table. The frame
// speaks the page's language; the connector's own sentences are its English test data,
// marked as English so a screen reader reads them as such.
export function TestModeHints({ hints, labels, locale }: { hints: TestHints; labels: Messages["TestMode"]; locale: string }) {
  const connectorLang = locale === "en" ? undefined : "en";
  return (
    <details className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <summary className="cursor-pointer font-semibold">{labels.heading}</summary>
      <p className="mt-2">
        {labels.noRealMoney} <span lang={connectorLang}>{hints.intro}</span>
      </p>
      {hints.rows.length > 0 ? (
        <div className="mt-2 max-h-64 overflow-auto">
          <table className="w-full text-left text-xs">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-2 font-semibold">
                  {labels.enter}
                </th>
                <th scope="col" className="py-1 font-semibold">
                  {labels.outcome}
                </th>
              </tr>
            </thead>
            <tbody>
              {hints.rows.map((r) => (
                <tr key={r.input} className="border-t border-amber-200 align-top">
                  <td className="py-1 pr-2 font-mono whitespace-nowrap">{r.input}</td>
                  <td className="py-1" lang={connectorLang}>
                    {r.outcome}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </details>
  );
}
