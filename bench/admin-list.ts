// Admin operations list at one million operations: keyset pagination (what the admin
// runs) next to OFFSET pagination (the naive query), same filters, same run.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:admin
//   options: --rows=1000000 --repeat=5 --keep (keep the scratch database)
//
// Seeds a scratch database on the DATABASE_URL server with generate_series (three
// merchants, realistic status/provider/currency/customer/date mixes), runs ANALYZE, then
// prints, per page, the server time (EXPLAIN ANALYZE execution time, median of runs)
// and the wall time of the real list function, plus the plan's top node. No assertions.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { createScratchDatabase } from "../scripts/local-env";

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k ?? "", v ?? "true"] as const;
  }),
);
const ROWS = Number(args.get("rows") ?? 1_000_000);
const REPEAT = Number(args.get("repeat") ?? 5);
const KEEP = args.has("keep");
const PAGE = 50;

const base = process.env.DATABASE_URL;
if (!base || !base.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a Postgres server (the bench creates and drops its own database there).");
  process.exit(1);
}

const scratch = await createScratchDatabase(base, "bench_admin");
process.env.DATABASE_URL = scratch.url;
process.env.LOG_LEVEL ??= "silent";
process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");

const { openDatabase, migrate } = await import("../db/client");
const { listOperations, listOperationsQuery, operationConditions, NEWEST_FIRST } = await import("../lib/admin/operations/list-operations");
const { parseFilters } = await import("../lib/admin/operations/filters");
const { operations } = await import("../db/schema");
const { and } = await import("drizzle-orm");

