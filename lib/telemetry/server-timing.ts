import type { Span } from "@opentelemetry/api";
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-node";
import { inSpan, PROVIDER_CALL } from "./tracer";

// Provider time per trace, added up as provider-call spans end, so a step can tell its own
// time from the provider's (Server-Timing). Entries live from a step's start to its end.
// Kept on globalThis: Next bundles instrumentation.ts (which registers the processor) apart
// from the routes (which read it), so each would otherwise have a map of its own.
const shared = globalThis as unknown as { __checkoutProviderMs?: Map<string, number> };
const providerMsByTrace = (shared.__checkoutProviderMs ??= new Map<string, number>());

function durationMs(span: ReadableSpan): number {
  const [s, ns] = span.duration;
  return s * 1000 + ns / 1e6;
}

/** Adds the duration of each provider-call span to its trace's total while a step runs. */
export class ProviderTimeProcessor implements SpanProcessor {
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    if (span.attributes[PROVIDER_CALL] !== true) return;
    const traceId = span.spanContext().traceId;
    const total = providerMsByTrace.get(traceId);
    if (total !== undefined) providerMsByTrace.set(traceId, total + durationMs(span));
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function elapsedMs(span: Span): number | null {
  const start = (span as Partial<ReadableSpan>).startTime;
  if (!start) return null;
  const startMs = start[0] * 1000 + start[1] / 1e6;
  return performance.timeOrigin + performance.now() - startMs;
}

/**
 * A payment step's route: one span (`checkout.<step>`) around the handler, and a
 * `Server-Timing` header on its answer with our own time (`app`) apart from the time spent
 * waiting for the provider (`provider`). Without telemetry set up the header is left out.
 */
export function timedStep<A extends unknown[]>(step: string, fn: (...args: A) => Promise<Response>) {
  return (...args: A): Promise<Response> =>
    inSpan(`checkout.${step}`, { "checkout.step": step }, async (span) => {
      const traceId = span.spanContext().traceId;
      const recording = span.isRecording();
      if (recording) providerMsByTrace.set(traceId, 0);
      try {
        const response = await fn(...args);
        const total = recording ? elapsedMs(span) : null;
        if (total !== null) {
          const provider = providerMsByTrace.get(traceId) ?? 0;
          span.setAttribute("checkout.provider_ms", provider);
          span.setAttribute("checkout.app_ms", Math.max(0, total - provider));
          span.setAttribute("http.response.status_code", response.status);
          response.headers.set("server-timing", `app;dur=${Math.max(0, total - provider).toFixed(1)};desc="checkout", provider;dur=${provider.toFixed(1)};desc="payment provider"`);
        }
        return response;
      } finally {
        providerMsByTrace.delete(traceId);
      }
    });
}
