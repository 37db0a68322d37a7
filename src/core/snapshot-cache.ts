// The snapshot cache in memory: what the store holds for a connection (its last full read and its provider
// snapshots), so that a read of fresh snapshots costs no SQL at all. The store stays the truth; an entry is
// dropped whenever the connection's snapshots may have changed:
//   - a finished audit row of the connection (every gateway write saves or deletes its snapshot before
//     finishing its row), from this instance or, through LISTEN/NOTIFY, from another one (core/cluster.ts);
//   - another instance's refresh of the connection (cluster "synced" message);
//   - every entry, when the cluster channel reconnects (messages may have been missed meanwhile);
//   - and any entry older than `maxEntryAgeMs`, a bound on how long a lost message could matter.
// A load that started before a drop does not put its result in (generations), so a drop is never undone.
import type { Snapshot } from '../store/snapshots.js';

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
    this.entries.set(connectionId, { ...value, cachedAt: this.clock() });
    this.version++;
  }

  /** A forced read of the vendors (`refresh: true`) is under way: no answer from before may stand in for it. */
  forceRead(): void {
    this.version++;
  }

  drop(connectionId: string): void {
    this.generations.set(connectionId, this.generation(connectionId) + 1);
    this.entries.delete(connectionId);
    this.version++;
  }

  dropAll(): void {
    for (const connectionId of new Set([...this.entries.keys(), ...this.generations.keys()])) this.drop(connectionId);
  }
}
