import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { listApiKeys } from "@/lib/admin/api-keys";
import { canAct } from "@/lib/admin/admin-context";
import { ConfirmAction } from "@/components/admin/ConfirmAction";
import { CreateApiKeyForm } from "@/components/admin/CreateApiKeyForm";
import { formatTime, isoTime } from "@/components/admin/format";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import { AdminTable } from "@/components/admin/AdminTable";

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

      <AdminTable
        id="keys"
        className="mt-6"
        caption={keys.length === 0 ? "No API keys yet." : `${keys.length} API key${keys.length === 1 ? "" : "s"}, newest first.`}
        columns={[
          { label: "Name" },
          { label: "Key" },
          { label: "Created" },
          { label: "Last used" },
          { label: "State" },
          ...(owner ? [{ label: <span className="sr-only">Actions</span> }] : []),
        ]}
      >
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
      </AdminTable>
    </>
  );
}
