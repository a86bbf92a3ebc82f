import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../database';
import { auditLog } from '../schema';

export const audit = (
  db: Database,
  actor: string,
  action: string,
  entity: string,
  entityId: string | null,
  detail?: unknown,
) => db.insert(auditLog).values({ actor, action, entity, entityId, detail: detail ?? null });

/**
 * `insert into <table> select <row> where <condition>` built by the query builder, because a D1 batch
 * cannot carry raw SQL with parameters (drizzle-orm issue #2277) and a builder's statement runs on
 * libsql and D1 alike. Columns the row leaves out take their default, as in a plain insert.
 */
export function insertWhere<T extends SQLiteTable>(
  db: Database,
  table: T,
  row: { [K in keyof T['$inferInsert']]?: unknown },
  condition: SQL,
) {
  const given = row as Record<string, unknown>;
  const values = Object.entries(getTableColumns(table))
    .filter(([, column]) => !column.generated || column.generated.type === 'byDefault')
    .map(([key, column]) => {
      if (key in given) return sql`${given[key]}`;
      if (column.default === undefined) return sql`null`;
      return is(column.default, SQL) ? column.default : sql`${column.default}`;
    });
  return db.insert(table).select(sql`select ${sql.join(values, sql`, `)} where ${condition}`);
}

export const NOW = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
