// The provider snapshot cache: the last normalized (secret-free) state read from or written to a vendor.
// A snapshot's `fetchedAt` is when its state was last written (a read that found it new or changed, or a
// mutation's read-back); a read that finds it the same leaves the row alone and moves the connection's
// `synced_at` (connection_syncs) instead: when a state was last confirmed is the later of the two.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { NormalizedProvider } from '../model/provider.js';
import type { VendorKey } from '../model/vendor-key.js';
import { providerVersion, type VersionedProvider } from '../model/version.js';
import { type Announcement, notifyOnCommit } from './notify.js';
import type { Db } from './open.js';
import { preparedPerHandle } from './prepared.js';
import { auditEvents, connectionSyncs, providerSnapshots } from './tables.js';

export interface Snapshot {
  connectionId: string;
  vendor: VendorKey;
  provider: NormalizedProvider;
  version: string;
  /** When this state was written; see the header for when it was last confirmed. */
  fetchedAt: Date;
}

function toRow(connectionId: string, vendor: VendorKey, provider: NormalizedProvider, fetchedAt: Date) {
  return {
    connectionId,
    providerKey: provider.key,
    vendor,
    state: provider,
    version: providerVersion(provider),
    fetchedAt,
  };
}

/** A stored row, or one about to be stored (toRow: without the columns the database derives from `state`). */
type SnapshotRow = Pick<typeof providerSnapshots.$inferSelect, 'connectionId' | 'vendor' | 'state' | 'version' | 'fetchedAt'>;

export function fromRow(row: SnapshotRow): Snapshot {
  return {
    connectionId: row.connectionId,
    vendor: row.vendor as VendorKey,
    provider: row.state as NormalizedProvider,
    version: row.version,
    fetchedAt: row.fetchedAt,
  };
}

export async function listSnapshots(db: Db, connectionIds: string[]): Promise<Snapshot[]> {
  if (connectionIds.length === 0) return [];
  const rows = await db
    .select()
    .from(providerSnapshots)
    .where(inArray(providerSnapshots.connectionId, connectionIds))
    .orderBy(providerSnapshots.connectionId, providerSnapshots.providerKey);
  return rows.map(fromRow);
}

export async function getSnapshot(db: Db, connectionId: string, providerKey: string): Promise<Snapshot | null> {
  const [row] = await snapshotOfKey(db).execute({ connectionId, providerKey });
  return row ? fromRow(row) : null;
}

// Read behind every mutation's lock (unless the snapshot is in memory): prepared.
const snapshotOfKey = preparedPerHandle((db) =>
  db
    .select()
    .from(providerSnapshots)
    .where(
      and(
        eq(providerSnapshots.connectionId, sql.placeholder('connectionId')),
        eq(providerSnapshots.providerKey, sql.placeholder('providerKey')),
      ),
    )
    .prepare('snapshot_of_key'),
);

export async function saveSnapshot(
  db: Db,
  connectionId: string,
  vendor: VendorKey,
  provider: NormalizedProvider,
  fetchedAt = new Date(),
): Promise<Snapshot> {
  const row = toRow(connectionId, vendor, provider, fetchedAt);
  await db
    .insert(providerSnapshots)
    .values(row)
    .onConflictDoUpdate({
      target: [providerSnapshots.connectionId, providerSnapshots.providerKey],
      set: { state: row.state, version: row.version, fetchedAt: row.fetchedAt, vendor: row.vendor },
    });
  return fromRow(row);
}

export async function deleteSnapshot(db: Db, connectionId: string, providerKey: string): Promise<void> {
  await db
    .delete(providerSnapshots)
    .where(and(eq(providerSnapshots.connectionId, connectionId), eq(providerSnapshots.providerKey, providerKey)));
}

