import { AppError } from "./errors";

// Domain functions return a Result so route handlers map outcomes without try/catch
// around business logic; unexpected exceptions still propagate to the 500 handler.
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(error: AppError): Result<T> => ({ ok: false, error });
