import { startSandbox, type RunningSandbox } from "@/sandbox/server";

/**
 * The provider sandbox for tests about our side of a payment rather than about callbacks:
 * it settles quickly and sends each callback once, without retrying.
 */
export function startQuietSandbox(): Promise<RunningSandbox> {
  return startSandbox({ port: 0, callbackBaseMs: 20, callbackMaxDelayMs: 50, callbackMaxAttempts: 1, callbackTimeoutMs: 500, settleMs: 20 });
}
