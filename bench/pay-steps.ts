// Our own server time per payment step, the provider's time excluded, at a steady payment
// rate, next to the server time of the barest route of the same app in the same run.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:pay
//   options: --rate=20 --seconds=15 --port=3600 --sandbox-port=4600
//
// The real app (`scripts/start.ts`, production build) and its provider sandbox (no added
// latency) on loopback, with the app's OpenTelemetry export pointed at a collector inside
// this process. Payments start at --rate per second (open loop) and each goes through the
// whole card flow with 3-D Secure: pay request, progress stream, the bank page (whose
// approval makes the sandbox send ON/RAMP's callbacks), the return page, progress to the
// final state. For every step the app's spans give our time: the request's whole span
// (Next's root span) less the provider-call spans inside it; for progress, the span of
// opening the stream and sending the first state (the stream itself then waits).
// Baseline: GET /api/health (one `select 1`) at the same rate in the same run, measured
// the same way.
import { createSession, followProgress, pay, approveAtBank, receiveWebhooksInBench, returnToCheckout, type AppTarget } from "./support/payer";
import { startCollector, ownTimes } from "./support/otlp-receiver";
import { machine, ms, options, percentile, printTable, requirePostgres, startApp } from "./support/harness";

const opts = options();
const RATE = Number(opts.get("rate") ?? 20);
const SECONDS = Number(opts.get("seconds") ?? 15);
const PORT = Number(opts.get("port") ?? 3600);
const SANDBOX_PORT = Number(opts.get("sandbox-port") ?? 4600);
const TARGET = { p50: 10, p99: 40 };

const base = requirePostgres();
const collector = await startCollector();
const app = await startApp({
  base,
  port: PORT,
  sandboxPort: SANDBOX_PORT,
  env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, API_RATE_LIMIT_PER_MINUTE: "1000000", TRUSTED_PROXY_HOPS: "1", LOG_LEVEL: "warn", RECONCILE_INTERVAL_MS: "3600000" },
});
const target: AppTarget = { url: app.url, apiKey: app.apiKey };
const webhooks = await receiveWebhooksInBench(target);

const errors = new Map<string, number>();
const fail = (what: string) => errors.set(what, (errors.get(what) ?? 0) + 1);

async function onePayment(): Promise<boolean> {
  try {
    const sessionId = await createSession(target);
    const paid = await pay(target, sessionId);
    if (paid.status !== 200) throw new Error(`pay ${paid.status}`);
    const op = paid.state.operationId;
    const redirect = paid.state.action ?? (await followProgress(target, sessionId, op, (s) => s.action !== null || s.final)).action;
    if (!redirect) throw new Error("no redirect");
    const back = await approveAtBank(redirect.url);
    if ((await returnToCheckout(back)) !== 200) throw new Error("return page");
    const final = await followProgress(target, sessionId, op, (s) => s.final);
    if (final.status !== "succeeded") throw new Error(`ended ${final.status}`);
    return true;
  } catch (e) {
    fail(e instanceof Error ? e.message.slice(0, 60) : "error");
    return false;
  }
}

async function health(): Promise<void> {
  const res = await fetch(`${app.url}/api/health`);
  await res.text();
}

try {
  // Warm-up: compile paths, fill pools and caches.
  await Promise.all(Array.from({ length: 10 }, () => onePayment()));
  await new Promise((r) => setTimeout(r, 6000));
  collector.spans.length = 0;
  errors.clear();

  const runs: Array<Promise<boolean>> = [];
  const started = Date.now();
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    runs.push(onePayment());
    runs.push(health().then(() => true));
  }
  const results = await Promise.all(runs);
  const seconds = (Date.now() - started) / 1000;
  // The app exports in batches every few seconds.
  await new Promise((r) => setTimeout(r, 7000));

  const steps: Array<[string, string, boolean]> = [
    ["pay request (POST /api/checkout/:id/pay)", "checkout.pay", true],
    ["callback (POST /api/callbacks/onramp/…)", "checkout.callback", true],
    ["return (GET /pay/:id/return)", "checkout.return", true],
    ["progress (events stream: open + first state)", "checkout.progress", false],
  ];
  const table = [["step", "requests", "own p50 ms", "own p99 ms", "provider p50 ms", "p50 vs baseline", "target p50<=10, p99<=40"]];
  const baseline = ownTimes(
    collector.spans.map((s) => (s.parentSpanId === "" && String(s.attributes["http.target"] ?? s.attributes["next.route"] ?? s.name).includes("/api/health") ? { ...s, name: "baseline" } : s)),
    "baseline",
    false,
  );
  const b50 = percentile(baseline.own, 50);
  for (const [label, name, whole] of steps) {
    const t = ownTimes(collector.spans, name, whole);
    const p50 = percentile(t.own, 50);
    const p99 = percentile(t.own, 99);
    table.push([label, String(t.own.length), ms(p50), ms(p99), ms(percentile(t.provider, 50)), `${(p50 / b50).toFixed(2)}x`, p50 <= TARGET.p50 && p99 <= TARGET.p99 ? "met" : "not met"]);
  }
  table.push(["baseline: GET /api/health (select 1), same rate", String(baseline.own.length), ms(b50), ms(percentile(baseline.own, 99)), "-", "1.00x", "-"]);
  const paidCount = results.filter((r, i) => i % 2 === 0 && r).length;
  console.log(`\nPayment steps: ${total} card payments with 3-D Secure started at ${RATE}/s over ${seconds.toFixed(1)} s (open loop), provider sandbox without added latency; ${machine()}.`);
  console.log(`Webhooks received by the merchant's receiver (in the bench's process): ${webhooks.received()}.`);
  console.log(`Paid: ${paidCount}/${total}; errors: ${errors.size === 0 ? "none" : [...errors].map(([k, v]) => `${k} x${v}`).join("; ")}.`);
  console.log("Own time = the request's span less the provider-call spans inside it (OpenTelemetry, exported to a collector in this process).\n");
  printTable(table);
  if (opts.has("dump")) {
    // The span tree of the median pay request, to see where its time goes.
    const pays = collector.spans.filter((x) => x.name === "checkout.pay").sort((x, y) => x.endMs - x.startMs - (y.endMs - y.startMs));
    const median = pays[Math.floor(pays.length / 2)];
    for (const x of collector.spans.filter((y) => y.traceId === median?.traceId).sort((p, q) => p.startMs - q.startMs)) {
      console.log(`${(x.startMs - (median?.startMs ?? 0)).toFixed(1).padStart(8)} ms +${(x.endMs - x.startMs).toFixed(1).padStart(8)} ms  ${x.name}`);
    }
  }
  const complaints = app.complaints();
  if (complaints.length > 0) console.log(`\napp warnings (${complaints.length}), first: ${complaints[0]?.slice(0, 300)}`);
} finally {
  await app.stop();
  await collector.close();
  await webhooks.close();
}
