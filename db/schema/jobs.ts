import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// A Postgres job queue shared by every app instance: workers claim due rows with
// FOR UPDATE SKIP LOCKED, so an attempt runs once however many instances poll.
export const jobs = pgTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    // At most one pending job per (queue, singleton_key) when set.
    singletonKey: text("singleton_key"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    state: text("state").$type<"pending" | "running" | "done" | "failed">().notNull().default("pending"),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("jobs_due_idx").on(t.queue, t.state, t.runAt),
    uniqueIndex("jobs_singleton_uq").on(t.queue, t.singletonKey),
  ],
);
