// One error hierarchy for the whole app. Route handlers map `code` to a status through
// STATUS_BY_CODE; the message is written for the API caller and never carries internals.
export const STATUS_BY_CODE = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_in_flight: 409,
  invalid_state: 409,
  idempotency_mismatch: 422,
  unprocessable: 422,
  session_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  provider_error: 502,
  provider_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export interface FieldError {
  path: string;
  message: string;
  /** The payer page's key for its own translation of `message` (e.g. `checkout:required`). */
  code?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  /**
   * The key under which a payer page finds `message` in its own language
   * (`checkout:<key>` or `<provider>:<key>`); the message itself stays English for API
   * callers and logs.
   */
  readonly messageKey: string | undefined;

  constructor(code: ErrorCode, message: string, options?: { fields?: FieldError[]; cause?: unknown; retryAfterSeconds?: number; messageKey?: string }) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = options?.fields;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.messageKey = options?.messageKey;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found.`);
export const invalidState = (message: string) => new AppError("invalid_state", message);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Field errors from a zod issue list, paths joined with dots as API callers expect. */
export function fieldsFromIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldError[] {
  return issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
