// Callback ingest rate with deduplication: provider facts per second applied through
// applyProviderUpdates (row lock, dedupe by key, status machine, history row, session
// update, webhook outbox, NOTIFY) next to plain inserts of the same number of rows into
// operation_events (no dedupe, no lock, no status), measured in the same run. The callback
// route's own path is the inbox (lib/operations/callback-inbox.ts): a delivery is kept with
// one insert and answered, and applied in batches by the process's applier; that case is
// timed twice, to the last delivery accepted and to the last delivery applied.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:ingest
//   options: --operations=2000 --concurrency=8 --shuffled=0.25 --seed=1 --keep --inbox-only
//
// Each operation gets three facts (pending, processing, succeeded, provider times one
// second apart), each delivered twice, one fact per call as a callback delivers it. A
// quarter of the operations (--shuffled) receive their six deliveries in random order,
// the rest in order; operations are interleaved in windows of 50 so deliveries for the
// same operation meet in flight. Runs in-process against a scratch database with the
// app's own pool (postgres.js, max 10). No assertions; the final statuses are checked
// and reported.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { createScratchDatabase } from "../scripts/local-env";
import { machine, ms, options, percentile, printTable, ratio, requirePostgres } from "./support/harness";

const opts = options();
const OPERATIONS = Number(opts.get("operations") ?? 2000);
const CONCURRENCY = Number(opts.get("concurrency") ?? 8);
const SHUFFLED = Number(opts.get("shuffled") ?? 0.25);
const SEED = Number(opts.get("seed") ?? 1);
const KEEP = opts.has("keep");
// The baseline and the inbox cases only (the synchronous path's two cases are skipped).
const INBOX_ONLY = opts.has("inbox-only");
const WINDOW = 50;

const base = requirePostgres();
const scratch = await createScratchDatabase(base, "bench_ingest");
process.env.DATABASE_URL = scratch.url;
process.env.LOG_LEVEL ??= "silent";
process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");

const { handle, migrate, closeDatabase, getDb } = await import("../db/client");
const { applyProviderUpdates } = await import("../lib/operations/apply-updates");
const { acceptCallback, applyCallbackInboxOnce, callbackInboxIdle, callbackBacklog } = await import("../lib/operations/callback-inbox");
const { operationEvents } = await import("../db/schema");
const { newId } = await import("../lib/ids");
type ProviderUpdate = import("../lib/providers/types").ProviderUpdate;

const raw = postgres(scratch.url, { max: 2, onnotice: () => undefined });

// Small seeded PRNG so every run delivers the same sequence.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const [a, b] = [out[i], out[j]];
    if (a !== undefined && b !== undefined) [out[i], out[j]] = [b, a];
  }
  return out;
}

interface Delivery {
  operationId: string;
  update: ProviderUpdate;
}

const STEPS = [
  { status: "pending", providerStatus: "PENDING" },
  { status: "processing", providerStatus: "PROCESSING" },
  { status: "succeeded", providerStatus: "SUCCESS" },
] as const;

function deliveriesFor(opIds: string[], rand: () => number): Delivery[] {
  const t0 = Date.now() - 3600_000;
  const perOp = opIds.map((operationId, i) => {
    const facts: Delivery[] = STEPS.map((s, k) => ({
      operationId,
      update: {
        status: s.status,
        providerStatus: s.providerStatus,
        providerTime: new Date(t0 + i * 10_000 + k * 1000),
        dedupeKey: `${s.providerStatus}:${operationId}`,
        providerReference: `ref_${operationId.slice(-12)}`,
        raw: { id: operationId, status: s.providerStatus },
      },
    }));
    // Each fact twice: in order (a retry right after the first delivery) or shuffled.
    const twice = facts.flatMap((f) => [f, f]);
    return rand() < SHUFFLED ? shuffle(twice, rand) : twice;
  });
  const out: Delivery[] = [];
  for (let w = 0; w < perOp.length; w += WINDOW) {
    // Within a window, operations take turns at random but each keeps its own order.
    const queues = perOp.slice(w, w + WINDOW).map((q) => [...q]);
    while (queues.some((q) => q.length > 0)) {
      const live = queues.filter((q) => q.length > 0);
      const next = live[Math.floor(rand() * live.length)]?.shift();
      if (next) out.push(next);
    }
  }
  return out;
}

async function seedOperations(merchantId: string, tag: string, count: number): Promise<string[]> {
  await raw.unsafe(`
    insert into checkout_sessions (id, merchant_id, status, amount, currency, customer_id, success_url, cancel_url, provider, expires_at)
    select 'cs_' || md5('${tag}' || g), '${merchantId}', 'processing', 1000, 'EUR', 'cust_' || g, 'https://shop.example/ok', 'https://shop.example/cancel', 'onramp', now() + interval '1 hour'
    from generate_series(1, ${count}) g`);
  const rows = await raw.unsafe<{ id: string }[]>(`
    insert into operations (id, merchant_id, session_id, provider, status, payment_method, amount, currency, customer_id, card_brand, card_first6, card_last4, callback_token_hash)
    select 'op_' || md5('${tag}' || g), '${merchantId}', 'cs_' || md5('${tag}' || g), 'onramp', 'created', 'card', 1000, 'EUR', 'cust_' || g, 'visa', '424242', '4242', md5('cb${tag}' || g)
    from generate_series(1, ${count}) g
    returning id`);
  return rows.map((r) => r.id);
}

