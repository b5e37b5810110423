import { env } from "@/lib/env";

// Structured JSON logs on stdout. Everything passes through redact() first, so a card
// number, CVC, token or key never reaches a log line even when a caller slips, and a
// failed query is logged without its parameters (customer data).
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

const SECRET_KEYS = /^(card_?number|pan|cvc2?|cvv|card_cvv|cvv2|security_?code|password|password_?hash|secret|token|api_?key|authorization|x-xco-authorization|private_?key|value|threeDsMethodData|creq|cres|credentials?|key_?hash)$/i;
// 12-19 digits, optionally grouped by spaces or dashes: a PAN shape anywhere in a string.
const PAN_RE = /\b(?:\d[ -]?){11,18}\d\b/g;

export function redactString(value: string): string {
  return value.replace(PAN_RE, (m) => {
    const digits = m.replace(/\D/g, "");
    return digits.length >= 12 ? `${digits.slice(0, 6)}${"*".repeat(digits.length - 10)}${digits.slice(-4)}` : m;
  });
}

/** drizzle's DrizzleQueryError: the SQL text, and every bound value in `params` and the message. */
function isFailedQuery(e: Error): e is Error & { query: string; params: unknown[] } {
  const q = e as Error & { query?: unknown; params?: unknown };
  return typeof q.query === "string" && Array.isArray(q.params);
}

// Postgres quotes the offending value after a colon ("invalid input syntax for type uuid:
// \"…\""); identifiers it quotes elsewhere (constraint, relation) are kept.
const QUOTED_VALUE = /: ".*"$/s;

/**
 * An error as a log may show it: name, message, SQLSTATE and cause. A failed query keeps
 * its SQL text but none of its parameters, which hold whatever the request carried
 * (emails, names, addresses); Postgres' `detail` (which repeats key values) is left out.
 */
function redactError(e: Error, depth: number): Record<string, unknown> {
  const failedQuery = isFailedQuery(e);
  const message = failedQuery ? `Failed query: ${e.query}` : e.message;
  const code = (e as { code?: unknown }).code;
  const sqlState = typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
  const out: Record<string, unknown> = {
    name: failedQuery ? "DrizzleQueryError" : e.name,
    message: redactString(sqlState ? message.replace(QUOTED_VALUE, ": [redacted]") : message),
  };
  if (typeof code === "string") out.code = code;
  if (failedQuery) out.params = `[${e.params.length} redacted]`;
  if (e.cause !== undefined) out.cause = e.cause instanceof Error && depth < 12 ? redactError(e.cause, depth + 1) : "[redacted]";
  return out;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 12) return "[deep]";
  if (typeof value === "string") return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return redactError(value, depth);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.test(k) && v !== null && v !== undefined && v !== "" ? "[redacted]" : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < LEVELS[env.LOG_LEVEL]) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg: redactString(msg), ...(redact(fields ?? {}) as object) });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
