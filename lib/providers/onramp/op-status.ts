import type { ProviderAccountContext } from "@/lib/providers/types";
import { onrampCall } from "./client";
import { OpStatusResponse, readOpStatusEntries, type OpStatusEntry } from "./schemas";

// The document gives no limit on the length of `invoices_id`; we send at most this many
// per call so one answer stays small (assumption).
export const OP_STATUS_MAX_IDS = 100;

/**
 * POST /rpc/op_status for many payments: lifecycle status by op id (lower case). Ids
 * ON/RAMP does not know are "silently skipped", so they are absent from the map; entries
 * we cannot read are left out too (the caller reads those operations one by one).
 */
export async function opStatuses(account: ProviderAccountContext, opIds: readonly string[]): Promise<Map<string, OpStatusEntry>> {
  const out = new Map<string, OpStatusEntry>();
  for (let i = 0; i < opIds.length; i += OP_STATUS_MAX_IDS) {
    const chunk = opIds.slice(i, i + OP_STATUS_MAX_IDS);
    const raw = await onrampCall(account, { method: "POST", path: "/rpc/op_status", body: { invoices_id: chunk }, idempotent: true, schema: OpStatusResponse });
    for (const entry of readOpStatusEntries(raw, () => undefined)) out.set(entry.op_id.toLowerCase(), entry);
  }
  return out;
}
