// Merchant API throughput and latency of POST /api/v1/checkout/sessions next to a bare
// Next.js route doing the same single insert, measured in the same run.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres flock /tmp/heavy.lock npm run bench:api
//   options: --requests=3000 --connections=16 --warmup=300 --rounds=10
//
// The product runs exactly as `npm start` serves it (scripts/start.ts: production build in
// NEXT_DIST_DIR, default .next-bench; migrate; seed; sandbox; next start; background
// workers) on a scratch database, with the per-merchant rate limit raised so it does not
// answer 429. The baseline is bench/baseline-app: its own `next start` with one route
// handler that inserts the same row into the same database with the same driver, pool
// size and id scheme; no auth, rate limit, validation or idempotency. Both are Next.js
// production servers, so the gap is what the product's request path adds. Load comes from
// autocannon on loopback, one target at a time, on the same machine as the servers and
// Postgres. Each case's requests are split into rounds taken in turn (baseline, product
// cases, baseline, …), so load that others put on a shared machine falls on every case
// alike; the per-round ratios are printed to show the spread. Latencies are per response;
// no assertions.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import postgres from "postgres";
import { cpuMsBetween, cpuMsByPid, listenerPids, machine, ms, options, percentile, printTable, ratio, requirePostgres, sessionBody, startApp, waitForHttp } from "./support/harness";

const opts = options();
const REQUESTS = Number(opts.get("requests") ?? 3000);
const CONNECTIONS = Number(opts.get("connections") ?? 16);
const WARMUP = Number(opts.get("warmup") ?? 300);
const ROUNDS = Math.max(1, Number(opts.get("rounds") ?? 10));
const APP_PORT = Number(opts.get("port") ?? 3600);
const SANDBOX_PORT = Number(opts.get("sandbox-port") ?? 4600);
const BASELINE_PORT = APP_PORT + 1;
const BASELINE_DIR = path.resolve("bench/baseline-app");
// Relative to BASELINE_DIR: the build lands in <repo>/.next-bench-baseline.
const BASELINE_DIST = "../../.next-bench-baseline";

const base = requirePostgres();

interface Measured {
  name: string;
  count: number;
  statuses: Map<number, number>;
  errors: number;
  wallMs: number;
  latencies: number[];
  /** CPU the server process used during the run, ms. */
  serverCpuMs: number;
  /** CPU its Postgres backends used during the run, ms. */
  dbCpuMs: number;
}

function buildBaselineIfNeeded(): void {
  const id = path.resolve(BASELINE_DIR, BASELINE_DIST, "BUILD_ID");
  const sources = [path.join(BASELINE_DIR, "app/api/sessions/route.ts"), path.join(BASELINE_DIR, "next.config.ts"), path.resolve("db/schema/checkout-sessions.ts"), path.resolve("package-lock.json")];
  if (existsSync(id) && sources.every((s) => statSync(s).mtimeMs < statSync(id).mtimeMs)) return;
  console.log("building the baseline app…");
  const r = spawnSync(path.resolve("node_modules/.bin/next"), ["build", BASELINE_DIR], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: BASELINE_DIST },
  });
  if (r.status !== 0) throw new Error("baseline build failed");
}

async function startBaseline(databaseUrl: string, merchantId: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = `http://127.0.0.1:${BASELINE_PORT}`;
  const child: ChildProcess = spawn(path.resolve("node_modules/.bin/next"), ["start", BASELINE_DIR, "-p", String(BASELINE_PORT), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: BASELINE_DIST, DATABASE_URL: databaseUrl, BASELINE_MERCHANT_ID: merchantId, PGAPPNAME: "bench-baseline" },
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  // Only POST is routed; a 405 for GET means the server is up.
  await waitForHttp(`${url}/api/sessions`, 60_000, () => !exited, true);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function load(name: string, url: string, headers: Record<string, string>, amount: number, keyPerRequest: boolean): Promise<Measured> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let n = 0;
  const started = performance.now();
  // autocannon calls back on its one-second tick; the last response marks the real end.
  let lastResponseAt = started;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        amount,
        timeout: 30,
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        requests: [
          {
            setupRequest: (req) => {
              const i = n++;
              return {
                ...req,
                body: JSON.stringify(sessionBody(i)),
                headers: keyPerRequest ? { ...req.headers, "idempotency-key": randomUUID() } : req.headers,
              };
            },
          },
        ],
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        resolve({ name, count: result.requests.total, statuses, errors: result.errors + result.timeouts, wallMs: lastResponseAt - started, latencies, serverCpuMs: 0, dbCpuMs: 0 });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      lastResponseAt = performance.now();
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  });
}

