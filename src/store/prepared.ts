// Statements that every mutation sends, built once per store handle. drizzle builds a query's SQL text anew on
// each call (column lists, names, chunks: ~0.1-0.3 ms of CPU per statement); a prepared drizzle query keeps the
// text and only fills in its placeholders. One per handle: a prepared query belongs to the handle that made it
// (the pool, one lock session, a transaction), and a handle that is gone takes its queries with it.
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