const h = await openDatabase({ url: scratch.url });
const raw = postgres(scratch.url, { max: 2, onnotice: () => undefined });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function seed(): Promise<string[]> {
  await migrate(h);
  const merchants = ["mer_bench_big", "mer_bench_mid", "mer_bench_small"];
  for (const [i, id] of merchants.entries()) {
    await raw`insert into merchants (id, name, default_provider) values (${id}, ${`Bench shop ${i + 1}`}, 'onramp')`;
    // A few thousand sessions per merchant; operations point at them at random.
    await raw.unsafe(`
      insert into checkout_sessions (id, merchant_id, status, amount, currency, customer_id, success_url, cancel_url, provider, expires_at)
      select 'cs_' || md5('${id}' || g), '${id}', 'paid', 1000, 'EUR', 'cust_' || g, 'https://shop.example/ok', 'https://shop.example/cancel', 'onramp', now()
      from generate_series(1, 2000) g`);
  }
  const chunk = 200_000;
  const started = performance.now();
  for (let from = 1; from <= ROWS; from += chunk) {
    const to = Math.min(ROWS, from + chunk - 1);
    await raw.unsafe(`
      insert into operations (id, merchant_id, session_id, provider, provider_reference, status, provider_status, payment_method,
                              amount, currency, customer_id, card_brand, card_first6, card_last4, decline_code, decline_reason,
                              callback_token_hash, created_at, updated_at)
      select 'op_' || md5('op' || g), m, 'cs_' || md5(m || (1 + (r4 * 1999)::int)), p, 'ref_' || md5('ref' || g), s, upper(s),
             case when p = 'onramp_invoice' then 'invoice' when p = 'fenige' then 'wallet' else 'card' end,
             (exp(r5 * 7) * 100)::bigint,
             case when r6 < 0.7 then 'EUR' when r6 < 0.9 then 'USD' else 'GBP' end,
             'cust_' || (power(r7, 2) * 50000)::int,
             case when r8 < 0.6 then 'visa' else 'mastercard' end, '411111', lpad((r8 * 9999)::int::text, 4, '0'),
             case when s = 'declined' then (array['05','51','54','91','N7'])[1 + (r9 * 4)::int] end,
             case when s = 'declined' then (array['DO_NOT_HONOR','INSUFFICIENT_FUNDS','EXPIRED_CARD','ISSUER_OFFLINE','CVV2_FAILURE'])[1 + (r9 * 4)::int] end,
             md5('cb' || g), c, c + (r9 * interval '10 minutes')
      from (
        select g,
          case when r1 < 0.6 then 'mer_bench_big' when r1 < 0.9 then 'mer_bench_mid' else 'mer_bench_small' end as m,
          case when r2 < 0.5 then 'onramp' when r2 < 0.75 then 'paysecure' when r2 < 0.9 then 'fenige' else 'onramp_invoice' end as p,
          case when r3 < 0.70 then 'succeeded' when r3 < 0.85 then 'declined' when r3 < 0.88 then 'processing'
               when r3 < 0.90 then 'requires_action' when r3 < 0.93 then 'cancelled' when r3 < 0.97 then 'expired'
               when r3 < 0.99 then 'failed' else 'awaiting_confirmation' end as s,
          now() - (power(r1b, 1.5) * interval '365 days') as c,
          r4, r5, r6, r7, r8, r9
        from (select g, random() r1, random() r1b, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8, random() r9
              from generate_series(${from}, ${to}) g) x
      ) y`);
    process.stdout.write(`\rseeded ${to.toLocaleString("en")} / ${ROWS.toLocaleString("en")} operations (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  process.stdout.write("\n");
  await raw`analyze`;
  return merchants;
}

interface Measured {
  execMs: number;
  wallMs: number;
  plan: string;
  rows: number;
}

function planSummary(node: Record<string, unknown>): string {
  const parts: string[] = [];
  let n: Record<string, unknown> | undefined = node;
  while (n && parts.length < 3) {
    parts.push(`${String(n["Node Type"])}${n["Index Name"] ? ` ${String(n["Index Name"])}` : ""}`);
    const kids = n.Plans as Array<Record<string, unknown>> | undefined;
    n = kids?.[0];
  }
  return parts.join(" > ");
}

async function explain(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<{ execMs: number; plan: string }> {
  const { sql, params } = query.toSQL();
  const res = await raw.unsafe(`explain (analyze, buffers, format json) ${sql}`, params as postgres.ParameterOrJSON<never>[]);
  const first = res[0] as unknown as { "QUERY PLAN": Array<{ "Execution Time": number; Plan: Record<string, unknown> }> };
  const plan = first["QUERY PLAN"][0];
  return { execMs: plan?.["Execution Time"] ?? NaN, plan: plan ? planSummary(plan.Plan) : "?" };
}

async function measure(
  build: () => { toSQL(): { sql: string; params: unknown[] } },
  run: () => Promise<number>,
): Promise<Measured> {
  await run(); // warm the cache and the plan
  const exec: number[] = [];
  const wall: number[] = [];
  let plan = "";
  let rows = 0;
  for (let i = 0; i < REPEAT; i++) {
    const e = await explain(build());
    exec.push(e.execMs);
    plan = e.plan;
    const t = performance.now();
    rows = await run();
    wall.push(performance.now() - t);
  }
  return { execMs: median(exec), wallMs: median(wall), plan, rows };
}

try {
  const [big] = await seed();
  const merchantId = big ?? "";
  const [{ n: bigCount } = { n: 0 }] = await raw<{ n: number }[]>`select count(*)::int as n from operations where merchant_id = ${merchantId}`;

  const cases: Array<{ name: string; params: Record<string, string>; page: number }> = [
    { name: "first page", params: {}, page: 1 },
    { name: "page 5000 (deep)", params: {}, page: 5000 },
    { name: "filtered: declined + paysecure, page 100", params: { status: "declined", provider: "paysecure" }, page: 100 },
    { name: "filtered: EUR 10-50, last 90 days, page 20", params: { currency: "EUR", min: "10", max: "50", from: new Date(Date.now() - 90 * 86400_000).toISOString().slice(0, 10) }, page: 20 },
    { name: "search: customer id, page 1", params: { q: "cust_1234" }, page: 1 },
  ];

  const table: string[][] = [];
  for (const c of cases) {
    const filters = parseFilters(c.params).filters;
    const offset = (c.page - 1) * PAGE;
    // The keyset cursor for page N is the last row of page N-1 (found once, not timed).
    let after: string | null = null;
    if (c.page > 1) {
      const [row] = await h.db
        .select({ ts: operations.createdAt, id: operations.id })
        .from(operations)
        .where(and(...operationConditions(merchantId, filters)))
        .orderBy(...NEWEST_FIRST)
        .offset(offset - 1)
        .limit(1);
      const [text] = row ? await raw<{ t: string }[]>`select created_at::text as t from operations where id = ${row.id}` : [];
      after = row && text ? Buffer.from(`${text.t}|${row.id}`).toString("base64url") : null;
    }
    const keyset = await measure(
      () => listOperationsQuery(h.db, { merchantId, filters, after }).query,
      async () => (await listOperations(h.db, { merchantId, filters, after })).rows.length,
    );
    const offsetQuery = () =>
      h.db
        .select()
        .from(operations)
        .where(and(...operationConditions(merchantId, filters)))
        .orderBy(...NEWEST_FIRST)
        .offset(offset)
        .limit(PAGE + 1);
    const naive = await measure(offsetQuery, async () => (await offsetQuery()).length);
    table.push([c.name, fmt(keyset.execMs), fmt(keyset.wallMs), fmt(naive.execMs), fmt(naive.wallMs), `${(naive.execMs / Math.max(keyset.execMs, 0.001)).toFixed(0)}x`, keyset.plan, naive.plan]);
    if (keyset.rows !== naive.rows && keyset.rows !== Math.min(PAGE, naive.rows)) console.warn(`note: ${c.name} keyset rows ${keyset.rows}, offset rows ${naive.rows}`);
  }

  const header = ["page", "keyset server ms", "keyset wall ms", "OFFSET server ms", "OFFSET wall ms", "OFFSET/keyset", "keyset plan", "OFFSET plan"];
  console.log(`\nAdmin operations list: ${ROWS.toLocaleString("en")} operations, merchant under test has ${bigCount.toLocaleString("en")}; page size ${PAGE}; median of ${REPEAT} runs.`);
  console.log("server ms = EXPLAIN ANALYZE execution time; wall ms = the list function end to end from Node.\n");
  printTable([header, ...table]);
} finally {
  await raw.end();
  await h.close();
  if (KEEP) console.log(`\nkept scratch database: ${scratch.url}`);
  else await scratch.drop();
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const line = (r: string[]) => "| " + r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ") + " |";
  console.log(line(rows[0] ?? []));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows.slice(1)) console.log(line(r));
}