/** A connection's full provider list as just read from its vendor, for writeFreshList. */
export interface FreshList {
  connectionId: string;
  vendor: VendorKey;
  /** Every provider the vendor listed, with its version (worked out once by the reader). */
  providers: readonly VersionedProvider[];
  /** When the list was read: what changed snapshots are written with, and the connection's new `synced_at`. */
  fetchedAt: Date;
  /** When the list was asked for: a snapshot written after it (by a mutation) is newer than the list and stays. */
  listStartedAt?: Date;
  /**
   * The connection's snapshots as the caller last knew them (its cache, or the store): a provider listed at its
   * known version is not sent again, only checked (the store must hold that version); it keeps its `fetchedAt`.
   */
  previous?: readonly Snapshot[];
  /**
   * The statement holds nothing but what the vendor said (no audit row, not inside a caller's transaction): its
   * commit need not wait for the WAL flush (`synchronous_commit` off for it alone). A database crash may then lose
   * the last fraction of a second of such writes, which only makes the next read find the vendor's state again.
   */
  vendorStateOnly?: boolean;
  /** A message the statement sends to the other instances, if any, at its commit (store/notify.ts notifyOnCommit). */
  announcement?: Announcement;
  /**
   * The list only confirms what the caller knew (a list that may be written a while after it was read: core/reads/
   * write-behind.ts): nothing is written or deleted but the sync time, which never moves back. A provider the store
   * holds at another version, or not at all (a change or a delete since), is left out of the answer, not written.
   */
  confirmOnly?: boolean;
}

/** One row of writeFreshList's answer: a snapshot newer than the list, or a key whose stored version was not the one known. */
interface FreshListRow {
  kind: 'newer' | 'missed' | 'commit' | 'notify';
  key: string;
  version: string | null;
  state: string | null;
  fetched_ms: number | string | null;
}

/**
 * Replaces a connection's snapshots with a fresh full list, in ONE statement that writes only what changed:
 * a provider new or at another version is written (fetchedAt = the list's), one the list no longer holds is
 * deleted, one at the version the store holds is left alone (its row is not touched: its fetchedAt stays when
 * its state was last written). The connection's `synced_at` is set in the same statement: a provider's
 * `syncedAt` (when its state was last confirmed by a read) is the later of the two (core/reads/provider-reader.ts).
 * A snapshot written after `listStartedAt` (a mutation that finished while the list was being read) is newer
 * than the list: kept as it is, whether the list holds it or not; and a provider whose gateway change (audit
 * row) ended after `listStartedAt` is not written from the list either (a delete leaves no newer row: without this
 * a list read before it would bring the provider back). A provider the caller believed unchanged
 * that the store holds at another version (another instance wrote it meanwhile) is sent again in a second
 * statement. Returns the connection's snapshots, by key.
 */
export async function writeFreshList(db: Db, list: FreshList): Promise<Snapshot[]> {
  const { connectionId, vendor, providers, fetchedAt } = list;
  const listStartedAt = list.listStartedAt ?? fetchedAt;
  const previous = new Map((list.previous ?? []).map((s) => [s.provider.key, s]));
  const unchanged = (entry: VersionedProvider) => list.confirmOnly === true || previous.get(entry.provider.key)?.version === entry.version;
  let rows = await freshListStatement(db, list, listStartedAt, unchanged);
  const missed = new Set(rows.filter((row) => row.kind === 'missed').map((row) => row.key));
  // Rare (the store changed since the caller's snapshots): every state sent, so nothing can be missed again.
  if (missed.size > 0 && !list.confirmOnly) rows = await freshListStatement(db, list, listStartedAt, () => false);
  const newer = new Map<string, Snapshot>();
  for (const row of rows) {
    if (row.kind !== 'newer') continue;
    const provider = JSON.parse(row.state!) as NormalizedProvider;
    newer.set(row.key, { connectionId, vendor, provider, version: row.version!, fetchedAt: new Date(Number(row.fetched_ms)) });
  }
  const snapshots: Snapshot[] = [...newer.values()];
  for (const entry of providers) {
    if (newer.has(entry.provider.key)) continue;
    if (list.confirmOnly && missed.has(entry.provider.key)) continue;
    const known = previous.get(entry.provider.key);
    snapshots.push(
      known && known.version === entry.version && !missed.has(entry.provider.key)
        ? known
        : { connectionId, vendor, provider: entry.provider, version: entry.version, fetchedAt },
    );
  }
  return snapshots.sort((a, b) => (a.provider.key < b.provider.key ? -1 : a.provider.key > b.provider.key ? 1 : 0));
}

/**
 * The statement (data-modifying CTEs; every part sees the rows as they were before it): `listed` holds every
 * listed key and version, with its state unless `checkOnly` says the store should hold that version already.
 * Answers the snapshots newer than the list and the keys checked whose stored version was not the one given.
 */
