import { and, count, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { operations } from "@/db/schema";
import { ProviderName } from "@/lib/providers/names";
import type { AdminContext } from "./admin-context";
import { addDays, daysBetween, type DashboardRange } from "./dashboard-range";

export interface DayProviderStats {
  day: string; // YYYY-MM-DD, UTC
  provider: ProviderName;
  total: number;
  succeeded: number;
  declined: number;
  /** Final operations; the approval rate is succeeded / final. */
  final: number;
}

export interface VolumeByCurrency {
  currency: string;
  succeededAmount: number;
  succeededCount: number;
}

export interface DeclineReasonRow {
  reason: string;
  total: number;
  byProvider: Partial<Record<ProviderName, number>>;
}

export interface Dashboard {
  range: DashboardRange;
  /** Every day of the range, oldest first, so charts show quiet days as zero. */
  days: string[];
  /** Providers with at least one operation in the range, in the registry's order. */
  providers: ProviderName[];
  /** One row per day and provider in `providers`, zeros included. */
  daily: DayProviderStats[];
  totals: { total: number; succeeded: number; declined: number; final: number };
  volume: VolumeByCurrency[];
  /** The most frequent decline reasons, then one "Other reasons" row for the rest. */
  declines: DeclineReasonRow[];
}

export const TOP_DECLINE_REASONS = 8;
export const OTHER_REASONS = "Other reasons";
const FINAL = sql.raw(`'succeeded','declined','cancelled','expired','failed'`);

/**
 * Aggregates for the merchant's operations created in the range (UTC days, both ends
 * included), grouped in SQL over the (merchant_id, created_at) index; only the grouped
 * rows travel, whatever the number of operations.
 */
export async function loadDashboard(db: Queryable, admin: AdminContext, range: DashboardRange): Promise<Dashboard> {
  const start = new Date(`${range.from}T00:00:00Z`);
  const end = new Date(`${addDays(range.to, 1)}T00:00:00Z`);
  const scope = and(eq(operations.merchantId, admin.merchantId), gte(operations.createdAt, start), lt(operations.createdAt, end));
  const dayExpr = sql<string>`to_char(${operations.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;

  const byDay = await db
    .select({
      day: dayExpr,
      provider: operations.provider,
      total: count(),
      succeeded: sql<number>`count(*) filter (where ${operations.status} = 'succeeded')`.mapWith(Number),
      declined: sql<number>`count(*) filter (where ${operations.status} = 'declined')`.mapWith(Number),
      final: sql<number>`count(*) filter (where ${operations.status} in (${FINAL}))`.mapWith(Number),
    })
    .from(operations)
    .where(scope)
    .groupBy(dayExpr, operations.provider);

  const volume = await db
    .select({
      currency: operations.currency,
      succeededAmount: sql<number>`coalesce(sum(${operations.amount}), 0)`.mapWith(Number),
      succeededCount: count(),
    })
    .from(operations)
    .where(and(scope, eq(operations.status, "succeeded")))
    .groupBy(operations.currency)
    .orderBy(desc(count()), operations.currency);

  const reasonExpr = sql<string>`coalesce(${operations.declineReason}, ${operations.declineCode}, 'Unspecified')`;
  const declineGroups = await db
    .select({ provider: operations.provider, reason: reasonExpr, count: count() })
    .from(operations)
    .where(and(scope, eq(operations.status, "declined")))
    .groupBy(operations.provider, reasonExpr);

  const seen = new Set<ProviderName>([...byDay.map((r) => r.provider), ...declineGroups.map((r) => r.provider)]);
  const providers = ProviderName.options.filter((p) => seen.has(p));
  const days = daysBetween(range.from, range.to);
  const found = new Map(byDay.map((r) => [`${r.day}|${r.provider}`, r]));
  const daily = days.flatMap((day) =>
    providers.map((provider) => {
      const r = found.get(`${day}|${provider}`);
      return { day, provider, total: r?.total ?? 0, succeeded: r?.succeeded ?? 0, declined: r?.declined ?? 0, final: r?.final ?? 0 };
    }),
  );
  const totals = daily.reduce((t, r) => ({ total: t.total + r.total, succeeded: t.succeeded + r.succeeded, declined: t.declined + r.declined, final: t.final + r.final }), {
    total: 0,
    succeeded: 0,
    declined: 0,
    final: 0,
  });

  return { range, days, providers, daily, totals, volume, declines: rankDeclines(declineGroups) };
}

/** Reasons by total, ties by name; past the top few, one row sums the rest so the chart stays readable. */
export function rankDeclines(groups: Array<{ provider: ProviderName; reason: string; count: number }>): DeclineReasonRow[] {
  const byReason = new Map<string, DeclineReasonRow>();
  for (const g of groups) {
    const row = byReason.get(g.reason) ?? { reason: g.reason, total: 0, byProvider: {} };
    row.total += g.count;
    row.byProvider[g.provider] = (row.byProvider[g.provider] ?? 0) + g.count;
    byReason.set(g.reason, row);
  }
  const ranked = [...byReason.values()].sort((a, b) => b.total - a.total || a.reason.localeCompare(b.reason));
  if (ranked.length <= TOP_DECLINE_REASONS + 1) return ranked;
  const other: DeclineReasonRow = { reason: OTHER_REASONS, total: 0, byProvider: {} };
  for (const row of ranked.slice(TOP_DECLINE_REASONS)) {
    other.total += row.total;
    for (const [p, n] of Object.entries(row.byProvider) as Array<[ProviderName, number]>) other.byProvider[p] = (other.byProvider[p] ?? 0) + n;
  }
  return [...ranked.slice(0, TOP_DECLINE_REASONS), other];
}
