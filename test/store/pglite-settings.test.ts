// The Postgres settings the gateway gives PGlite (src/store/open.ts PGLITE_SETTINGS) are in force in the stores it
// opens, on a data folder and in memory, so a later change cannot silently drop them and bring back PGlite's
// 128 MB buffer pool (most of an idle sandbox's memory). pg_trgm stays loaded alongside (the search index).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, PGLITE_SETTINGS, type Store } from '../../src/store/open.js';
import { pgliteTemplateDump, seededDataDir } from '../support/pglite-template.js';

const root = mkdtempSync(join(tmpdir(), 'pglite-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function setting(store: Store, name: string): Promise<string> {
  const result = await store.db.execute(sql`select current_setting(${name}) as value`);
  return String((result as unknown as { rows: Array<{ value: string }> }).rows[0]!.value);
}

describe('PGlite settings', () => {
  it('holds the buffer pool at 32 MB', () => {
    expect(PGLITE_SETTINGS).toMatchObject({ shared_buffers: '32MB' });
  });

  for (const kind of ['on a data folder', 'in memory'] as const) {
    it(`applies every setting on a store ${kind}, with pg_trgm loaded`, async () => {
      const store =
        kind === 'in memory'
          ? await openStore({ kind: 'pglite-memory', loadDataDir: pgliteTemplateDump() })
          : await openStore({ kind: 'pglite', dataDir: seededDataDir(join(root, 'folder')) });
      try {
        for (const [name, value] of Object.entries(PGLITE_SETTINGS)) expect(await setting(store, name), name).toBe(value);
        // PGlite's own start parameters are kept, not replaced by ours.
        expect(await setting(store, 'search_path')).toBe('public');
        expect(await setting(store, 'max_worker_processes')).toBe('0');
        const trigram = await store.db.execute(sql`select similarity('gateway', 'gateways') > 0.5 as close`);
        expect((trigram as unknown as { rows: Array<{ close: boolean }> }).rows[0]!.close).toBe(true);
      } finally {
        await store.close();
      }
    });
  }
});
