import { closeDatabase } from "@/db/client";
import { log } from "@/lib/log";

type Stopper = () => Promise<void>;
const stoppers: Stopper[] = [];
const state = globalThis as unknown as { __checkoutBooted?: boolean };

/** Background work (webhook delivery, reconciliation) registers how to stop here. */
export function onShutdown(stop: Stopper): void {
  stoppers.push(stop);
}

export async function boot(): Promise<void> {
  if (state.__checkoutBooted) return;
  state.__checkoutBooted = true;
  const shutdown = async (signal: string) => {
    log.info("shutting down", { signal });
    for (const stop of stoppers.reverse()) await stop().catch((e: unknown) => log.error("stop failed", { error: e }));
    await closeDatabase().catch((e: unknown) => log.error("database close failed", { error: e }));
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  const { startWorkers } = await import("./workers");
  await startWorkers();
}