interface Run {
  name: string;
  rows: number;
  wallMs: number;
  latencies: number[];
  outcomes: Map<string, number>;
  failures: number;
}

async function drive<T>(name: string, items: T[], work: (item: T) => Promise<string[]>): Promise<Run> {
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        const item = items[i];
        if (item === undefined) continue;
        const t = performance.now();
        try {
          for (const o of await work(item)) outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
        } catch {
          failures++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { name, rows: items.length, wallMs: performance.now() - started, latencies, outcomes, failures };
}

const h = await handle();
try {
  await migrate(h);
  const merchantId = newId("merchant");
  await raw`insert into merchants (id, name, default_provider) values (${merchantId}, 'Bench shop', 'onramp')`;
  // A webhook endpoint so status changes fan out to a delivery row, as for a real merchant.
  await raw`insert into webhook_endpoints (id, merchant_id, url, secret_sealed, enabled) values (${newId("webhookEndpoint")}, ${merchantId}, 'http://127.0.0.1:9/hooks', 'sealed', true)`.catch((e: unknown) => {
    console.warn(`note: no webhook endpoint seeded (${e instanceof Error ? e.message : String(e)}); outbox rows only`);
  });
  const rand = rng(SEED);
  const setBaseline = await seedOperations(merchantId, "b", OPERATIONS);
  const setCallback = await seedOperations(merchantId, "c", OPERATIONS);
  const setHistory = await seedOperations(merchantId, "h", OPERATIONS);
  const setInbox = await seedOperations(merchantId, "i", OPERATIONS);
  const setBacklog = await seedOperations(merchantId, "k", OPERATIONS);
  await raw`analyze`;
  const callbackDeliveries = deliveriesFor(setCallback, rand);
  const historyDeliveries = deliveriesFor(setHistory, rand);
  const baselineDeliveries = deliveriesFor(setBaseline, rand);
  const inboxDeliveries = deliveriesFor(setInbox, rand);
  const backlogDeliveries = deliveriesFor(setBacklog, rand);
  // The operations' sessions, as the callback route knows them from the authenticated operation.
  const sessionOf = new Map(
    (await raw<{ id: string; session_id: string }[]>`select id, session_id from operations where id = any(${[...setInbox, ...setBacklog]})`).map((r) => [r.id, r.session_id]),
  );
  const db = await getDb();

  // Warm the pool, the JIT and the plans on a few operations that are not measured.
  const warm = await seedOperations(merchantId, "w", 50);
  await drive("warmup", deliveriesFor(warm, rand), async (d) => (await applyProviderUpdates({ merchantId, operationId: d.operationId, updates: [d.update], source: "callback", recordDuplicates: false })).outcomes);

  // Before each case, statistics as autovacuum would have them by then: a statement's cached
  // plan is made once per connection, and one made while operation_events held a few hundred
  // rows scans the table where an index probe is due once it holds thousands (autovacuum's
  // analyze replaces such a plan, but only up to a minute later, which is the whole case).
  const analyze = () => raw`analyze`;
  const runs: Run[] = [];
  await analyze();
  runs.push(
    await drive("baseline: plain insert into operation_events", baselineDeliveries, async (d) => {
      await db.insert(operationEvents).values({
        id: newId("event"),
        merchantId,
        operationId: d.operationId,
        source: "callback",
        type: d.update.providerStatus,
        outcome: "recorded",
        fromStatus: null,
        toStatus: d.update.status,
        providerTime: d.update.providerTime,
        dedupeKey: null,
        payload: d.update.raw,
      });
      return ["inserted"];
    }),
  );
  await analyze();
  if (!INBOX_ONLY) runs.push(
    await drive("applyProviderUpdates, callback path (recordDuplicates: false)", callbackDeliveries, async (d) =>
      (await applyProviderUpdates({ merchantId, operationId: d.operationId, updates: [d.update], source: "callback", recordDuplicates: false })).outcomes,
    ),
  );
  if (!INBOX_ONLY) await analyze();
  if (!INBOX_ONLY) runs.push(
    await drive("applyProviderUpdates, default (history row per duplicate)", historyDeliveries, async (d) =>
      (await applyProviderUpdates({ merchantId, operationId: d.operationId, updates: [d.update], source: "callback" })).outcomes,
    ),
  );

  // The callback route's path since the inbox: each delivery is kept (one insert) and
  // answered; this process's applier applies what was kept in batches meanwhile. Its
  // "facts/s" is the rate deliveries were accepted at; the line after it runs until the
  // last delivery was applied.
  await analyze();
  const inboxStarted = performance.now();
  const inbox = await drive("callback inbox: accepted (one insert each, applied in batches)", inboxDeliveries, async (d) => {
    await acceptCallback({
      merchantId,
      operationId: d.operationId,
      sessionId: sessionOf.get(d.operationId) ?? "",
      actor: "provider:onramp",
      updates: [d.update],
      delivery: { type: "callback_received", payload: { body: d.update.raw } },
    });
    return ["accepted"];
  });
  runs.push(inbox);
  for (;;) {
    await callbackInboxIdle();
    if ((await callbackBacklog()).count === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  runs.push({ name: "callback inbox: accepted and applied (until the last is applied)", rows: inbox.rows, wallMs: performance.now() - inboxStarted, latencies: [], outcomes: new Map(), failures: 0 });

  // The applier alone: the same deliveries already kept (as after a burst, or an instance
  // that was down), applied by passes of 50 growing to 400 as the bench's process would.
  for (let i = 0; i < backlogDeliveries.length; i += 1000) {
    await raw`insert into callback_inbox ${raw(
      backlogDeliveries.slice(i, i + 1000).map((d) => ({
        id: newId("callbackDelivery"),
        merchant_id: merchantId,
        operation_id: d.operationId,
        session_id: sessionOf.get(d.operationId) ?? "",
        actor: "provider:onramp",
        updates: raw.json([{ ...d.update, providerTime: d.update.providerTime?.toISOString() ?? null }] as never),
        delivery: raw.json({ type: "callback_received", payload: { body: d.update.raw } } as never),
      })),
    )}`;
  }
  await analyze();
  const backlogStarted = performance.now();
  let backlogApplied = 0;
  for (let limit = 50; ; limit = Math.min(limit * 2, 400)) {
    const pass = await applyCallbackInboxOnce({ limit });
    backlogApplied += pass.applied;
    if (pass.applied === 0) break;
  }
  runs.push({ name: "callback inbox: the applier alone, on the same deliveries already kept", rows: backlogApplied, wallMs: performance.now() - backlogStarted, latencies: [], outcomes: new Map(), failures: 0 });

  const check = async (ids: string[]) => {
    const [row] = await raw<{ ok: number; events: number; webhooks: number }[]>`
      select (select count(*)::int from operations where id = any(${ids}) and status = 'succeeded') as ok,
             (select count(*)::int from operation_events where operation_id = any(${ids})) as events,
             (select count(*)::int from webhook_events where payload->'data'->>'id' = any(${ids})) as webhooks`;
    return row ?? { ok: 0, events: 0, webhooks: 0 };
  };
  const ref = runs[0];
  const perSec = (r: Run) => r.rows / (r.wallMs / 1000);
  const table = [["case", "facts", "facts/s", "vs baseline", "p50 ms", "p95 ms", "p99 ms", "outcomes", "failed calls"]];
  for (const r of runs) {
    const outcomes = [...r.outcomes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${v}`).join(" ");
    table.push([r.name, String(r.rows), perSec(r).toFixed(0), ref ? ratio(perSec(r), perSec(ref)) : "-", ms(percentile(r.latencies, 50)), ms(percentile(r.latencies, 95)), ms(percentile(r.latencies, 99)), outcomes, String(r.failures)]);
  }
  const cb = await check(setCallback);
  const hist = await check(setHistory);
  const inb = await check(setInbox);
  const back = await check(setBacklog);
  console.log(`\nCallback ingest: ${OPERATIONS} operations x 3 facts x 2 deliveries = ${OPERATIONS * 6} calls per case, ${Math.round(SHUFFLED * 100)}% of operations out of order, concurrency ${CONCURRENCY}, pool 10; ${machine()}.`);
  console.log("Baseline: one INSERT per fact into operation_events (autocommit, no lock, no dedupe, no status). Product: one applyProviderUpdates call per fact.\n");
  printTable(table);
  console.log("");
  if (!INBOX_ONLY) {
    console.log(`After the run: callback path ${cb.ok}/${OPERATIONS} operations succeeded, ${cb.events} history rows, ${cb.webhooks} operation webhook events;`);
    console.log(`               default path  ${hist.ok}/${OPERATIONS} operations succeeded, ${hist.events} history rows, ${hist.webhooks} operation webhook events;`);
  }
  console.log(`               inbox path    ${inb.ok}/${OPERATIONS} operations succeeded, ${inb.events} history rows (facts and one per delivery), ${inb.webhooks} operation webhook events;`);
  console.log(`               applier alone ${back.ok}/${OPERATIONS} operations succeeded, ${back.events} history rows, ${back.webhooks} operation webhook events.`);
  const [dups] = await raw<{ applied: number; duplicate: number }[]>`
    select count(*) filter (where outcome = 'applied')::int as applied, count(*) filter (where outcome = 'duplicate')::int as duplicate
    from operation_events where operation_id = any(${setInbox}) and type = 'callback_received'`;
  console.log(`               inbox deliveries: ${dups?.applied ?? 0} applied something, ${dups?.duplicate ?? 0} caught as duplicates.`);
} finally {
  await raw.end();
  await closeDatabase();
  if (KEEP) console.log(`\nkept scratch database: ${scratch.url}`);
  else await scratch.drop();
}
