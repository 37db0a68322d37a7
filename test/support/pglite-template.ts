// Starting points made once per run by test/support/global-setup.ts: a migrated PGlite, as a dump for
// in-memory stores and as a data folder for gateway processes. Tests whose subject is a fresh store (a first
// start, the migrations themselves) do not use them.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

let dump: Blob | undefined;

/** The migrated data folder as a dump, for `openStore({ kind: 'pglite-memory', loadDataDir })`. */
export function pgliteTemplateDump(): Blob {
  dump ??= new Blob([readFileSync(join(inject('pgliteTemplate'), 'pgdata.tar'))]);
  return dump;
}

/** Makes `dataDir` (when it does not exist yet) a gateway data folder whose store is already migrated; returns it. */
export function seededDataDir(dataDir: string): string {
  if (!existsSync(dataDir)) cpSync(join(inject('pgliteTemplate'), 'data', 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
  return dataDir;
}
