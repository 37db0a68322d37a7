// The build's PGlite template (store/pglite-template.ts): an empty data folder starts from it (no initdb, no
// migrating), but only when its note matches the PGlite and the migrations installed; a folder holding data is
// never touched; a damaged template costs only the old, slower start; a start killed while unpacking it leaves
// no half database. Each template here carries a marker table that no migration makes, so a test can tell whether
// a store came from it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteFileOf, type PgliteTemplateNote, usableTemplate } from '../../src/store/pglite-template.js';
import { buildPgliteTemplate, journalEntries, openStore, pgliteOptions, type Store, writePgliteTemplate } from '../../src/store/open.js';
import { seededDataDir } from '../support/pglite-template.js';

const root = mkdtempSync(join(tmpdir(), 'pglite-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function rowsOf<T>(store: Store, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await store.db.execute(query)) as unknown as { rows: T[] }).rows;
}

const hasMarker = async (store: Store) =>
  (await rowsOf<{ present: boolean }>(store, sql`select to_regclass('template_marker') is not null as present`))[0]!.present;
const appliedCount = async (store: Store) =>
  (await rowsOf<{ n: number }>(store, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;

/** A template made from the suite's migrated folder plus a marker table. */
let markedTemplate: string;
beforeAll(async () => {
  const dataDir = seededDataDir(join(root, 'marked-source'));
  const pglite = new PGlite(join(dataDir, 'pgdata'), pgliteOptions());
  await pglite.exec('create table template_marker (id int)');
  markedTemplate = join(root, 'marked.tar.gz');
  await writePgliteTemplate(pglite, markedTemplate);
  await pglite.close();
});

/** Opens a new folder `name` with `templateFile`, hands the store to `check`, closes it. */
async function withFreshFolder(name: string, templateFile: string | null, check: (store: Store) => Promise<void>) {
  const store = await openStore({ kind: 'pglite', dataDir: join(root, name), templateFile });
  try {
    await check(store);
  } finally {
    await store.close();
  }
}

describe('the PGlite template of the build', () => {
  it('starts an empty folder from the template, with every migration applied, and opens it again as it is', async () => {
    await withFreshFolder('fresh', markedTemplate, async (store) => {
      expect(await hasMarker(store)).toBe(true);
      expect(await appliedCount(store)).toBe(journalEntries().length);
      await store.db.execute(sql`insert into template_marker values (1)`);
    });
    await withFreshFolder('fresh', markedTemplate, async (store) => {
      expect(await rowsOf<{ id: number }>(store, sql`select id from template_marker`)).toEqual([{ id: 1 }]);
    });
  });

  // PGlite's initdb and every migration: ~10 s alone, three times that on a loaded machine.
  it('is made by buildPgliteTemplate with every migration and a note naming the PGlite and the latest migration', {
    timeout: 90_000,
  }, async () => {
    const file = join(root, 'built.tar.gz');
    await buildPgliteTemplate(file);
    const note = JSON.parse(readFileSync(noteFileOf(file), 'utf8')) as PgliteTemplateNote;
    expect(note.latestMigration).toBe(journalEntries().at(-1)!.when);
    expect(note.pglite).toMatch(/^\d+\.\d+\.\d+/);
    expect(note.sha256).toMatch(/^[0-9a-f]{64}$/);
    await withFreshFolder('from-built', file, async (store) => {
      expect(await appliedCount(store)).toBe(journalEntries().length);
    });
  });

  it('is not used when its note names another PGlite or other migrations, or its bytes are not the ones written', () => {
    const note = JSON.parse(readFileSync(noteFileOf(markedTemplate), 'utf8')) as PgliteTemplateNote;
    const empty = join(root, 'empty-for-checks');
    const latest = journalEntries().at(-1)!.when;
    expect(usableTemplate(markedTemplate, empty, latest)).not.toBeNull();
    const whole = readFileSync(markedTemplate);
    for (const [name, other, bytes] of [
      ['other-pglite', { ...note, pglite: '0.0.1' }, whole],
      ['other-migrations', { ...note, latestMigration: note.latestMigration - 1 }, whole],
      ['gzip-of-no-tar', note, gzipSync(randomBytes(64 * 1024))],
      ['cut-short', note, gzipSync(gunzipSync(whole).subarray(0, 3 * 1024 * 1024))],
    ] as const) {
      const file = join(root, `${name}.tar.gz`);
      writeFileSync(file, bytes);
      writeFileSync(noteFileOf(file), JSON.stringify(other));
      expect(usableTemplate(file, empty, latest), name).toBeNull();
    }
  });

  it('never touches a folder that holds a database', async () => {
    const dataDir = seededDataDir(join(root, 'holding'));
    await withFreshFolder('holding', markedTemplate, async (store) => {
      expect(await hasMarker(store)).toBe(false);
    });
    expect(dataDir).toBe(join(root, 'holding'));
  });

  it('costs only the old start when the template cannot be used: the folder starts afresh and is migrated', async () => {
    const file = join(root, 'cut.tar.gz');
    writeFileSync(file, gzipSync(gunzipSync(readFileSync(markedTemplate)).subarray(0, 3 * 1024 * 1024)));
    writeFileSync(noteFileOf(file), readFileSync(noteFileOf(markedTemplate)));
    mkdirSync(join(root, 'cut'), { recursive: true });
    await withFreshFolder('cut', file, async (store) => {
      expect(await hasMarker(store)).toBe(false);
      expect(await appliedCount(store)).toBe(journalEntries().length);
    });
  });

  it('unpacks into the folder in one step: what a start killed while unpacking left beside it is removed, and the next one starts whole', async () => {
    const dataDir = join(root, 'killed-while-unpacking');
    // What a killed start leaves: the data folder still empty, half an archive beside it.
    mkdirSync(join(dataDir, 'pgdata'), { recursive: true });
    mkdirSync(join(dataDir, 'pgdata.unpacking', 'base'), { recursive: true });
    writeFileSync(join(dataDir, 'pgdata.unpacking', 'PG_VERSION'), '17\n');
    await withFreshFolder('killed-while-unpacking', markedTemplate, async (store) => {
      expect(await hasMarker(store)).toBe(true);
      expect(await appliedCount(store)).toBe(journalEntries().length);
    });
    expect(readdirSync(dataDir).sort()).toEqual(['pgdata']);
    expect(existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
  });

  it('starts afresh when the build’s own bytes do not unpack (an archive cut short), and leaves nothing of it', async () => {
    const file = join(root, 'cut-but-noted.tar.gz');
    // Cut inside a file's data, gzipped whole: its checksum is right, its tar is not.
    const bytes = gzipSync(gunzipSync(readFileSync(markedTemplate)).subarray(0, 3 * 1024 * 1024 + 100));
    writeFileSync(file, bytes);
    const note = JSON.parse(readFileSync(noteFileOf(markedTemplate), 'utf8')) as PgliteTemplateNote;
    writeFileSync(noteFileOf(file), JSON.stringify({ ...note, sha256: createHash('sha256').update(bytes).digest('hex') }));
    expect(usableTemplate(file, join(root, 'empty-for-cut'), journalEntries().at(-1)!.when)).not.toBeNull();
    await withFreshFolder('cut-but-noted', file, async (store) => {
      expect(await hasMarker(store)).toBe(false);
      expect(await appliedCount(store)).toBe(journalEntries().length);
    });
    expect(readdirSync(join(root, 'cut-but-noted')).sort()).toEqual(['pgdata']);
  });
});
