// Opening a PGlite store runs drizzle's migrator only when drizzle/ holds a migration the folder lacks: a
// restart of an up-to-date folder costs one query, not the migrator's reading and hashing of every file and
// its transaction (start-up time, issue 15.5), while an upgrade (a folder one migration behind) still gets it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lastPendingChangeOf } from '../../src/store/audit.js';
import type { Store } from '../../src/store/open.js';
import { seededDataDir } from '../support/pglite-template.js';

// The real migrator, watched: how often the store's open called it.
const migrator = vi.hoisted(() => ({ calls: 0 }));
vi.mock('drizzle-orm/pglite/migrator', async (importOriginal) => {
  const actual = await importOriginal<typeof import('drizzle-orm/pglite/migrator')>();
  return {
    ...actual,
    migrate: (...args: Parameters<typeof actual.migrate>) => {
      migrator.calls += 1;
      return actual.migrate(...args);
    },
  };
});

// The suite runs without isolation (vitest.config.ts): another file may have loaded the store's modules with the
// real migrator already. A fresh module graph, loaded after the mock, sees the watched one.
let openStore: typeof import('../../src/store/open.js').openStore;
let journalEntries: typeof import('../../src/store/open.js').journalEntries;
beforeAll(async () => {
  vi.resetModules();
  ({ openStore, journalEntries } = await import('../../src/store/open.js'));
});

const root = mkdtempSync(join(tmpdir(), 'migrations-on-open-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  migrator.calls = 0;
});

const rowsOf = async (store: Store, query: ReturnType<typeof sql>) =>
  (await store.db.execute(query)) as unknown as { rows: Array<Record<string, unknown>> };

const appliedCount = async (store: Store) =>
  Number((await rowsOf(store, sql`select count(*)::int as n from drizzle.__drizzle_migrations`)).rows[0]!.n);

const hasTable = async (store: Store, table: string) =>
  (await rowsOf(store, sql`select 1 from information_schema.tables where table_name = ${table}`)).rows.length === 1;

describe('migrations on open (PGlite)', () => {
  it('skips the migrator on a folder that has every migration, and opens it twice alike', async () => {
    const dataDir = seededDataDir(join(root, 'current'));
    for (let start = 1; start <= 2; start++) {
      const store = await openStore({ kind: 'pglite', dataDir });
      try {
        expect(await appliedCount(store)).toBe(journalEntries().length);
      } finally {
        await store.close();
      }
    }
    expect(migrator.calls).toBe(0);
  });

  it('migrates a folder one migration behind (an upgrade), once', async () => {
    const dataDir = seededDataDir(join(root, 'behind'));
    const latest = journalEntries().at(-1)!;
    expect(latest.tag).toBe('0006_provider_changes');
    // Back to the schema before 0006: its table and trigger gone, its row forgotten.
    const old = await openStore({ kind: 'pglite', dataDir });
    await old.db.execute(sql`drop trigger audit_events_provider_changes on audit_events`);
    await old.db.execute(sql`drop function provider_changes_mark()`);
    await old.db.execute(sql`drop table provider_changes`);
    await old.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = ${latest.when}`);
    // A change left PENDING before the upgrade (by a crashed instance).
    const pendingId = randomUUID();
    await old.db.execute(sql`insert into audit_events (id, actor, operation, connection_id, vendor, provider_key, status, input,
      owner_instance, serial_key) values (${pendingId}, 'test', 'updateAkamaiCustomProvider', 'akamai-test', 'akamai', 'p1', 'PENDING',
      '{}'::jsonb, ${randomUUID()}, 'akamai-test/p1')`);
    await old.close();
    expect(migrator.calls).toBe(0);

    const upgraded = await openStore({ kind: 'pglite', dataDir });
    try {
      expect(migrator.calls).toBe(1);
      expect(await appliedCount(upgraded)).toBe(journalEntries().length);
      expect(await hasTable(upgraded, 'provider_changes')).toBe(true);
      // It is its provider's last PENDING change, as the PENDING check behind a mutation's lock reads it.
      expect(await lastPendingChangeOf(upgraded.db, 'akamai-test/p1')).toBe(pendingId);
    } finally {
      await upgraded.close();
    }
    const again = await openStore({ kind: 'pglite', dataDir });
    await again.close();
    expect(migrator.calls).toBe(1);
  });

  it('migrates a fresh folder from nothing', async () => {
    const store = await openStore({ kind: 'pglite', dataDir: join(root, 'fresh') });
    try {
      expect(migrator.calls).toBe(1);
      expect(await appliedCount(store)).toBe(journalEntries().length);
    } finally {
      await store.close();
    }
  });
});
