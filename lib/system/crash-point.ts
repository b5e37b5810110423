import { env } from "@/lib/env";

/**
 * A named place where a crash test kills the process. When TEST_CRASH_POINT names this
 * point (never in production), the process says so on stdout and stops there for good, with
 * its open transactions and connections as they are, until the test SIGKILLs it.
 */
export async function crashPoint(name: string): Promise<void> {
  if (env.NODE_ENV === "production" || env.TEST_CRASH_POINT !== name) return;
  process.stdout.write(`crash-point ${name}\n`);
  setInterval(() => undefined, 60_000); // keeps the process alive even if nothing else would
  await new Promise<never>(() => undefined);
}
