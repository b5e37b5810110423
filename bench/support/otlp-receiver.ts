// A minimal OpenTelemetry collector for the benchmarks: accepts OTLP/HTTP JSON trace exports
// (what the app sends when OTEL_EXPORTER_OTLP_ENDPOINT is set) on loopback and keeps the spans.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: Array<{ key: string; value: OtlpValue }>;
}
interface OtlpExport {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
}

const nanosToMs = (n: string | number) => Number(BigInt(n) / 1000n) / 1000;

function valueOf(v: OtlpValue): string | number | boolean {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.doubleValue !== undefined) return v.doubleValue;
  return Number(v.intValue ?? 0);
}

export interface Collector {
  url: string;
  spans: CollectedSpan[];
  close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
  const spans: CollectedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport;
        for (const rs of body.resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? []) {
              spans.push({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? "",
                name: s.name,
                startMs: nanosToMs(s.startTimeUnixNano),
                endMs: nanosToMs(s.endTimeUnixNano),
                attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
              });
            }
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Our own time for each span named in `steps`: the whole request (the trace's root span,
 * Next's span for the request, when `wholeRequest` says so and it exists) less the
 * provider-call spans inside it.
 */
export function ownTimes(spans: readonly CollectedSpan[], step: string, wholeRequest: boolean): { own: number[]; provider: number[] } {
  const byTrace = new Map<string, CollectedSpan[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  const own: number[] = [];
  const provider: number[] = [];
  for (const s of spans) {
    if (s.name !== step) continue;
    const trace = byTrace.get(s.traceId) ?? [];
    // Next's span for the request: the longest root of the trace that holds the step.
    const roots = trace.filter((t) => t.parentSpanId === "" && t.startMs <= s.startMs && t.endMs >= s.endMs).sort((x, y) => y.endMs - y.startMs - (x.endMs - x.startMs));
    const root = wholeRequest ? (roots[0] ?? s) : s;
    const inside = trace.filter((t) => t.name.startsWith("provider.") && t.startMs >= root.startMs && t.endMs <= root.endMs + 0.001);
    const providerMs = inside.reduce((sum, t) => sum + (t.endMs - t.startMs), 0);
    own.push(root.endMs - root.startMs - providerMs);
    provider.push(providerMs);
  }
  return { own, provider };
}
