import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { handle } from "@/db/client";
import { log } from "@/lib/log";
import { deliverDueOnce } from "./deliver";
import { WEBHOOK_CHANNEL } from "./outbox";

const POLL_INTERVAL_MS = 5_000;
const BATCH = 10;

/**
 * The delivery loop every app instance runs. It wakes on NOTIFY from the outbox (a new
 * delivery was committed) and otherwise polls, which also picks up retries that came
 * due and leases that expired. Returns a stop function that waits for the current batch.
 */
export async function startWebhookWorker(options: { pollIntervalMs?: number; merchantId?: string } = {}): Promise<() => Promise<void>> {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const pollMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  let running = true;
  let wake: (() => void) | null = null;
  const nudge = () => wake?.();

  const h = await handle();
  const unlisten = await h.listen(WEBHOOK_CHANNEL, nudge).catch((e: unknown) => {
    log.warn("webhook worker could not LISTEN; polling only", { error: e });
    return null;
  });

  const loop = (async () => {
    while (running) {
      let sent = 0;
      try {
        sent = await deliverDueOnce({ workerId, limit: BATCH, merchantId: options.merchantId });
      } catch (e) {
        log.error("webhook worker pass failed", { error: e });
      }
      // A full batch means more may be due right now.
      if (sent === BATCH || !running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  log.info("webhook worker started", { workerId });
  return async () => {
    running = false;
    nudge();
    await loop;
    if (unlisten) await unlisten().catch(() => undefined);
  };
}

/** Starts this instance's delivery loop and stops it on shutdown (lib/system/workers.ts). */
export async function runWebhookWorker(): Promise<void> {
  const { onShutdown } = await import("@/lib/system/boot");
  onShutdown(await startWebhookWorker());
}
