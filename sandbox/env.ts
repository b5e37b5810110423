import { z } from "zod";

// The only place in sandbox/ that reads process.env, so every knob is listed and validated here.
const schema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  /** Origin put in URLs the sandbox hands out (ACS pages, invoice pages); defaults to http://localhost:<port>. */
  SANDBOX_PUBLIC_URL: z.url().optional(),
  /** First retry delay of ON/RAMP callbacks and payment-acks; doubles each attempt. */
  SANDBOX_CALLBACK_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(250),
  SANDBOX_CALLBACK_MAX_DELAY_MS: z.coerce.number().int().min(1).max(600_000).default(10_000),
  SANDBOX_CALLBACK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** How long Fenige send-money stays PENDING before it settles. */
  SANDBOX_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
});

export type SandboxEnv = z.infer<typeof schema>;

export function readSandboxEnv(source: Record<string, string | undefined> = process.env): SandboxEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid sandbox environment: ${detail}`);
  }
  return parsed.data;
}
