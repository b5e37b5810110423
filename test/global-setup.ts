import { randomBytes } from "node:crypto";

// Integration tests run against DATABASE_URL when set (a fresh database per run, dropped
// afterwards), else each test file gets its own in-memory PGlite.
export default async function setup(): Promise<() => Promise<void>> {
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.LOG_LEVEL ??= "silent";
  process.env.APP_URL ??= "http://localhost:3999";
  const base = process.env.DATABASE_URL;
  if (!base) {
    process.env.PGLITE_MEMORY = "true";
    return async () => undefined;
  }
  const { createScratchDatabase } = await import("../scripts/local-env");
  const scratch = await createScratchDatabase(base, "checkout_test");
  process.env.DATABASE_URL = scratch.url;
  const { openDatabase, migrate } = await import("../db/client");
  const h = await openDatabase({ url: scratch.url });
  await migrate(h);
  await h.close();
  return async () => {
    await scratch.drop();
  };
}
