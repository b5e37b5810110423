import type { CallbackSender } from "./callbacks";
import type { Chaos } from "./chaos";

/** What provider modules share: where the sandbox is reachable, and its outbound machinery. */
export type SandboxContext = {
  publicUrl: () => string;
  callbacks: CallbackSender;
  chaos: Chaos;
  settleMs: number;
  /** How long a "late" Fenige 3DS method endpoint waits before it notifies. */
  methodLateMs: number;
  /** Timers the sandbox started on its own (settling, expiries); cleared on close. */
  timers: Set<NodeJS.Timeout>;
};

export function later(ctx: SandboxContext, ms: number, fn: () => void): void {
  const timer = setTimeout(() => {
    ctx.timers.delete(timer);
    fn();
  }, ms);
  ctx.timers.add(timer);
}
