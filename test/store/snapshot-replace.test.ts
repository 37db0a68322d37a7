// A fresh list written as only what changed (issue 15.7, store/snapshots.ts writeFreshList, one statement):
// changed and new rows written, gone rows deleted, rows at the listed version left as they are (their fetched_at
// too: when a state was last confirmed is the connection's synced_at, set by the same statement), rows a
// mutation wrote after the list began kept. A provider the caller knows at its listed version is not sent, only
// checked: a store that holds another version (another instance wrote it) gets the list's state all the same.
// On PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { providerVersion } from '../../src/model/version.js';
import { getConnectionSyncs } from '../../src/store/connection-syncs.js';
import type { Db } from '../../src/store/open.js';
import { getSnapshot, listSnapshots, replaceConnectionSnapshots, saveSnapshot, writeFreshList } from '../../src/store/snapshots.js';
import { STORE_KINDS } from '../support/stores.js';
import { storeForSuite } from '../support/suite-store.js';

const provider = (key: string, clientId = 'cid'): NormalizedProvider => ({
  key,
  displayName: key,
  protocol: 'OIDC',
  enabled: true,
  clientId,
  secretFingerprints: { clientSecret: 'hmac-sha256:abc' },
  details: { a: 1 },
});
const versioned = (p: NormalizedProvider) => ({ provider: p, version: providerVersion(p) });

/** Each row's physical version (xmin: a new one on every write of the row) and lock mark (xmax: set by a row lock too). */
async function rowVersions(db: Db, connectionId: string): Promise<Record<string, string>> {
  const result = await db.execute(
    sql`select provider_key, xmin::text || '/' || xmax::text as v from provider_snapshots where connection_id = ${connectionId} order by provider_key`,
  );
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<{
    provider_key: string;
    v: string;
  }>;
  return Object.fromEntries(rows.map((row) => [row.provider_key, row.v]));
}

