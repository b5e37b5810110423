import { mkdirSync } from "node:fs";
import path from "node:path";
import { PgDialect, PgTransaction, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations, Query, SQL } from "drizzle-orm";
import * as schema from "./schema";
import { env } from "@/lib/env";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything a query can run on: the database or a transaction. */
export type Queryable = Db | Tx;

interface Handle {
  db: Db;
  kind: "postgres" | "pglite";
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Run `fn` on one connection of the pool, held for it alone, so that statements sent
   * without waiting for each other (BEGIN, the work, COMMIT) go out in one flight and run in
   * the order sent. Postgres only; the embedded database has one connection anyway.
   */
  reserved?<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

// One handle per process, kept on globalThis because Next may load this module more
// than once (route bundles, instrumentation) and PGlite allows one opener per directory.
const store = globalThis as unknown as { __checkoutDb?: Promise<Handle> };

type PgClient = Pick<import("postgres").Sql, "unsafe" | "begin" | "reserve">;

/**
 * drizzle asks postgres.js for unnamed statements, which postgres.js sends in two round
 * trips when they have parameters (describe, then execute) while nothing else can use the
 * connection. Named statements are described once per connection and then go out in one
 * trip, pipelined with others; our statement texts are few (values are parameters). This
 * makes every statement named, in transactions and on reserved connections too.
 */
function preparing<T extends PgClient>(client: T): T {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = ((query: string, params?: never, options?: { prepare?: boolean }) => unsafe(query, params, { ...options, prepare: true })) as T["unsafe"];
  // A transaction's client has no begin or reserve of its own (savepoints stay unnamed: rare).
  if (typeof client.begin === "function") {
    const begin = client.begin.bind(client) as (...args: unknown[]) => Promise<unknown>;
    client.begin = ((...args: unknown[]) => {
      const fn = args.pop() as (tx: PgClient) => unknown;
      return begin(...args, (tx: PgClient) => fn(preparing(tx)));
    }) as T["begin"];
  }
  if (typeof client.reserve === "function") {
    const reserve = client.reserve.bind(client);
    client.reserve = (async () => preparing(await reserve())) as T["reserve"];
  }
  return client;
}

async function openPostgres(url: string): Promise<Handle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const sql = postgres(url, { max: 10, onnotice: () => undefined, idle_timeout: 30 });
  preparing(sql);
  const db = drizzle(sql, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    async listen(channel, onMessage) {
      const sub = await sql.listen(channel, onMessage);
      return () => sub.unlisten();
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    async reserved(fn) {
      const connection = await sql.reserve();
      try {
        // A reserved connection shares the pool's options (drizzle's parsers included) but
        // does not carry them itself, and drizzle reads them from the client it is given.
        // Without the schema: a reserved connection runs only query-builder statements, and
        // drizzle's relational config would be rebuilt from the schema for every use.
        return await fn(drizzle(Object.assign(connection, { options: sql.options })) as unknown as Db);
      } finally {
        connection.release();
      }
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string | null): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    async listen(channel, onMessage) {
      const unsub = await client.listen(channel, onMessage);
      return unsub;
    },
    async notify(channel, payload) {
      await client.query("select pg_notify($1, $2)", [channel, payload]);
    },
    close: () => client.close(),
  };
}

export function openDatabase(options?: { url?: string | null; dataDir?: string | null }): Promise<Handle> {
  const url = options?.url === undefined ? env.DATABASE_URL : options.url;
  if (url) return openPostgres(url);
  const dataDir = options?.dataDir === undefined ? (env.PGLITE_MEMORY ? null : path.resolve(env.DATA_DIR, "pglite")) : options.dataDir;
  return openPglite(dataDir);
}

export function handle(): Promise<Handle> {
  store.__checkoutDb ??= openDatabase();
  return store.__checkoutDb;
}

export async function getDb(): Promise<Db> {
  return (await handle()).db;
}

/**
 * Run `fn` in a transaction: the caller's when `q` already is one (so a domain function's
 * writes commit together with whatever the caller writes, e.g. an idempotency record),
 * else a new one.
 */
export async function inTransaction<T>(q: Queryable | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (q instanceof PgTransaction) return fn(q as Tx);
  return (q ?? (await getDb())).transaction(fn);
}

const dialect = new PgDialect();
const statements = new Map<string, Query>();

/**
 * A hand-written statement on a hot path, prepared. Its text is built once per `name` from
 * `statement`, whose values are `sql.placeholder(…)`s (each call only fills `values`, already
 * encoded for the driver), and postgres.js keeps its parsed plan per connection: planning
 * a statement with several CTEs costs more than running it, and so does building its text.
 * One name, one statement. Rows come back as objects named as the statement names them.
 */
export async function runPrepared<T>(q: Queryable, name: string, statement: () => SQL, values: Record<string, unknown>): Promise<T[]> {
  let query = statements.get(name);
  if (!query) {
    query = dialect.sqlToQuery(statement());
    statements.set(name, query);
  }
  const result: unknown = await q._.session.prepareQuery(query, undefined, name, false).execute(values);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Runs one data-modifying statement (with RETURNING) as `runPrepared` does and returns its
 * rows. `answer` is what the caller's request answers when the statement returns rows, for
 * a caller that stores that answer in the same statement (the merchant API's
 * Idempotency-Key).
 */
export type StatementRunner = <T>(name: string, statement: () => SQL, values: Record<string, unknown>, answer: unknown) => Promise<T[]>;

export async function closeDatabase(): Promise<void> {
  const h = store.__checkoutDb;
  store.__checkoutDb = undefined;
  if (h) await (await h).close();
}

export async function migrate(h: Handle): Promise<void> {
  if (h.kind === "postgres") {
    const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
    // The postgres-js migrator accepts the drizzle instance it was created with.
    await run(h.db as unknown as Parameters<typeof run>[0], { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(h.db as unknown as Parameters<typeof run>[0], { migrationsFolder: MIGRATIONS_FOLDER });
  }
}
