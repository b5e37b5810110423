import { getTableColumns, getTableName, sql, type InferInsertModel } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { runPrepared, type Queryable } from "./client";

/**
 * Many rows in one statement, sent as one JSON text that `jsonb_populate_recordset` turns
 * back into the table's own row type. The query builder sends every value of every row as a
 * parameter of its own: at a few hundred rows, building and encoding those parameters cost
 * more of the process's time than Postgres spent on the insert (bench/README.md, callback
 * ingest). One statement text per table and set of columns, so each is prepared once.
 *
 * Rows are grouped by the columns they set, so a column a row leaves out keeps its default.
 * Every group's statement is sent before this returns (in the order of the groups' first
 * rows), so statements a caller sends after it run after it on a pipelined connection.
 */
export async function insertJsonRows<T extends PgTable>(q: Queryable, table: T, rows: ReadonlyArray<InferInsertModel<T>>): Promise<void> {
  const sent = groupByColumns(table, rows).map(({ names, rows: group }) => {
    const list = sql.join(
      names.map((n) => sql.identifier(n)),
      sql`, `,
    );
    return runPrepared(
      q,
      `json_insert:${getTableName(table)}:${names.join(",")}`,
      () => sql`insert into ${table} (${list}) select ${list} from jsonb_populate_recordset(null::${table}, ${sql.placeholder("rows")}::text::jsonb)`,
      { rows: JSON.stringify(group) },
    );
  });
  await Promise.all(sent);
}

/**
 * Sets, for each row, the columns it carries on the row with its `id`: one statement per
 * set of columns, whatever the number of rows, all sent before this returns.
 */
export async function updateJsonRows<T extends PgTable>(q: Queryable, table: T, rows: ReadonlyArray<Partial<InferInsertModel<T>> & { id: string }>): Promise<void> {
  const sent = groupByColumns(table, rows).map(({ names, rows: group }) => {
    const set = names.filter((n) => n !== "id");
    if (set.length === 0) return null;
    return runPrepared(
      q,
      `json_update:${getTableName(table)}:${names.join(",")}`,
      () =>
        sql`update ${table} as t set ${sql.join(
          set.map((n) => sql`${sql.identifier(n)} = v.${sql.identifier(n)}`),
          sql`, `,
        )} from jsonb_populate_recordset(null::${table}, ${sql.placeholder("rows")}::text::jsonb) as v where t.id = v.id`,
      { rows: JSON.stringify(group) },
    );
  });
  await Promise.all(sent);
}

/** Rows keyed by column name (dates as ISO text), grouped by the columns they set. */
function groupByColumns(table: PgTable, rows: ReadonlyArray<Record<string, unknown>>): Array<{ names: string[]; rows: Array<Record<string, unknown>> }> {
  const columns = Object.entries(getTableColumns(table));
  const groups = new Map<string, { names: string[]; rows: Array<Record<string, unknown>> }>();
  for (const row of rows) {
    const out: Record<string, unknown> = {};
    const names: string[] = [];
    for (const [prop, column] of columns) {
      const value = row[prop];
      if (value === undefined) continue;
      names.push(column.name);
      out[column.name] = value instanceof Date ? value.toISOString() : value;
    }
    const key = names.join(",");
    const group = groups.get(key) ?? { names, rows: [] };
    group.rows.push(out);
    groups.set(key, group);
  }
  return [...groups.values()];
}
