import { and, eq, gte, isNotNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { operations } from "@/db/schema";
import { CURRENCY_CODES, minorUnits } from "@/lib/checkout/currency";
import { classifySearch, type OperationFilters } from "./filters";

export const PAGE_SIZE = 50;

// Keyset pagination on (created_at desc, id desc), matching the operations_merchant_*
// indexes: a page costs the same at row 50 and at row 5,000,000, where OFFSET would
// read and throw away every row before it. The cursor carries created_at as Postgres
// prints it (microseconds), since a JS Date would round it to milliseconds and skip rows.
export interface Cursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(value: string | null | undefined): Cursor | null {
  if (!value || value.length > 200) return null;
  const text = Buffer.from(value, "base64url").toString("utf8");
  const bar = text.lastIndexOf("|");
  if (bar < 1) return null;
  const createdAt = text.slice(0, bar);
  const id = text.slice(bar + 1);
  if (!/^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)?$/.test(createdAt) || !/^op_[0-9a-f]{32}$/.test(id)) return null;
  return { createdAt, id };
}

const listColumns = {
  id: operations.id,
  status: operations.status,
  provider: operations.provider,
  paymentMethod: operations.paymentMethod,
  amount: operations.amount,
  currency: operations.currency,
  cardBrand: operations.cardBrand,
  cardLast4: operations.cardLast4,
  customerId: operations.customerId,
  providerReference: operations.providerReference,
  declineCode: operations.declineCode,
  declineReason: operations.declineReason,
  attention: operations.attention,
  createdAt: operations.createdAt,
  updatedAt: operations.updatedAt,
  cursorTs: sql<string>`${operations.createdAt}::text`.as("cursor_ts"),
};
type RawRow = { [K in keyof typeof listColumns]: K extends "cursorTs" ? string : (typeof operations.$inferSelect)[Exclude<K, "cursorTs">] };
export type OperationListRow = Omit<RawRow, "cursorTs">;

// Amount bounds come in major units; each currency has its own exponent (JPY 0, EUR 2,
// BHD 3), so without a currency filter the bound is applied per exponent group.
const CURRENCIES_BY_DIGITS = (() => {
  const groups = new Map<number, string[]>();
  for (const c of CURRENCY_CODES) {
    const d = minorUnits(c);
    groups.set(d, [...(groups.get(d) ?? []), c]);
  }
  return groups;
})();

function amountBound(major: number, op: "gte" | "lte", currency: string | undefined): SQL | undefined {
  const cmp = op === "gte" ? gte : lte;
  const toMinor = (digits: number) => Math.round(major * 10 ** digits);
  if (currency) return cmp(operations.amount, toMinor(minorUnits(currency)));
  const parts: SQL[] = [];
  const special: string[] = [];
  for (const [digits, list] of CURRENCIES_BY_DIGITS) {
    if (digits === 2) continue;
    special.push(...list);
    parts.push(sql`(${operations.currency} in ${list} and ${cmp(operations.amount, toMinor(digits))})`);
  }
  parts.push(sql`(${operations.currency} not in ${special} and ${cmp(operations.amount, toMinor(2))})`);
  return or(...parts);
}

function utcDay(day: string, plusDays = 0): Date {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d;
}

/** WHERE for a merchant's operations under the filters; the merchant id is always first. */
export function operationConditions(merchantId: string, f: OperationFilters): SQL[] {
  const where: SQL[] = [eq(operations.merchantId, merchantId)];
  if (f.status) where.push(eq(operations.status, f.status));
  if (f.provider) where.push(eq(operations.provider, f.provider));
  if (f.currency) where.push(eq(operations.currency, f.currency));
  if (f.attention) where.push(isNotNull(operations.attention));
  if (f.from) where.push(gte(operations.createdAt, utcDay(f.from)));
  if (f.to) where.push(lt(operations.createdAt, utcDay(f.to, 1)));
  if (f.min !== undefined) where.push(amountBound(f.min, "gte", f.currency) ?? sql`true`);
  if (f.max !== undefined) where.push(amountBound(f.max, "lte", f.currency) ?? sql`true`);
  if (f.q) {
    const s = classifySearch(f.q);
    if (s.kind === "id") where.push(eq(operations.id, s.id));
    else if (s.kind === "last4") where.push(eq(operations.cardLast4, s.last4));
    else {
      const any = [eq(operations.customerId, s.value), eq(operations.providerReference, s.value)];
      if (s.id) any.push(eq(operations.id, s.id));
      where.push(or(...any) ?? sql`false`);
    }
  }
  return where;
}

export interface OperationPage {
  rows: OperationListRow[];
  /** Cursor for the next (older) page, null on the last page. */
  next: string | null;
  /** Cursor for the previous (newer) page, null on the first page. */
  prev: string | null;
}

function strip(r: RawRow): OperationListRow {
  const { cursorTs: _unused, ...row } = r;
  void _unused;
  return row;
}

// The indexes are declared `desc` by drizzle, which writes DESC NULLS LAST; an ORDER BY
// must match that exactly (NULLS FIRST is Postgres' default for DESC) or the planner
// sorts the whole merchant's rows instead of reading the index in order.
export const NEWEST_FIRST = [sql`${operations.createdAt} desc nulls last`, sql`${operations.id} desc nulls last`];
const NEWEST_LAST = [sql`${operations.createdAt} asc nulls first`, sql`${operations.id} asc nulls first`];

export interface ListArgs {
  merchantId: string;
  filters: OperationFilters;
  after?: string | null;
  before?: string | null;
  limit?: number;
}

/** The page query itself (not run), so the benchmark can EXPLAIN exactly what the admin runs. */
export function listOperationsQuery(db: Queryable, args: ListArgs) {
  const limit = Math.min(Math.max(args.limit ?? PAGE_SIZE, 1), 500);
  const where = operationConditions(args.merchantId, args.filters);
  const after = decodeCursor(args.after);
  const before = after ? null : decodeCursor(args.before);
  if (after) where.push(sql`(${operations.createdAt}, ${operations.id}) < (${after.createdAt}::timestamptz, ${after.id})`);
  if (before) where.push(sql`(${operations.createdAt}, ${operations.id}) > (${before.createdAt}::timestamptz, ${before.id})`);
  const order = before ? NEWEST_LAST : NEWEST_FIRST;
  const query = db
    .select(listColumns)
    .from(operations)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1);
  return { query, limit, after, before };
}

/**
 * One page of a merchant's operations, newest first. `after` moves to older rows,
 * `before` to newer ones; one extra row is read to know whether another page exists.
 */
export async function listOperations(db: Queryable, args: ListArgs): Promise<OperationPage> {
  const { query, limit, after, before } = listOperationsQuery(db, args);
  const raw = (await query) as RawRow[];
  const more = raw.length > limit;
  const page = raw.slice(0, limit);
  if (before) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const cursorOf = (r: RawRow) => encodeCursor({ createdAt: r.cursorTs, id: r.id });
  return {
    rows: page.map(strip),
    next: last && (before ? true : more) ? cursorOf(last) : null,
    prev: first && (before ? more : Boolean(after)) ? cursorOf(first) : null,
  };
}

/** Every row under the filters, in keyset batches, for the CSV export. */
export async function* iterateOperations(db: Queryable, args: { merchantId: string; filters: OperationFilters; batchSize?: number }): AsyncGenerator<OperationListRow[]> {
  let after: string | null = null;
  for (;;) {
    const page: OperationPage = await listOperations(db, { merchantId: args.merchantId, filters: args.filters, after, limit: args.batchSize ?? 500 });
    if (page.rows.length > 0) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}
