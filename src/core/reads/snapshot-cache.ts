// The snapshot cache in memory: what the store holds for a connection (its last full read and its provider
// snapshots), so that a read of fresh snapshots costs no SQL at all. The store stays the truth; an entry is
// dropped whenever the connection's snapshots may have changed:
//   - a finished audit row of the connection (every gateway write saves or deletes its snapshot before
//     finishing its row), from this instance or, through LISTEN/NOTIFY, from another one (core/cluster.ts);
//   - another instance's refresh of the connection (cluster "synced" message);
//   - every entry, when the cluster channel reconnects (messages may have been missed meanwhile);
//   - and any entry older than `maxEntryAgeMs`, a bound on how long a lost message could matter.
// A load that started before a drop does not put its result in (generations), so a drop is never undone.
// An entry reloaded after it aged out, and found as it was, leaves `version` alone: with 1 000 connections
// entries age out one by one, and each reload would otherwise make every cached answer (http/response-cache.ts)
// unreachable again.
import type { Snapshot } from '../../store/snapshots.js';

export interface CachedConnection {
  /** The last full read of the vendor; null when there was none. */
  syncedAt: Date | null;
  snapshots: Snapshot[];
}

interface Entry extends CachedConnection {
  cachedAt: number;
}

export const DEFAULT_MAX_ENTRY_AGE_MS = 10_000;

export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();
  /** Entries that aged out (not dropped): what a reload is compared with. */
  private readonly aged = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  /** Goes up on every change of what the cache holds: answers built from it before are out of date. */
  version = 0;

  constructor(
    private readonly maxEntryAgeMs = DEFAULT_MAX_ENTRY_AGE_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  get(connectionId: string): CachedConnection | undefined {
    const entry = this.entries.get(connectionId);
    if (entry && this.clock() - entry.cachedAt > this.maxEntryAgeMs) {
      this.entries.delete(connectionId);
      this.aged.set(connectionId, entry);
      return undefined;
    }
    return entry;
  }

  /** A token to pass to `set` for what is read from now on: `set` ignores it after a drop. */
  generation(connectionId: string): number {
    return this.generations.get(connectionId) ?? 0;
  }

  /** Caches what was read since `generation(connectionId)` returned `generation`, unless dropped since. */
  set(connectionId: string, value: CachedConnection, generation: number): void {
    if (this.generation(connectionId) !== generation) return;
    const before = this.entries.get(connectionId) ?? this.aged.get(connectionId);
    this.aged.delete(connectionId);
    this.entries.set(connectionId, { ...value, cachedAt: this.clock() });
    if (!before || !sameContent(before, value)) this.version++;
  }

  /** A forced read of the vendors (`refresh: true`) is under way: no answer from before may stand in for it. */
  forceRead(): void {
    this.version++;
  }

  drop(connectionId: string): void {
    this.generations.set(connectionId, this.generation(connectionId) + 1);
    this.entries.delete(connectionId);
    this.aged.delete(connectionId);
    this.version++;
  }

  dropAll(): void {
    for (const connectionId of new Set([...this.entries.keys(), ...this.aged.keys(), ...this.generations.keys()])) this.drop(connectionId);
  }
}

/** The same last sync and the same snapshots (key, content version, fetch time), in the same order. */
function sameContent(a: CachedConnection, b: CachedConnection): boolean {
  if (a.syncedAt?.getTime() !== b.syncedAt?.getTime() || a.snapshots.length !== b.snapshots.length) return false;
  return a.snapshots.every((snapshot, index) => {
    const other = b.snapshots[index]!;
    return (
      snapshot.provider.key === other.provider.key &&
      snapshot.version === other.version &&
      snapshot.fetchedAt.getTime() === other.fetchedAt.getTime()
    );
  });
}
