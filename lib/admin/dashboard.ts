import { and, count, desc, eq, gte, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { operations } from "@/db/schema";
import type { ProviderName } from "@/lib/providers/names";
import type { AdminContext } from "./admin-context";

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

export interface DeclineReason {
  provider: ProviderName;
  reason: string;
  count: number;
}

export interface Dashboard {
  since: Date;
  days: DayProviderStats[];
  volume: VolumeByCurrency[];
  declines: DeclineReason[];
}

/** Aggregates for the merchant's last `days` days (UTC), computed in SQL over the created_at index. */
export async function loadDashboard(db: Queryable, admin: AdminContext, days = 14): Promise<Dashboard> {
  const since = new Date();
  since.setUTCHours(0, 0, 0, 0);
  since.setUTCDate(since.getUTCDate() - (days - 1));
  const scope = and(eq(operations.merchantId, admin.merchantId), gte(operations.createdAt, since));
  const dayExpr = sql<string>`to_char(${operations.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const byDay = await db
    .select({
      day: dayExpr,
      provider: operations.provider,
      total: count(),
      succeeded: sql<number>`count(*) filter (where ${operations.status} = 'succeeded')`.mapWith(Number),
      declined: sql<number>`count(*) filter (where ${operations.status} = 'declined')`.mapWith(Number),
      final: sql<number>`count(*) filter (where ${operations.status} in ('succeeded','declined','cancelled','expired','failed'))`.mapWith(Number),
    })
    .from(operations)
    .where(scope)
    .groupBy(dayExpr, operations.provider)
    .orderBy(dayExpr, operations.provider);
  const volume = await db
    .select({
      currency: operations.currency,
      succeededAmount: sql<number>`coalesce(sum(${operations.amount}), 0)`.mapWith(Number),
      succeededCount: count(),
    })
    .from(operations)
    .where(and(scope, eq(operations.status, "succeeded")))
    .groupBy(operations.currency)
    .orderBy(desc(count()));
  const reasonExpr = sql<string>`coalesce(${operations.declineReason}, ${operations.declineCode}, 'unspecified')`;
  const declines = await db
    .select({ provider: operations.provider, reason: reasonExpr, count: count() })
    .from(operations)
    .where(and(scope, eq(operations.status, "declined")))
    .groupBy(operations.provider, reasonExpr)
    .orderBy(desc(count()))
    .limit(20);
  return { since, days: byDay, volume, declines };
}
