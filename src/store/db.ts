// The Drizzle handle every store function takes (a database or a transaction), apart from open.ts so that the
// store's own modules can name it without importing the code that opens stores.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as tables from './tables.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof tables>;
