// A first start on a fresh data folder used to spend ~4 s in PGlite's initdb and ~2 s migrating before the
// gateway could answer. `npm run build` now makes that once: a PGlite with every migration applied, dumped
// (gzip tar, PGlite's own dumpDataDir) beside this module with a note of what it holds. Opening an empty
// folder unpacks it there when the note matches the PGlite, the migrations and the file's bytes; otherwise, or
// when unpacking or opening it fails, the folder starts the old way. Migrations newer than the template (none
// in a consistent build) are still applied by the open.
//
// Unpacked here (node-tar, to disk), not by PGlite's loadDataDir: that writes every file through PGlite's WASM
// heap, which grew by ~70 MB for good (a first start idled at ~400 MB RSS against ~280 MB for every later one),
// and it writes into the folder itself, so a start killed half-way left half a database behind.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
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
 * The bytes of the template to unpack into `pgdataDir`, or null: none built, made by another PGlite or from other
 * migrations, not the bytes the build wrote, or the folder already holds a database (a template never overwrites data).
 */
export function usableTemplate(templateFile: string, pgdataDir: string, latestMigration: number): Buffer | null {
  if (!existsSync(templateFile) || holdsDatabase(pgdataDir)) return null;
  try {
    const note = JSON.parse(readFileSync(noteFileOf(templateFile), 'utf8')) as Partial<PgliteTemplateNote>;
    if (note.pglite !== installedPgliteVersion() || note.latestMigration !== latestMigration) return null;
    // Only the file the build wrote: a data folder is not something to guess at.
    const bytes = readFileSync(templateFile);
    if (createHash('sha256').update(bytes).digest('hex') !== note.sha256) return null;
    return bytes;
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

/** Where a template is unpacked before it takes the empty data folder's place. */
const unpackingDirOf = (pgdataDir: string): string => `${pgdataDir}.unpacking`;

/** Removes what a start killed while unpacking a template left beside the data folder. */
export function clearUnfinishedUnpack(pgdataDir: string): void {
  rmSync(unpackingDirOf(pgdataDir), { recursive: true, force: true });
}

/**
 * Unpacks a template (`usableTemplate`'s bytes) as the empty folder `pgdataDir`, in one step: into a folder beside
 * it first, which then takes its place. A start killed half-way leaves the data folder empty (and the folder
 * beside it, which the next start removes), never half a database. Throws on a damaged archive.
 */
export async function unpackTemplate(bytes: Buffer, pgdataDir: string): Promise<void> {
  const unpacking = unpackingDirOf(pgdataDir);
  clearUnfinishedUnpack(pgdataDir);
  // Postgres refuses a data folder that others may read.
  mkdirSync(unpacking, { recursive: true, mode: 0o700 });
  try {
    // Every warning but one is a damaged archive. That one (TAR_ENTRY_INFO): the archive's names are absolute
    // ("/PG_VERSION"), and node-tar makes them relative to `cwd`, as wanted.
    const problems: string[] = [];
    const onwarn = (code: string, message: string | Error) =>
      void (code === 'TAR_ENTRY_INFO' || problems.push(`${code}: ${String(message)}`));
    // Loaded here: only a first start needs it, and every start would pay for compiling it. Synchronous: twice
    // as fast as the stream (a first start has nothing else to do meanwhile but start the emulators).
    const { UnpackSync } = await import('tar');
    // Files as the process's own, with the archive's modes, without each file's old mtime (fewer calls per file).
    new UnpackSync({ cwd: unpacking, onwarn, preserveOwner: false, noMtime: true }).end(bytes);
    if (problems.length) throw new Error(`The PGlite template could not be unpacked: ${problems[0]}`);
    rmdirSync(pgdataDir);
    renameSync(unpacking, pgdataDir);
  } catch (error) {
    clearUnfinishedUnpack(pgdataDir);
    mkdirSync(pgdataDir, { recursive: true });
    throw error;
  }
}
