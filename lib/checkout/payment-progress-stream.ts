import { handle } from "@/db/client";
import { log } from "@/lib/log";
import { OPERATION_CHANNEL } from "@/lib/operations/apply-updates";
import { err, ok, type Result } from "@/lib/result";
import { loadPaymentState, type PaymentState } from "./payment-progress";

// Live progress for the payer's page as server-sent events. Changes arrive through
// Postgres LISTEN/NOTIFY (applyProviderUpdates notifies on commit, whichever instance
// applied them); a slow poll covers a lost notification; a comment line every few
// seconds keeps proxies from closing the stream; the stream ends after a while and the
// browser's EventSource reconnects, so no connection lives forever.

export const STREAM_LIMITS = { pollMs: 4_000, heartbeatMs: 15_000, lifetimeMs: 5 * 60_000 };

type Listener = (operationId: string) => void;
const listeners = new Set<Listener>();
let subscribed: Promise<void> | null = null;

/** One LISTEN per process, fanned out to every open stream. */
function ensureSubscribed(): Promise<void> {
  subscribed ??= (async () => {
    const h = await handle();
    await h.listen(OPERATION_CHANNEL, (payload) => {
      for (const l of listeners) l(payload);
    });
  })().catch((e: unknown) => {
    subscribed = null;
    log.warn("operation_updates listen failed; streams fall back to polling", { error: e });
  });
  return subscribed;
}

const encoder = new TextEncoder();

export function sseEvent(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export async function paymentEventStream(
  sessionId: string,
  operationId: string,
  options: { signal?: AbortSignal; limits?: Partial<typeof STREAM_LIMITS> } = {},
): Promise<Result<ReadableStream<Uint8Array>>> {
  const first = await loadPaymentState(sessionId, operationId);
  if (!first.ok) return err(first.error);
  const limits = { ...STREAM_LIMITS, ...options.limits };
  await ensureSubscribed();

  let cleanup = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = JSON.stringify(first.value);
      let closed = false;
      let checking = false;
      let again = false;

      const close = () => {
        if (closed) return;
        closed = true;
        listeners.delete(onNotify);
        clearInterval(poll);
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        options.signal?.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      cleanup = close;

      const send = (state: PaymentState) => {
        if (closed) return;
        controller.enqueue(sseEvent("state", state));
        if (state.final) close();
      };

      const check = async () => {
        if (closed) return;
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          const next = await loadPaymentState(sessionId, operationId);
          if (next.ok) {
            const text = JSON.stringify(next.value);
            if (text !== last) {
              last = text;
              send(next.value);
            }
          }
        } catch (e) {
          log.warn("progress check failed", { operationId, error: e });
        } finally {
          checking = false;
          if (again) {
            again = false;
            void check();
          }
        }
      };

      const onNotify: Listener = (id) => {
        if (id === operationId) void check();
      };
      listeners.add(onNotify);
      const poll = setInterval(() => void check(), limits.pollMs);
      const heartbeat = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, limits.heartbeatMs);
      const lifetime = setTimeout(close, limits.lifetimeMs);
      options.signal?.addEventListener("abort", close);

      // Ask the browser to reconnect quickly when the stream ends by lifetime.
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      send(first.value);
    },
    cancel() {
      cleanup();
    },
  });
  return ok(stream);
}
