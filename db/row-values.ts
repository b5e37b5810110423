import { getTableColumns, sql, type InferSelectModel, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * A whole row for hand-written statements the query builder cannot express, such as
 * `insert … select … where exists (…)`, run with `runPrepared`: `columns` and `values` (one
 * placeholder per column, `row_<property>`, cast to the column's type) are the same text for
 * every row, and `rowParams` encodes a row's values as the schema does.
 */
export function rowPlaceholders(table: PgTable): { columns: SQL; values: SQL } {
  const columns = Object.entries(getTableColumns(table));
  return {
    columns: sql.join(
      columns.map(([, column]) => sql.identifier(column.name)),
      sql`, `,
    ),
    values: sql.join(
      columns.map(([prop, column]) => sql`${sql.placeholder(`row_${prop}`)}::${sql.raw(column.getSQLType())}`),
      sql`, `,
    ),
  };
}

export function rowParams<T extends PgTable>(table: T, row: InferSelectModel<T>): Record<string, unknown> {
  const values = row as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [prop, column] of Object.entries(getTableColumns(table))) {
    const value = values[prop];
    params[`row_${prop}`] = value === null || value === undefined ? null : column.mapToDriverValue(value);
  }
  return params;
}
