import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

// The checkout's spans: one per payment step (pay request, callback, return, progress) and
// one per provider call. Without a registered provider (lib/telemetry/setup.ts) they cost
// nothing and record nothing.
export const tracer = trace.getTracer("hosted-checkout");

/** Attribute that marks a provider call; its time is the provider's, not ours (Server-Timing). */
export const PROVIDER_CALL = "checkout.provider_call";

/** Run `fn` inside an active span; a throw marks the span as an error and is rethrown. */
export function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.name : "error" });
      throw e;
    } finally {
      span.end();
    }
  });
}
