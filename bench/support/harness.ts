// Shared plumbing for the benchmarks: options, statistics, tables, and running the real
// app (`scripts/start.ts`) on a scratch Postgres database bound to loopback.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase } from "../../scripts/local-env";

export function options(): Map<string, string> {
  return new Map(
    process.argv.slice(2).map((a) => {
      const [k, v] = a.replace(/^--/, "").split("=");
      return [k ?? "", v ?? "true"] as const;
    }),
  );
}

export function requirePostgres(): string {
  const base = process.env.DATABASE_URL;
  if (!base || !base.startsWith("postgres")) {
    console.error("Set DATABASE_URL to a Postgres server (the bench creates and drops its own database there).");
    process.exit(1);
  }
  return base;
}

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1] ?? NaN;
}

export function ms(x: number): string {
  if (!Number.isFinite(x)) return "-";
  return x < 10 ? x.toFixed(2) : x.toFixed(1);
}

export function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

export function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "-";
  return `${(a / b).toFixed(2)}x`;
}

export function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const line = (r: string[]) => "| " + r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ") + " |";
  console.log(line(rows[0] ?? []));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows.slice(1)) console.log(line(r));
}

export function machine(): string {
  return `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, node ${process.version}, ${availableParallelism()} cores`;
}

export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean = () => true, anyStatus = false): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!alive()) throw new Error(`process exited before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok || (anyStatus && res.status < 500)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export interface RunningApp {
  url: string;
  apiKey: string;
  databaseUrl: string;
  /** Lines the app and sandbox wrote at level warn or above, or that are not JSON logs. */
  complaints(): string[];
  stop(): Promise<void>;
}

export const BENCH_API_KEY = "sk_test_bench_demo_key_0123456789abcdef";

/**
 * The real start command (production build in NEXT_DIST_DIR, migrate, seed, sandbox, next
 * start) against a fresh database on the DATABASE_URL server. Everything listens on
 * loopback ports; the database is dropped on stop.
 */
export async function startApp(args: { base: string; port: number; sandboxPort: number; env?: Record<string, string>; databaseUrl?: string }): Promise<RunningApp> {
  // A database of its own, or one shared with other instances (left for its owner to drop).
  const scratch = args.databaseUrl ? { url: args.databaseUrl, drop: async () => undefined } : await createScratchDatabase(args.base, "bench_app");
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-app-"));
  const logFile = path.join(dataDir, "app.log");
  const log = createWriteStream(logFile);
  const url = `http://127.0.0.1:${args.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: scratch.url,
    DATA_DIR: dataDir,
    PORT: String(args.port),
    SANDBOX_PORT: String(args.sandboxPort),
    APP_URL: url,
    SANDBOX_URL: `http://127.0.0.1:${args.sandboxPort}`,
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-bench",
    DEMO_API_KEY: BENCH_API_KEY,
    DEMO_ADMIN_EMAIL: "owner@bench.test",
    DEMO_ADMIN_PASSWORD: "bench-owner-password",
    DEMO_VIEWER_EMAIL: "viewer@bench.test",
    DEMO_VIEWER_PASSWORD: "bench-viewer-password",
    // Names the app's database connections so a benchmark can find its Postgres backends.
    PGAPPNAME: "bench-app",
    ...args.env,
  };
  // `next start` with a non-default dist dir adds that dir's types to tsconfig.json (and
  // reformats it); the benchmark leaves the tree as it found it.
  const tsconfig = readFileSync("tsconfig.json", "utf8");
  const child: ChildProcess = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: false });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  try {
    // A missing or stale build makes start.ts build first, which takes minutes here.
    await waitForHttp(`${url}/api/health`, 600_000, () => !exited);
  } catch (e) {
    log.end();
    console.error(readFileSync(logFile, "utf8").slice(-4000));
    child.kill("SIGTERM");
    await scratch.drop();
    if (readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
    throw e;
  }
  return {
    url,
    apiKey: BENCH_API_KEY,
    databaseUrl: scratch.url,
    complaints: () => complaintsIn(readFileSync(logFile, "utf8")),
    stop: async () => {
      if (!exited) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
      }
      log.end();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
      if (readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
    },
  };
}

function complaintsIn(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    if (t.startsWith("{")) {
      try {
        const entry = JSON.parse(t) as { level?: unknown };
        if (entry.level === "warn" || entry.level === "error" || entry.level === "fatal") out.push(t);
        continue;
      } catch {
        // not a JSON log line
      }
    }
    if (/error|warn|exception|unhandled/i.test(t)) out.push(t);
  }
  return out;
}

/** A new checkout session through the merchant API, as a merchant would create it. */
export async function createSession(app: RunningApp): Promise<string> {
  const res = await fetch(`${app.url}/api/v1/checkout/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(sessionBody(0)),
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id) throw new Error(`session create answered ${res.status}: ${JSON.stringify(body)}`);
  return body.id;
}

export function sessionBody(i: number): Record<string, unknown> {
  return {
    amount: 1000 + (i % 5000),
    currency: "EUR",
    customer_id: `cust_${i % 997}`,
    success_url: "https://shop.example/success",
    cancel_url: "https://shop.example/cancel",
    description: "Order from the benchmark",
    metadata: { order: String(i) },
  };
}

/** Process ids listening on a loopback TCP port (the server that answers it), from `ss`. */
export function listenerPids(port: number): number[] {
  const r = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  return [...new Set([...(r.stdout ?? "").matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])))];
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) each process has used so far, in ms, read from /proc; gone processes are left out. */
export function cpuMsByPid(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start at index 2 of the stat line.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]);
      out.set(pid, (ticks * 1000) / CLOCK_TICKS_PER_SECOND);
    } catch {
      // exited
    }
  }
  return out;
}

/** CPU ms used between two readings; a process first seen in `after` counts whole. */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
