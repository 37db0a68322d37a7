// Every postgres.js client of the store is made here, with what each needs:
//   - no notices on stdout;
//   - fetch_types off: on every new connection postgres.js looks up array type ids through a promise it never
//     handles (connection.js fetchArrayTypes); a connection terminated during that lookup is an unhandled
//     rejection, which ends the process. The store binds no arrays of custom types, so nothing needs them.
import postgres, { type Options, type Sql } from 'postgres';

export function postgresClient(url: string, options: Options<Record<string, never>> = {}): Sql {
  return postgres(url, { onnotice: () => {}, fetch_types: false, ...options });
}
