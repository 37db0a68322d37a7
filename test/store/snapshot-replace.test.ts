// replaceConnectionSnapshots as an upsert + delete of gone keys (issue 15.7): changed rows rewritten, gone
// rows deleted, rows a mutation wrote after the list began kept, unchanged rows keep their version and
// get the new fetched_at (syncedAt); on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { describe, expect, it } from 'vitest';
import type { NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { getSnapshot, listSnapshots, replaceConnectionSnapshots, saveSnapshot } from '../../src/store/snapshots.js';
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

describe.each(STORE_KINDS)('snapshot replace on $name', (kind) => {
  const store = storeForSuite(kind);

  it('rewrites changed rows, deletes gone ones, refreshes fetchedAt of unchanged ones', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    await replaceConnectionSnapshots(store.db, 'r1', 'slashid', [provider('a'), provider('b'), provider('c')], t0);
    const before = await getSnapshot(store.db, 'r1', 'a');
    const t1 = new Date('2026-01-01T00:01:00Z');
    const result = await replaceConnectionSnapshots(store.db, 'r1', 'slashid', [provider('a'), provider('b', 'new'), provider('d')], t1);
    expect(result.map((s) => s.provider.key)).toEqual(['a', 'b', 'd']);
    const stored = await listSnapshots(store.db, ['r1']);
    expect(stored.map((s) => s.provider.key)).toEqual(['a', 'b', 'd']);
    const a = stored.find((s) => s.provider.key === 'a')!;
    expect(a.version).toBe(before!.version);
    expect(a.fetchedAt.getTime()).toBe(t1.getTime());
    expect(stored.find((s) => s.provider.key === 'b')!.provider.clientId).toBe('new');
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
    expect(result.map((s) => [s.provider.key, s.provider.clientId])).toEqual([
      ['a', 'mutated'],
      ['created', 'cid'],
    ]);
    const stored = await listSnapshots(store.db, ['r2']);
    expect(stored.map((s) => [s.provider.key, s.provider.clientId])).toEqual([
      ['a', 'mutated'],
      ['created', 'cid'],
    ]);
  });

  it('an empty list deletes every snapshot older than the list', async () => {
    await replaceConnectionSnapshots(store.db, 'r3', 'slashid', [provider('a')], new Date('2026-01-01T00:00:00Z'));
    await replaceConnectionSnapshots(store.db, 'r3', 'slashid', [], new Date('2026-01-01T00:01:00Z'));
    expect(await listSnapshots(store.db, ['r3'])).toEqual([]);
  });
});
