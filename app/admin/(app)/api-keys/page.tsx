import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { listApiKeys } from "@/lib/admin/api-keys";
import { canAct } from "@/lib/admin/admin-context";
import { ConfirmAction } from "@/components/admin/ConfirmAction";
import { CreateApiKeyForm } from "@/components/admin/CreateApiKeyForm";
import { formatTime, isoTime } from "@/components/admin/format";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const admin = await requireAdmin({ next: "/admin/api-keys" });
  const keys = await listApiKeys(await getDb(), admin);
  const owner = canAct(admin);
  return (
    <>
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        Your server sends one of these as <code>Authorization: Bearer &lt;key&gt;</code>. Only a hash is stored, so a key is shown once, when it is created.
      </p>

      {owner ? (
        <section aria-labelledby="create-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="create-heading" className="text-base font-semibold">
            Create a key
          </h2>
          <div className="mt-3">
            <CreateApiKeyForm action={createApiKeyAction} />
          </div>
        </section>
      ) : null}

      <div role="region" aria-labelledby="keys-caption" tabIndex={0} className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption id="keys-caption" className="px-4 py-3 text-left text-sm text-slate-700">
            {keys.length === 0 ? "No API keys yet." : `${keys.length} API key${keys.length === 1 ? "" : "s"}, newest first.`}
          </caption>
          <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">Name</th>
              <th scope="col" className="px-4 py-2">Key</th>
              <th scope="col" className="px-4 py-2">Created</th>
              <th scope="col" className="px-4 py-2">Last used</th>
              <th scope="col" className="px-4 py-2">State</th>
              {owner ? (
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((k) => (
              <tr key={k.id}>
                <th scope="row" className="px-4 py-2 font-medium">
                  {k.name}
                </th>
                <td className="whitespace-nowrap px-4 py-2 font-mono text-xs">{k.prefix}…</td>
                <td className="whitespace-nowrap px-4 py-2">
                  <time dateTime={isoTime(k.createdAt)}>{formatTime(k.createdAt)}</time>
                </td>
                <td className="whitespace-nowrap px-4 py-2">{k.lastUsedAt ? <time dateTime={isoTime(k.lastUsedAt)}>{formatTime(k.lastUsedAt)}</time> : "Never"}</td>
                <td className="whitespace-nowrap px-4 py-2">{k.revokedAt ? `Revoked ${formatTime(k.revokedAt)}` : "Active"}</td>
                {owner ? (
                  <td className="px-4 py-2">
                    {k.revokedAt ? null : (
                      <ConfirmAction
                        action={revokeApiKeyAction}
                        fields={{ keyId: k.id }}
                        label={`Revoke ${k.name}`}
                        title={`Revoke “${k.name}”?`}
                        description="Requests with this key are refused from now on. This cannot be undone."
                        confirmLabel="Yes, revoke"
                        tone="danger"
                      />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