async function freshListStatement(
  db: Db,
  list: FreshList,
  listStartedAt: Date,
  checkOnly: (entry: VersionedProvider) => boolean,
): Promise<FreshListRow[]> {
  // One parameter for the whole list, however long: no per-row parameters for the query builder and the driver.
  const listed = JSON.stringify(
    list.providers.map((entry) =>
      checkOnly(entry)
        ? { key: entry.provider.key, version: entry.version }
        : { key: entry.provider.key, version: entry.version, state: entry.provider },
    ),
  );
  const id = list.connectionId;
  const startedAt = sql`${listStartedAt.toISOString()}::timestamptz`;
  const at = sql`${list.fetchedAt.toISOString()}::timestamptz`;
  const result = await db.execute(sql`
    with listed as (
      select l.key, l.version, l.state from jsonb_to_recordset(${listed}::jsonb) as l(key text, version text, state jsonb)
    ),
    gone as (
      delete from ${providerSnapshots} s
      where s.connection_id = ${id} and s.fetched_at <= ${startedAt} and not exists (select 1 from listed l where l.key = s.provider_key)
        ${list.confirmOnly ? sql`and false` : sql``}
    ),
    written as (
      insert into ${providerSnapshots} as s (connection_id, provider_key, vendor, state, version, fetched_at)
      select ${id}, l.key, ${list.vendor}, l.state, l.version, ${at} from listed l where l.state is not null
        -- Not a provider a gateway change ended after the list began (a delete leaves no row to be newer than the list).
        and not exists (
          select 1 from ${auditEvents} a
          where a.connection_id = ${id} and a.provider_key = l.key and a.kind = 'MUTATION'
            and a.status not in ('PENDING', 'REJECTED', 'DRY_RUN') and a.finished_at > ${startedAt}
            and a.started_at > ${startedAt} - interval '1 day'
        )
      on conflict (connection_id, provider_key) do update
        set vendor = excluded.vendor, state = excluded.state, version = excluded.version, fetched_at = excluded.fetched_at
        where s.fetched_at <= ${startedAt} and s.version <> excluded.version
    ),
    synced as (
      insert into ${connectionSyncs} (connection_id, vendor, synced_at, last_error)
      values (${id}, ${list.vendor}, ${at}, null)
      on conflict (connection_id) do update set synced_at = ${
        list.confirmOnly ? sql`greatest(${connectionSyncs}.synced_at, excluded.synced_at)` : sql`excluded.synced_at`
      }
    )
    select 'newer' as kind, s.provider_key as key, s.version, s.state::text as state,
      (extract(epoch from s.fetched_at) * 1000)::float8 as fetched_ms
    from ${providerSnapshots} s where s.connection_id = ${id} and s.fetched_at > ${startedAt}
    union all
    select 'missed', l.key, null, null, null
    from listed l left join ${providerSnapshots} s on s.connection_id = ${id} and s.provider_key = l.key
    where l.state is null and s.version is distinct from l.version and (s.fetched_at is null or s.fetched_at <= ${startedAt})
    ${
      // A branch of its own, so that it always runs; read at commit, for this statement's transaction only.
      list.vendorStateOnly ? sql`union all select 'commit', set_config('synchronous_commit', 'off', true), null, null, null` : sql``
    }
    ${
      // Its own branch too: the other instances hear of the list with its commit, in this one round trip.
      list.announcement === undefined ? sql`` : sql`union all select 'notify', ${notifyOnCommit(list.announcement)}::text, null, null, null`
    }
  `);
  // postgres.js answers the rows, PGlite an object holding them.
  return (Array.isArray(result) ? result : (result as unknown as { rows: FreshListRow[] }).rows) as FreshListRow[];
}

/**
 * writeFreshList for a caller without versions or earlier snapshots: every provider is hashed and sent, the
 * store keeps the rows already at the listed version as they are.
 */
export async function replaceConnectionSnapshots(
  db: Db,
  connectionId: string,
  vendor: VendorKey,
  providers: NormalizedProvider[],
  fetchedAt = new Date(),
  listStartedAt: Date = fetchedAt,
): Promise<Snapshot[]> {
  const versioned = providers.map((provider) => ({ provider, version: providerVersion(provider) }));
  return writeFreshList(db, { connectionId, vendor, providers: versioned, fetchedAt, listStartedAt });
}
