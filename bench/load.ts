// Load through two app instances on one Postgres against one instance, same run.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:load
//   options: --rate=10 --seconds=60 --max-in-flight=400
//
// Each case starts the real app (`scripts/start.ts`, production build) on a database of
// its own: one instance, then two instances sharing one database, behind a round-robin
// balancer on loopback (every request, callbacks and progress streams included, goes to
// either instance). Card payments with 3-D Secure start at --rate per second for
// --seconds (open loop, at most --max-in-flight at once) and run to their final state as
// in bench:pay. Printed per case: payments completed per second, errors, and the payer's
// wall time per step (p50/p99): pay request, waiting for the bank redirect (progress),
// the return page, and the whole payment. The provider is the sandbox without added latency.
import { payOnce, receiveWebhooksInBench, type AppTarget, type PaymentRun } from "./support/payer";
import { startBalancer } from "./support/balancer";
import { machine, ms, options, percentile, printTable, requirePostgres, startApp, BENCH_API_KEY, type RunningApp } from "./support/harness";
import { createScratchDatabase } from "../scripts/local-env";

const opts = options();
const RATE = Number(opts.get("rate") ?? 10);
const SECONDS = Number(opts.get("seconds") ?? 60);
const MAX_IN_FLIGHT = Number(opts.get("max-in-flight") ?? 400);
const base = requirePostgres();

interface Outcome {
  name: string;
  started: number;
  runs: Array<PaymentRun & { totalMs: number }>;
  errors: Map<string, number>;
  seconds: number;
}

async function drive(name: string, instances: number): Promise<Outcome> {
  const scratch = await createScratchDatabase(base, "bench_load");
  const apps: RunningApp[] = [];
  let webhooks: Awaited<ReturnType<typeof receiveWebhooksInBench>> | null = null;
  let next = 0;
  const upstreams: string[] = [];
  const balancer = await startBalancer({ route: () => upstreams[next++ % upstreams.length] ?? "" });
  const env = {
    APP_URL: balancer.url,
    ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
    NEXTAUTH_SECRET: "bench-load-nextauth-secret-0123456789abcdef",
    API_RATE_LIMIT_PER_MINUTE: "1000000",
    // The bench is the payers' proxy: each payment names its own address in X-Forwarded-For.
    TRUSTED_PROXY_HOPS: "1",
    LOG_LEVEL: "warn",
  };
  try {
    for (let i = 0; i < instances; i++) {
      // My ports 3714.. / 4714..: loopback only.
      apps.push(await startApp({ base, port: 3714 + i, sandboxPort: 4714 + i, databaseUrl: scratch.url, env: { ...env, SANDBOX_URL: "http://127.0.0.1:4714" } }));
      upstreams.push(`http://127.0.0.1:${3714 + i}`);
    }
    const target: AppTarget = { url: balancer.url, apiKey: BENCH_API_KEY };
    webhooks = await receiveWebhooksInBench(target);
    await Promise.all(Array.from({ length: 10 }, () => payOnce(target).catch(() => null)));
    const runs: Outcome["runs"] = [];
    const errors = new Map<string, number>();
    let inFlight = 0;
    const all: Array<Promise<void>> = [];
    const t0 = Date.now();
    const total = RATE * SECONDS;
    for (let i = 0; i < total; i++) {
      const wait = t0 + (i * 1000) / RATE - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (inFlight >= MAX_IN_FLIGHT) {
        errors.set("shed: too many in flight", (errors.get("shed: too many in flight") ?? 0) + 1);
        continue;
      }
      inFlight += 1;
      const s = performance.now();
      all.push(
        payOnce(target)
          .then((r) => {
            if (r.final.status !== "succeeded") throw new Error(`ended ${r.final.status}`);
            runs.push({ ...r, totalMs: performance.now() - s });
          })
          .catch((e: unknown) => {
            const k = e instanceof Error ? e.message.slice(0, 60) : "error";
            errors.set(k, (errors.get(k) ?? 0) + 1);
          })
          .finally(() => {
            inFlight -= 1;
          }),
      );
    }
    await Promise.all(all);
    return { name, started: total, runs, errors, seconds: (Date.now() - t0) / 1000 };
  } finally {
    for (const app of apps) await app.stop();
    await webhooks?.close();
    await balancer.close();
    await scratch.drop();
  }
}

const one = await drive("one instance", 1);
const two = await drive("two instances, one Postgres", 2);
const table = [["case", "started", "paid", "errors", "paid/s", "pay p50/p99 ms", "to redirect p50/p99 ms", "return p50/p99 ms", "whole payment p50/p99 ms"]];
for (const o of [one, two]) {
  const col = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 99))}`;
  const errs = [...o.errors.values()].reduce((a, b) => a + b, 0);
  table.push([
    o.name,
    String(o.started),
    String(o.runs.length),
    String(errs),
    (o.runs.length / o.seconds).toFixed(1),
    col(o.runs.map((r) => r.wall.pay)),
    col(o.runs.map((r) => r.wall.progress)),
    col(o.runs.map((r) => r.wall.return)),
    col(o.runs.map((r) => r.totalMs)),
  ]);
}
console.log(`\nLoad: card payments with 3-D Secure at ${RATE}/s for ${SECONDS} s per case (open loop), round-robin balancer on loopback, sandbox provider without added latency; ${machine()}.`);
console.log("Times are the payer's wall time per step (network, our server and the provider together).\n");
printTable(table);
for (const o of [one, two]) if (o.errors.size > 0) console.log(`${o.name} errors: ${[...o.errors].map(([k, v]) => `${k} x${v}`).join("; ")}`);
