// The snapshot cache at 1 000 connections: entries age out one by one (maxEntryAgeMs) and are reloaded from
// the store; a reload that finds what was there must not change `version` (every cached answer would become
// unreachable, page after page), while one that finds a change, a drop, or a forced read still must.
import { describe, expect, it } from 'vitest';
import { SnapshotCache } from '../../src/core/reads/snapshot-cache.js';
import type { Snapshot } from '../../src/store/snapshots.js';

const at = new Date('2026-01-01T00:00:00Z');
const snapshot = (key: string, version: string, fetchedAt = at): Snapshot =>
  ({ connectionId: 'c1', vendor: 'akamai', version, fetchedAt, provider: { key } }) as unknown as Snapshot;

describe('SnapshotCache reloads', () => {
  it('keeps its version when an aged-out entry is reloaded unchanged, and bumps it on any change', () => {
    let now = 0;
    const cache = new SnapshotCache(1_000, () => now);
    const value = () => ({ syncedAt: at, snapshots: [snapshot('a', 'v1'), snapshot('b', 'v1')] });
    cache.set('c1', value(), cache.generation('c1'));
    const first = cache.version;
    now = 2_000;
    expect(cache.get('c1')).toBeUndefined();
    cache.set('c1', value(), cache.generation('c1')); // the same rows, read again from the store
    expect(cache.version).toBe(first);
    expect(cache.get('c1')?.snapshots).toHaveLength(2);

    now = 4_000;
    expect(cache.get('c1')).toBeUndefined();
    cache.set('c1', { syncedAt: at, snapshots: [snapshot('a', 'v2'), snapshot('b', 'v1')] }, cache.generation('c1'));
    expect(cache.version).toBe(first + 1);
    cache.set(
      'c1',
      { syncedAt: at, snapshots: [snapshot('a', 'v2'), snapshot('b', 'v1', new Date(at.getTime() + 1))] },
      cache.generation('c1'),
    );
    expect(cache.version).toBe(first + 2);
    cache.set('c1', { syncedAt: new Date(at.getTime() + 5), snapshots: [snapshot('a', 'v2')] }, cache.generation('c1'));
    expect(cache.version).toBe(first + 3);
  });

  it('still bumps after a drop, even when the reload finds the same rows', () => {
    let now = 0;
    const cache = new SnapshotCache(1_000, () => now);
    const value = { syncedAt: at, snapshots: [snapshot('a', 'v1')] };
    cache.set('c1', value, cache.generation('c1'));
    now = 2_000;
    cache.get('c1');
    cache.drop('c1');
    const dropped = cache.version;
    cache.set('c1', value, cache.generation('c1'));
    expect(cache.version).toBe(dropped + 1);
  });
});
