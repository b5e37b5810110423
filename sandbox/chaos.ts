import { z } from "zod";

/**
 * Run-time fault injection. Every knob is capped and the whole setting expires (ttlMs), so
 * a test that forgets to reset cannot leave the sandbox broken for the next one.
 */
export const chaosSchema = z
  .object({
    /** Extra copies of every callback (0 = none). */
    duplicate: z.number().int().min(0).max(3).default(0),
    /** Delay before each callback is sent. */
    delayMs: z.number().int().min(0).max(10_000).default(0),
    /** Callbacks produced together are delivered newest first. */
    reorder: z.boolean().default(false),
    /** Delay before every provider API answer. */
    slowMs: z.number().int().min(0).max(10_000).default(0),
    /** Probability that a provider API call answers 5xx instead of being handled. */
    failRate: z.number().min(0).max(1).default(0),
    /** Cap on injected failures while this setting lasts. */
    maxFailures: z.number().int().min(0).max(100).default(5),
    /** Setting expires after this long. */
    ttlMs: z.number().int().min(1).max(600_000).default(60_000),
  })
  .strict();

export type ChaosSettings = z.infer<typeof chaosSchema>;

const DEFAULTS: ChaosSettings = chaosSchema.parse({});

export class Chaos {
  private settings: ChaosSettings = DEFAULTS;
  private expiresAt = 0;
  private failuresInjected = 0;

  set(settings: ChaosSettings): void {
    this.settings = settings;
    this.expiresAt = Date.now() + settings.ttlMs;
    this.failuresInjected = 0;
  }

  reset(): void {
    this.settings = DEFAULTS;
    this.expiresAt = 0;
    this.failuresInjected = 0;
  }

  current(): ChaosSettings {
    if (this.expiresAt !== 0 && Date.now() > this.expiresAt) this.reset();
    return this.settings;
  }

  describe(): { settings: ChaosSettings; active: boolean; expiresAt: string | null; failuresInjected: number } {
    const settings = this.current();
    return {
      settings,
      active: this.expiresAt !== 0,
      expiresAt: this.expiresAt === 0 ? null : new Date(this.expiresAt).toISOString(),
      failuresInjected: this.failuresInjected,
    };
  }

  /** Decides, and counts, whether this API call is one of the injected failures. */
  takeFailure(): boolean {
    const s = this.current();
    if (s.failRate <= 0 || this.failuresInjected >= s.maxFailures) return false;
    if (Math.random() >= s.failRate) return false;
    this.failuresInjected++;
    return true;
  }
}
