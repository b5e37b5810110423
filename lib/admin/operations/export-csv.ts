import { stringify } from "csv-stringify/sync";
import type { Queryable } from "@/db/client";
import type { AdminContext } from "../admin-context";
import type { OperationFilters } from "./filters";
import { iterateOperations, type OperationListRow } from "./list-operations";

export const CSV_COLUMNS = [
  "id",
  "status",
  "provider",
  "amount_minor",
  "currency",
  "card_brand",
  "card_last4",
  "customer_id",
  "provider_reference",
  "decline_code",
  "created_at",
  "updated_at",
] as const;

// A cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheet apps;
// a leading apostrophe keeps it text (OWASP CSV injection advice).
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function toRecord(r: OperationListRow): string[] {
  return [
    r.id,
    r.status,
    r.provider,
    String(r.amount),
    r.currency,
    r.cardBrand ?? "",
    r.cardLast4 ?? "",
    neutralise(r.customerId),
    neutralise(r.providerReference ?? ""),
    neutralise(r.declineCode ?? ""),
    r.createdAt.toISOString(),
    r.updatedAt.toISOString(),
  ];
}

/**
 * The filtered operations as CSV, produced batch by batch as the client reads: nothing
 * holds the whole set in memory, and a client that stops reading stops the queries.
 */
export function operationsCsvStream(db: Queryable, admin: AdminContext, filters: OperationFilters, batchSize = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = iterateOperations(db, { merchantId: admin.merchantId, filters, batchSize });
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(stringify([[...CSV_COLUMNS]])));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(stringify(next.value.map(toRecord))));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

export function csvFileName(now = new Date()): string {
  return `operations-${now.toISOString().slice(0, 19).replaceAll(":", "")}Z.csv`;
}
