import { z } from "zod";

// The only place that reads process.env: everything else imports `env`.
const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  APP_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  // When true the embedded database lives in memory only (tests).
  PGLITE_MEMORY: z.stringbool().default(false),
  SANDBOX_URL: z.url().default("http://localhost:4010"),
  // Origins the checkout may frame or post forms to (provider 3DS pages), comma-separated.
  // Defaults to the sandbox's origin.
  PROVIDER_ORIGINS: z.string().optional(),
  // 32 random bytes, base64: encrypts provider credentials and webhook secrets at rest.
  ENCRYPTION_KEY: z.string().min(40).optional(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  DEMO_API_KEY: z.string().min(20).optional(),
  DEMO_ADMIN_EMAIL: z.email().optional(),
  DEMO_ADMIN_PASSWORD: z.string().min(8).optional(),
  // Signing secret (whsec_…) of the demo merchant's webhook endpoint, known to the demo receiver.
  DEMO_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
  // Merchant API requests per merchant per minute, shared by every instance.
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  // Pay attempts per payer address per 15 minutes, shared by every instance.
  PAY_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  // How many reverse proxies in front of the app append to X-Forwarded-For and are trusted
  // to tell the client's address. 0: the socket's peer is the client, the header is ignored.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // Production refuses private/loopback targets for server-side fetches; the demo needs loopback.
  ALLOW_PRIVATE_NETWORK_TARGETS: z.stringbool().optional(),
  // Reconciliation: how often to look for stuck operations, and how long an operation
  // must have been quiet before its provider is polled.
  RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  RECONCILE_MIN_AGE_MS: z.coerce.number().int().nonnegative().default(60_000),
  // The checkout's card-encryption key pair is replaced when older than this; the previous
  // one still decrypts for CARD_KEY_GRACE_HOURS so pages loaded before a rotation can pay.
  CARD_KEY_ROTATE_HOURS: z.coerce.number().positive().default(24),
  CARD_KEY_GRACE_HOURS: z.coerce.number().positive().default(24),
  // Our key pair that providers encrypt their answers to (Fenige) is replaced when older than this.
  PROVIDER_KEY_ROTATE_HOURS: z.coerce.number().positive().default(24),
  // Tests only, ignored in production: the process stops at this named point (lib/system/
  // crash-point.ts) so a crash test can kill it there.
  TEST_CRASH_POINT: z.string().min(1).optional(),
  // OpenTelemetry: traces go to a collector (OTLP over HTTP, e.g. http://127.0.0.1:4318)
  // only when this is set; otherwise spans stay in the process (Server-Timing).
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  // Extra headers for the collector, `key=value` pairs separated by commas (e.g. an API key).
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("hosted-checkout"),
});
export type Env = z.infer<typeof Env>;

function load(): Env {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${fields}`);
  }
  return parsed.data;
}

export const env: Env = load();

export function appUrl(): string {
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/** Server-side fetches to merchant-supplied URLs refuse private addresses unless allowed. */
export function refusesPrivateTargets(): boolean {
  if (env.ALLOW_PRIVATE_NETWORK_TARGETS !== undefined) return !env.ALLOW_PRIVATE_NETWORK_TARGETS;
  return env.NODE_ENV === "production";
}

export function providerOrigins(): string[] {
  const list = env.PROVIDER_ORIGINS ? env.PROVIDER_ORIGINS.split(",") : [env.SANDBOX_URL];
  return list.map((u) => new URL(u.trim()).origin);
}
