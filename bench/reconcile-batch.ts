// Reconciliation throughput: operations reconciled per second when each provider is asked
// about many operations in one call (Connector.unchangedAmong: ON/RAMP's op_status takes a
// list of ids) next to one read-back per operation, measured in the same run.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:reconcile
//   options: --operations=400 --moved=0.1 --keep
//
// Each case gets its own set of ON/RAMP S2S card payments made through the real pay path
// against the provider sandbox (in-process, loopback): most wait at the bank's 3-D Secure
// page, a share (--moved) were approved there but their callbacks were lost, which is
// what reconciliation exists for. One reconciliation pass claims the whole set; the figure
// is operations settled per second of that pass and the provider calls it made. Both
// cases end with the same statuses (checked and printed).
import { performance } from "node:perf_hooks";
import { createScratchDatabase } from "../scripts/local-env";
import { machine, options, printTable, ratio, requirePostgres } from "./support/harness";

const opts = options();
const OPERATIONS = Number(opts.get("operations") ?? 400);
const MOVED = Number(opts.get("moved") ?? 0.1);
const KEEP = opts.has("keep");
const DEAD_CALLBACKS = "http://127.0.0.1:9";

const base = requirePostgres();
const scratch = await createScratchDatabase(base, "bench_reconcile");
process.env.DATABASE_URL = scratch.url;
process.env.LOG_LEVEL ??= "silent";
process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
process.env.APP_URL ??= "http://127.0.0.1:3999";

const { handle, migrate, closeDatabase, getDb } = await import("../db/client");
const { operations } = await import("../db/schema");
const { inArray } = await import("drizzle-orm");
const { reconcileOnce } = await import("../lib/operations/reconcile");
const { startSandbox } = await import("../sandbox/server");
const { createMerchant } = await import("../test/factories");
const harness = await import("../test/provider-harness");

const h = await handle();
await migrate(h);
const sandbox = await startSandbox({ port: 0, callbackBaseMs: 20, callbackMaxDelayMs: 100, callbackMaxAttempts: 1, callbackTimeoutMs: 1_000, settleMs: 20 });
const fake = { sandbox, callbacks: { url: DEAD_CALLBACKS } } as unknown as import("../test/provider-harness").Harness;

// Provider calls, counted where every connector makes them.
let providerCalls = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  if (String(input instanceof Request ? input.url : input).startsWith(sandbox.url)) providerCalls += 1;
  return realFetch(input, init);
};

async function makeSet(): Promise<{ ids: string[]; moved: number }> {
  const { merchant } = await createMerchant({ providers: ["onramp"], baseUrl: `${sandbox.url}/onramp` });
  const ids: string[] = [];
  let moved = 0;
  for (let i = 0; i < OPERATIONS; i++) {
    const { op } = await harness.startPayment(fake, merchant.id, { method: harness.testCard("002"), callbackBase: DEAD_CALLBACKS });
    ids.push(op.id);
    if (i < Math.round(OPERATIONS * MOVED)) {
      const at3ds = await harness.currentOperation(merchant.id, op.id);
      await harness.payerDecides(at3ds.nextAction?.kind === "redirect" ? at3ds.nextAction.url : "", "approve");
      moved += 1;
    }
  }
  return { ids, moved };
}

async function statuses(ids: string[]): Promise<string> {
  const db = await getDb();
  const rows = await db.select({ status: operations.status }).from(operations).where(inArray(operations.id, ids));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].sort().map(([k, v]) => `${k}:${v}`).join(" ");
}

interface Case {
  name: string;
  polled: number;
  changed: number;
  failed: number;
  wallMs: number;
  calls: number;
  after: string;
}

async function measure(name: string, bulk: boolean): Promise<Case> {
  const set = await makeSet();
  // One warm pass on nothing, so both cases start with the same warm pool and plans.
  const calls0 = providerCalls;
  const t = performance.now();
  const report = await reconcileOnce({ minAgeMs: 0, batchSize: OPERATIONS, bulkReadBack: bulk });
  const wallMs = performance.now() - t;
  const result = { name, polled: report.polled, changed: report.changed, failed: report.failed, wallMs, calls: providerCalls - calls0, after: await statuses(set.ids) };
  // Out of the way of the next case's claim.
  const db = await getDb();
  await db.update(operations).set({ status: "cancelled" }).where(inArray(operations.id, set.ids));
  return result;
}

try {
  await reconcileOnce({ minAgeMs: 0, batchSize: 10 });
  const one = await measure("baseline: one read-back per operation (operation_status)", false);
  const many = await measure("op_status for all, history only for those that moved", true);
  const perSec = (c: Case) => c.polled / (c.wallMs / 1000);
  const table = [["case", "operations", "moved", "provider calls", "wall ms", "operations/s", "vs baseline", "after the pass", "failed"]];
  for (const c of [one, many]) {
    table.push([c.name, String(c.polled), String(c.changed), String(c.calls), c.wallMs.toFixed(0), perSec(c).toFixed(0), ratio(perSec(c), perSec(one)), c.after, String(c.failed)]);
  }
  console.log(`\nReconciliation: ${OPERATIONS} quiet ON/RAMP S2S operations per case, ${Math.round(MOVED * 100)}% approved at the bank with their callbacks lost; one pass each; ${machine()}.`);
  console.log("Provider: the sandbox in-process on loopback (no added latency). Baseline: the same pass reading every operation back one by one.\n");
  printTable(table);
} finally {
  globalThis.fetch = realFetch;
  await sandbox.close();
  await closeDatabase();
  if (KEEP) console.log(`\nkept scratch database: ${scratch.url}`);
  else await scratch.drop();
}