describe.each(STORE_KINDS)('snapshot replace on $name', (kind) => {
  const store = storeForSuite(kind);

  it('rewrites changed rows, adds new ones, deletes gone ones, leaves unchanged ones alone and marks the connection synced', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    await replaceConnectionSnapshots(store.db, 'r1', 'slashid', [provider('a'), provider('b'), provider('c')], t0);
    const before = await getSnapshot(store.db, 'r1', 'a');
    const t1 = new Date('2026-01-01T00:01:00Z');
    const result = await replaceConnectionSnapshots(store.db, 'r1', 'slashid', [provider('a'), provider('b', 'new'), provider('d')], t1);
    expect(result.map((s) => s.provider.key)).toEqual(['a', 'b', 'd']);
    const stored = await listSnapshots(store.db, ['r1']);
    expect(stored.map((s) => [s.provider.key, s.fetchedAt.toISOString()])).toEqual([
      ['a', t0.toISOString()],
      ['b', t1.toISOString()],
      ['d', t1.toISOString()],
    ]);
    expect(stored[0]!.version).toBe(before!.version);
    expect(stored.find((s) => s.provider.key === 'b')!.provider.clientId).toBe('new');
    expect((await getConnectionSyncs(store.db, ['r1'])).get('r1')?.syncedAt?.toISOString()).toBe(t1.toISOString());
  });

  it('keeps a snapshot a mutation wrote after the list began, even one the list does not hold', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    await replaceConnectionSnapshots(store.db, 'r2', 'slashid', [provider('a'), provider('b')], t0);
    const listStartedAt = new Date('2026-01-01T00:01:00Z');
    const mutatedAt = new Date('2026-01-01T00:01:05Z');
    await saveSnapshot(store.db, 'r2', 'slashid', provider('a', 'mutated'), mutatedAt);
    await saveSnapshot(store.db, 'r2', 'slashid', provider('created'), mutatedAt);
    const fetchedAt = new Date('2026-01-01T00:01:10Z');
    const result = await replaceConnectionSnapshots(store.db, 'r2', 'slashid', [provider('a', 'old')], fetchedAt, listStartedAt);
    expect(result.map((s) => [s.provider.key, s.provider.clientId, s.fetchedAt.toISOString()])).toEqual([
      ['a', 'mutated', mutatedAt.toISOString()],
      ['created', 'cid', mutatedAt.toISOString()],
    ]);
    const stored = await listSnapshots(store.db, ['r2']);
    expect(stored.map((s) => [s.provider.key, s.provider.clientId])).toEqual([
      ['a', 'mutated'],
      ['created', 'cid'],
    ]);
  });

  it('keeps a mutation-written snapshot newer than the list also when the caller believed the provider unchanged', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const known = await replaceConnectionSnapshots(store.db, 'r4', 'slashid', [provider('a'), provider('b')], t0);
    const listStartedAt = new Date('2026-01-01T00:01:00Z');
    const mutatedAt = new Date('2026-01-01T00:01:05Z');
    await saveSnapshot(store.db, 'r4', 'slashid', provider('a', 'mutated'), mutatedAt);
    const fetchedAt = new Date('2026-01-01T00:01:10Z');
    const result = await writeFreshList(store.db, {
      connectionId: 'r4',
      vendor: 'slashid',
      providers: [provider('a'), provider('b')].map(versioned),
      previous: known,
      fetchedAt,
      listStartedAt,
    });
    expect(result.map((s) => [s.provider.key, s.provider.clientId])).toEqual([
      ['a', 'mutated'],
      ['b', 'cid'],
    ]);
    expect((await getSnapshot(store.db, 'r4', 'a'))!.provider.clientId).toBe('mutated');
  });

  it('an empty list deletes every snapshot older than the list', async () => {
    await replaceConnectionSnapshots(store.db, 'r3', 'slashid', [provider('a')], new Date('2026-01-01T00:00:00Z'));
    await replaceConnectionSnapshots(store.db, 'r3', 'slashid', [], new Date('2026-01-01T00:01:00Z'));
    expect(await listSnapshots(store.db, ['r3'])).toEqual([]);
  });

  it('touches no row at the version the caller knew: not written, not even locked', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const known = await writeFreshList(store.db, {
      connectionId: 'r5',
      vendor: 'slashid',
      providers: [provider('a'), provider('b'), provider('c')].map(versioned),
      fetchedAt: t0,
    });
    const rowsBefore = await rowVersions(store.db, 'r5');
    const t1 = new Date('2026-01-01T00:01:00Z');
    const result = await writeFreshList(store.db, {
      connectionId: 'r5',
      vendor: 'slashid',
      providers: [provider('a'), provider('b'), provider('c', 'changed')].map(versioned),
      previous: known,
      fetchedAt: t1,
    });
    const rowsAfter = await rowVersions(store.db, 'r5');
    expect(rowsAfter.a).toBe(rowsBefore.a);
    expect(rowsAfter.b).toBe(rowsBefore.b);
    expect(rowsAfter.c).not.toBe(rowsBefore.c);
    // The unchanged ones are the caller's own snapshots, as they were.
    expect(result[0]).toBe(known[0]);
    expect(result.map((s) => s.fetchedAt.toISOString())).toEqual([t0, t0, t1].map((t) => t.toISOString()));
    expect((await getConnectionSyncs(store.db, ['r5'])).get('r5')?.syncedAt?.toISOString()).toBe(t1.toISOString());
  });

  it('writes the listed state where the store no longer holds the version the caller knew (changed or deleted meanwhile)', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const known = await replaceConnectionSnapshots(store.db, 'r6', 'slashid', [provider('a'), provider('b'), provider('c')], t0);
    // Another instance (or a write before the list began) changed a and deleted b behind this caller's back.
    await saveSnapshot(store.db, 'r6', 'slashid', provider('a', 'elsewhere'), new Date('2026-01-01T00:00:30Z'));
    await store.db.execute(sql`delete from provider_snapshots where connection_id = 'r6' and provider_key = 'b'`);
    const t1 = new Date('2026-01-01T00:01:00Z');
    const result = await writeFreshList(store.db, {
      connectionId: 'r6',
      vendor: 'slashid',
      providers: [provider('a'), provider('b'), provider('c')].map(versioned),
      previous: known,
      fetchedAt: t1,
      listStartedAt: new Date('2026-01-01T00:00:50Z'),
    });
    const stored = await listSnapshots(store.db, ['r6']);
    expect(stored.map((s) => [s.provider.key, s.provider.clientId, s.fetchedAt.toISOString()])).toEqual([
      ['a', 'cid', t1.toISOString()],
      ['b', 'cid', t1.toISOString()],
      ['c', 'cid', t0.toISOString()],
    ]);
    expect(result.map((s) => [s.provider.key, s.version, s.fetchedAt.toISOString()])).toEqual(
      stored.map((s) => [s.provider.key, s.version, s.fetchedAt.toISOString()]),
    );
  });
});
