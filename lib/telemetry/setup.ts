import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace-node";
import { env } from "@/lib/env";
import { ProviderTimeProcessor } from "./server-timing";

const state = globalThis as unknown as { __checkoutTelemetry?: NodeTracerProvider };

function headersFrom(list: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (list ?? "").split(",")) {
    const i = pair.indexOf("=");
    if (i > 0) out[decodeURIComponent(pair.slice(0, i).trim())] = decodeURIComponent(pair.slice(i + 1).trim());
  }
  return out;
}

/**
 * Registers the tracer provider once per process (instrumentation.ts). Spans are always
 * recorded in process, which is what the Server-Timing header is computed from; they leave
 * the process only when OTEL_EXPORTER_OTLP_ENDPOINT names a collector (OTLP over HTTP).
 * Next.js's own spans (one per request, rendering) land in the same traces.
 */
export function startTelemetry(): NodeTracerProvider {
  if (state.__checkoutTelemetry) return state.__checkoutTelemetry;
  const processors: SpanProcessor[] = [new ProviderTimeProcessor()];
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const url = `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, "")}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url, headers: headersFrom(env.OTEL_EXPORTER_OTLP_HEADERS) })));
  }
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME }), spanProcessors: processors });
  provider.register();
  state.__checkoutTelemetry = provider;
  return provider;
}

/** Sends what is buffered (shutdown). */
export async function stopTelemetry(): Promise<void> {
  await state.__checkoutTelemetry?.shutdown();
}
