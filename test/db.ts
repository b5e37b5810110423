import { handle, migrate } from "@/db/client";

let ready: Promise<void> | null = null;

/** The test database, migrated. With PGlite each test file (process) has its own. */
export async function testDb() {
  const h = await handle();
  ready ??= h.kind === "pglite" ? migrate(h) : Promise.resolve();
  await ready;
  return h.db;
}
