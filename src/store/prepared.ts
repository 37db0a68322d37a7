// Statements that every mutation sends, built once per store handle. drizzle builds a query's SQL text anew on
// each call (column lists, names, chunks: ~0.1-0.3 ms of CPU per statement); a prepared drizzle query keeps the
// text and only fills in its placeholders. One per handle: a prepared query belongs to the handle that made it
// (the pool, one lock session, a transaction), and a handle that is gone takes its queries with it.
import { getTableColumns, type SQL, sql, type Table } from 'drizzle-orm';
import type { Db } from './db.js';

export function preparedPerHandle<Query>(build: (db: Db) => Query): (db: Db) => Query {
  const built = new WeakMap<Db, Query>();
  return (db) => {
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}

/**
 * preparedPerHandle for a statement with several shapes (which parts it has): one prepared query per handle and
 * shape. `shape` names the shape and must say everything `build` reads from it.
 */
export function preparedPerShape<Shape, Query>(build: (db: Db, shape: Shape) => Query): (db: Db, shapeName: string, shape: Shape) => Query {
  const built = new WeakMap<Db, Map<string, Query>>();
  return (db, shapeName, shape) => {
    let ofHandle = built.get(db);
    if (!ofHandle) {
      ofHandle = new Map();
      built.set(db, ofHandle);
    }
    let query = ofHandle.get(shapeName);
    if (!query) {
      query = build(db, shape);
      ofHandle.set(shapeName, query);
    }
    return query;
  };
}

/** An SQL expression whose values are placeholders, and the values that fill them: prepared once per shape. */
export interface FilledSql {
  /** Names the template: the same name, the same template. */
  shape: string;
  template: SQL;
  values: Record<string, unknown>;
}

/** One placeholder per key, named `prefix` + key: the values of a prepared statement's insert or update. */
export function placeholdersOf<Key extends string>(keys: readonly Key[], prefix = ''): Record<Key, SQL> {
  // Wrapped in SQL, so that the value goes to the driver as given: valuesFor encodes it.
  return Object.fromEntries(keys.map((key) => [key, sql`${sql.placeholder(prefix + key)}`])) as Record<Key, SQL>;
}

/**
 * The values for placeholdersOf, encoded by their table's columns as drizzle encodes an unprepared statement's
 * values (dates as ISO text, jsonb as JSON text). A null stays SQL NULL: drizzle's own placeholders in a jsonb
 * column would send JSON null instead.
 */
export function valuesFor(table: Table, row: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const columns = getTableColumns(table) as Record<string, { mapToDriverValue(value: unknown): unknown } | undefined>;
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    const column = columns[key];
    if (!column) throw new Error(`no column ${key} in the statement's table`);
    values[prefix + key] = value === null ? null : column.mapToDriverValue(value);
  }
  return values;
}
