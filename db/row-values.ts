import { getTableColumns, sql, type InferSelectModel, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * The column list and a parameter list (each value encoded and cast as its column) of a
 * whole row, for hand-written statements such as `insert … select … where exists (…)` that
 * the query builder cannot express. The text depends only on the table, so the statement
 * can stay prepared.
 */
export function rowValues<T extends PgTable>(table: T, row: InferSelectModel<T>): { columns: SQL; values: SQL } {
  const columns = Object.entries(getTableColumns(table));
  const values = row as Record<string, unknown>;
  return {
    columns: sql.join(
      columns.map(([, column]) => sql.identifier(column.name)),
      sql`, `,
    ),
    values: sql.join(
      columns.map(([prop, column]) => {
        const value = values[prop];
        const encoded = value === null || value === undefined ? null : column.mapToDriverValue(value);
        return sql`${encoded}::${sql.raw(column.getSQLType())}`;
      }),
      sql`, `,
    ),
  };
}
