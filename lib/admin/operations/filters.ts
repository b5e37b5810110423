import { z } from "zod";
import { OPERATION_STATUSES } from "@/lib/operations/status";
import { ProviderName } from "@/lib/providers/names";
import { idFromUuid } from "@/lib/ids";
import { isCurrency } from "@/lib/checkout/currency";
import { textProblem } from "@/lib/http/input-text";

// The list's filters live in the URL (a GET form) so a view can be bookmarked and shared.
// Empty form fields arrive as "" and mean "no filter".
const blank = (v: unknown) => (v === "" || v === undefined || v === null ? undefined : v);
const day = z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2025-01-31").optional());
const money = z.preprocess(blank, z.coerce.number().nonnegative("Use a positive amount").max(1e12).optional());

export const OperationFilters = z.object({
  status: z.preprocess(blank, z.enum(OPERATION_STATUSES).optional()),
  provider: z.preprocess(blank, ProviderName.optional()),
  currency: z.preprocess(
    (v) => (typeof v === "string" ? blank(v.trim().toUpperCase()) : v),
    z.string().refine(isCurrency, "Use an ISO 4217 currency code").optional(),
  ),
  from: day,
  to: day,
  min: money,
  max: money,
  q: z.preprocess((v) => (typeof v === "string" ? blank(v.trim()) : v), z.string().max(200).optional()),
  // "1": only operations flagged for a person to look at.
  attention: z.preprocess(blank, z.literal("1").optional()),
});
export type OperationFilters = z.infer<typeof OperationFilters>;

export const FILTER_KEYS = ["status", "provider", "currency", "from", "to", "min", "max", "q", "attention"] as const;

/** Filters from URL search params; invalid fields are dropped and reported, not fatal. */
export function parseFilters(params: Record<string, string | string[] | undefined>): { filters: OperationFilters; invalid: string[] } {
  const raw: Record<string, string | undefined> = {};
  // Text no query can carry (a NUL from ?q=%00) is an invalid filter like any other.
  const unstorable: string[] = [];
  for (const k of FILTER_KEYS) {
    const v = params[k];
    raw[k] = Array.isArray(v) ? v[0] : v;
    if (raw[k] !== undefined && textProblem(raw[k])) unstorable.push(k);
  }
  const parsed = unstorable.length === 0 ? OperationFilters.safeParse(raw) : null;
  if (parsed?.success) return { filters: parsed.data, invalid: [] };
  const invalid = [...new Set([...unstorable, ...(parsed?.error.issues.map((i) => String(i.path[0])) ?? [])])];
  for (const k of invalid) delete raw[k];
  const retry = OperationFilters.safeParse(raw);
  return { filters: retry.success ? retry.data : {}, invalid };
}

/** The filters as URL params, for links that keep the current view (pagination, export). */
export function filtersToParams(filters: OperationFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = filters[k];
    if (v !== undefined) p.set(k, String(v));
  }
  return p;
}

export type SearchKind = { kind: "id"; id: string } | { kind: "last4"; last4: string } | { kind: "reference"; value: string; id: string | null };

/**
 * What a search box entry is, by its shape: our `op_…` id, four digits (card last four),
 * a UUID (our id as sent to providers, or a provider's reference), or anything else
 * (a customer id or a provider reference).
 */
export function classifySearch(q: string): SearchKind {
  if (/^op_[0-9a-f]{32}$/i.test(q)) return { kind: "id", id: q.toLowerCase() };
  if (/^\d{4}$/.test(q)) return { kind: "last4", last4: q };
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q);
  return { kind: "reference", value: q, id: uuid ? idFromUuid("operation", q) : null };
}
