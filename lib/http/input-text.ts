import type { FieldError } from "@/lib/errors";

// Text that Postgres cannot store, checked once where input enters (JSON bodies, form
// bodies, path parameters, query strings) so no query ever fails on it: a NUL character
// (text and jsonb both refuse \u0000) and a lone UTF-16 surrogate (jsonb refuses it; text
// would silently store U+FFFD). JSON nesting is bounded for the same reason: code that
// walks a body recursively (hashing, redaction) must not run out of stack.

export const MAX_JSON_DEPTH = 32;
const MAX_REPORTED = 20;
// A high surrogate not followed by a low one, or a low one not preceded by a high one
// (no `u` flag: the pattern sees UTF-16 code units).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** Why a string cannot be accepted, or null. */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "Must not contain NUL characters";
  if (LONE_SURROGATE.test(value)) return "Must be valid Unicode text";
  return null;
}

/** A path segment as it can be echoed back safely. */
function printable(segment: string): string {
  return segment.replaceAll("\u0000", "\uFFFD").replace(LONE_SURROGATES, "\uFFFD");
}

function join(path: readonly string[]): string {
  return path.map(printable).join(".");
}

/**
 * Every string (keys included) that cannot be stored, and nesting deeper than `maxDepth`,
 * as field errors. Walks with its own stack, so a deep value cannot exhaust the call stack.
 */
export function jsonInputProblems(value: unknown, maxDepth = MAX_JSON_DEPTH): FieldError[] {
  const problems: FieldError[] = [];
  const stack: { value: unknown; path: string[]; depth: number }[] = [{ value, path: [], depth: 0 }];
  while (stack.length > 0 && problems.length < MAX_REPORTED) {
    const item = stack.pop();
    if (!item) break;
    const { value: v, path, depth } = item;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) problems.push({ path: join(path), message: problem });
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= maxDepth) {
      problems.push({ path: join(path.slice(0, 1)), message: `Nested more than ${maxDepth} levels deep` });
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [key, child] of entries.reverse()) {
      const keyProblem = Array.isArray(v) ? null : textProblem(key);
      if (keyProblem) problems.push({ path: join([...path, key]), message: keyProblem });
      else stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return problems.slice(0, MAX_REPORTED);
}

/** Problems in named request parts (path parameters, query parameters), by name. */
export function namedTextProblems(entries: Iterable<[string, string | string[] | undefined]>): FieldError[] {
  const problems: FieldError[] = [];
  for (const [name, raw] of entries) {
    for (const value of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
      const problem = textProblem(value) ?? textProblem(name);
      if (problem) {
        problems.push({ path: printable(name), message: problem });
        break;
      }
    }
    if (problems.length >= MAX_REPORTED) break;
  }
  return problems;
}