/** Like `load` but every request carries the same key and body: the first creates, the rest replay. */
function loadReplay(name: string, url: string, headers: Record<string, string>, amount: number): Promise<Measured> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  // autocannon calls back on its one-second tick; the last response marks the real end.
  let lastResponseAt = started;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        amount,
        timeout: 30,
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": `bench-replay-${randomUUID()}`, ...headers },
        body: JSON.stringify(sessionBody(1)),
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        resolve({ name, count: result.requests.total, statuses, errors: result.errors + result.timeouts, wallMs: lastResponseAt - started, latencies, serverCpuMs: 0, dbCpuMs: 0 });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      lastResponseAt = performance.now();
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  });
}

function statusText(m: Measured): string {
  const parts = [...m.statuses.entries()].sort(([a], [b]) => a - b).map(([s, c]) => `${s}:${c}`);
  if (m.errors > 0) parts.push(`err:${m.errors}`);
  return parts.join(" ");
}

buildBaselineIfNeeded();
console.log("starting the app (scripts/start.ts) on a scratch database…");
const app = await startApp({ base, port: APP_PORT, sandboxPort: SANDBOX_PORT, env: { API_RATE_LIMIT_PER_MINUTE: "100000000" } });
const raw = postgres(app.databaseUrl, { max: 1, onnotice: () => undefined });
let baseline: { url: string; stop: () => Promise<void> } | null = null;
try {
  const [merchant] = await raw<{ id: string }[]>`select id from merchants where name = 'Demo Shop' limit 1`;
  if (!merchant) throw new Error("demo merchant not seeded");
  baseline = await startBaseline(app.databaseUrl, merchant.id);

  const auth = { authorization: `Bearer ${app.apiKey}` };
  const productUrl = `${app.url}/api/v1/checkout/sessions`;
  const baselineUrl = `${baseline.url}/api/sessions`;
  const [{ n: before } = { n: 0 }] = await raw<{ n: number }[]>`select count(*)::int as n from checkout_sessions`;

  // Warm both servers (JIT, pools, route bundles) before anything is recorded.
  await load("warmup", baselineUrl, {}, WARMUP, false);
  await load("warmup", productUrl, auth, WARMUP, false);
  await load("warmup", productUrl, auth, WARMUP, true);

  // CPU per request, read from /proc for the server process and the Postgres backends its
  // pool opened (found by application_name): unlike req/s it hardly moves when others load
  // the machine, so it is the steadier measure of what each request costs.
  const backends = async (appName: string) =>
    (await raw<{ pid: number }[]>`select pid from pg_stat_activity where application_name = ${appName}`).map((r) => r.pid);
  const withCpu = async (port: number, appName: string, run: () => Promise<Measured>): Promise<Measured> => {
    const server = listenerPids(port);
    const serverBefore = cpuMsByPid(server);
    const dbBefore = cpuMsByPid(await backends(appName));
    const m = await run();
    const serverAfter = cpuMsByPid(server);
    const dbAfter = cpuMsByPid([...new Set([...dbBefore.keys(), ...(await backends(appName))])]);
    return { ...m, serverCpuMs: cpuMsBetween(serverBefore, serverAfter), dbCpuMs: cpuMsBetween(dbBefore, dbAfter) };
  };
  const product = (run: () => Promise<Measured>) => withCpu(APP_PORT, "bench-app", run);
  const cases: Array<{ name: string; run: (amount: number) => Promise<Measured> }> = [
    { name: "baseline: bare Next.js route, same insert", run: (n) => withCpu(BASELINE_PORT, "bench-baseline", () => load("baseline", baselineUrl, {}, n, false)) },
    { name: "product, no Idempotency-Key", run: (n) => product(() => load("no key", productUrl, auth, n, false)) },
    { name: "product, new Idempotency-Key per request", run: (n) => product(() => load("new key", productUrl, auth, n, true)) },
    { name: "product, one Idempotency-Key replayed", run: (n) => product(() => loadReplay("replay", productUrl, auth, n)) },
  ];
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  const rounds: Measured[][] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const amount = Math.min(perRound, REQUESTS - r * perRound);
    const measured: Measured[] = [];
    for (const c of cases) measured.push(await c.run(amount));
    rounds.push(measured);
  }
  const runs: Measured[] = cases.map((c, i) => {
    const parts = rounds.map((m) => m[i]).filter((m): m is Measured => m !== undefined);
    const statuses = new Map<number, number>();
    for (const p of parts) for (const [status, n] of p.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
    return {
      name: c.name,
      count: parts.reduce((n, p) => n + p.count, 0),
      statuses,
      errors: parts.reduce((n, p) => n + p.errors, 0),
      wallMs: parts.reduce((n, p) => n + p.wallMs, 0),
      latencies: parts.flatMap((p) => p.latencies),
      serverCpuMs: parts.reduce((n, p) => n + p.serverCpuMs, 0),
      dbCpuMs: parts.reduce((n, p) => n + p.dbCpuMs, 0),
    };
  });

  const [{ n: after } = { n: 0 }] = await raw<{ n: number }[]>`select count(*)::int as n from checkout_sessions`;
  const ref = runs[0];
  const rps = (m: Measured) => m.count / (m.wallMs / 1000);
  const cpu = (m: Measured) => (m.serverCpuMs + m.dbCpuMs) / m.count;
  const table = [
    ["case", "requests", "statuses", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s vs baseline", "p50 vs baseline", "server CPU ms/req", "Postgres CPU ms/req", "baseline CPU / CPU"],
  ];
  for (const m of runs) {
    table.push([
      m.name,
      String(m.count),
      statusText(m),
      rps(m).toFixed(0),
      ms(percentile(m.latencies, 50)),
      ms(percentile(m.latencies, 95)),
      ms(percentile(m.latencies, 99)),
      ms(percentile(m.latencies, 100)),
      ref ? ratio(rps(m), rps(ref)) : "-",
      ref ? ratio(percentile(m.latencies, 50), percentile(ref.latencies, 50)) : "-",
      (m.serverCpuMs / m.count).toFixed(2),
      (m.dbCpuMs / m.count).toFixed(2),
      ref ? ratio(cpu(ref), cpu(m)) : "-",
    ]);
  }
  console.log(`\nPOST /api/v1/checkout/sessions, ${REQUESTS} requests per case in ${ROUNDS} rounds taken in turn, at ${CONNECTIONS} connections after ${WARMUP} warm-up requests; ${machine()}.`);
  console.log("Baseline: bench/baseline-app, a separate `next start` whose one route inserts the same checkout_sessions row (postgres.js + drizzle, pool 10).");
  console.log("Product: scripts/start.ts (API key, rate-limit hit and Idempotency-Key look-up in one statement, zod, insert with the provider-account check and the idempotency record as one statement, workers running), rate limit raised.");
  console.log(`Rows inserted during the run: ${after - before} (expected ${WARMUP * 3 + REQUESTS * 3 + ROUNDS}).\n`);
  printTable(table);
  console.log("\nreq/s vs baseline per round (the spread is the machine's noise), and their median:");
  for (const [i, c] of cases.entries()) {
    if (i === 0) continue;
    const perRound = rounds.flatMap((m) => {
      const base = m[0];
      const own = m[i];
      return base && own ? [rps(own) / rps(base)] : [];
    });
    console.log(`  ${c.name}: ${perRound.map((x) => `${x.toFixed(2)}x`).join(" ")}  median ${percentile(perRound, 50).toFixed(2)}x`);
  }
  console.log("\n`baseline CPU / CPU` is the baseline's CPU per request (server process + its Postgres backends) over the case's: the share of the baseline's request rate the case reaches when CPU is what limits both.");
  const complaints = app.complaints();
  console.log(`\nApp log lines at warn/error during the run: ${complaints.length}`);
  for (const line of complaints.slice(0, 5)) console.log(`  ${line.slice(0, 300)}`);
} finally {
  await raw.end();
  if (baseline) await baseline.stop();
  await app.stop();
}
