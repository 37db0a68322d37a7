// A first start on a fresh data folder used to spend ~4 s in PGlite's initdb and ~2 s migrating before the
// gateway could answer. `npm run build` now makes that once: a PGlite with every migration applied, dumped
// (gzip tar, PGlite's own dumpDataDir) beside this module with a note of what it holds. Opening an empty
// folder loads it (PGlite's loadDataDir) when the note matches the PGlite, the migrations and the file's bytes;
// otherwise, or when loading fails, the folder starts the old way. Migrations newer than the template (none
// in a consistent build) are still applied by the open.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the build puts the template: next to this module (dist/store/, or the test suite's build). */
export const PGLITE_TEMPLATE_FILE = fileURLToPath(new URL('./pglite-template.tar.gz', import.meta.url));

/** What a template holds: the PGlite that wrote it, the latest migration applied (drizzle's `when`), its checksum. */
export interface PgliteTemplateNote {
  pglite: string;
  latestMigration: number;
  /** SHA-256 (hex) of the .tar.gz as written. */
  sha256: string;
}

export const noteFileOf = (templateFile: string): string => templateFile.replace(/\.tar\.gz$/, '.json');

/** The installed PGlite's version: a data folder is only read by the PGlite that wrote it. */
export function installedPgliteVersion(): string {
  // The package exports no ./package.json: found above its resolved entry.
  for (let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === '@electric-sql/pglite' && manifest.version) return manifest.version;
  }
  throw new Error('The installed @electric-sql/pglite has no package.json with its version');
}

/**
 * The template to load into `pgdataDir`, or null: none built, made by another PGlite or from other migrations,
 * or the folder already holds a database (a template never overwrites data).
 */
export function usableTemplate(templateFile: string, pgdataDir: string, latestMigration: number): Blob | null {
  if (!existsSync(templateFile) || holdsDatabase(pgdataDir)) return null;
  try {
    const note = JSON.parse(readFileSync(noteFileOf(templateFile), 'utf8')) as Partial<PgliteTemplateNote>;
    if (note.pglite !== installedPgliteVersion() || note.latestMigration !== latestMigration) return null;
    // Only the file the build wrote: PGlite's loader lets a damaged archive escape as an unhandled rejection.
    const bytes = readFileSync(templateFile);
    if (createHash('sha256').update(bytes).digest('hex') !== note.sha256) return null;
    return new Blob([bytes], { type: 'application/gzip' });
  } catch {
    return null;
  }
}

/** Whether `pgdataDir` holds a Postgres data folder (PG_VERSION is the first thing initdb writes). */
export function holdsDatabase(pgdataDir: string): boolean {
  return existsSync(join(pgdataDir, 'PG_VERSION'));
}

/** Empties a folder a failed template load may have half-filled, so that initdb can start it afresh. */
export function emptyFolder(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
}
