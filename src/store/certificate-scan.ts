// The certificate scan's store side (core/certificates/scanner.ts): the snapshots whose certificates were not read
// at their current version (`certificates_version IS DISTINCT FROM version`), and the scan's result written back in
// one statement per batch, only where the row is still at the version that was read: a snapshot written meanwhile
// (a refresh, a mutation's read-back) stays marked for the next scan, so a column is never trusted for a state it
// was not read from. Also the rows whose earliest certificate ends before a time (the notices' candidates).
import { and, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { textArrayLiteral } from './provider-search.js';
import { fromRow, type Snapshot } from './snapshots.js';
import { providerSnapshots } from './tables.js';

const s = providerSnapshots;

/** The connections' rows, as one text[] parameter however many there are. */
const ofConnections = (connectionIds: readonly string[]) => sql`${s.connectionId} = any(${textArrayLiteral(connectionIds)}::text[])`;

const snapshotColumns = { connectionId: s.connectionId, vendor: s.vendor, state: s.state, version: s.version, fetchedAt: s.fetchedAt };

/** Up to `limit` snapshots of `connectionIds` whose certificates were not read at their current version. */
export async function listUnscannedSnapshots(db: Db, connectionIds: readonly string[], limit: number): Promise<Snapshot[]> {
  if (connectionIds.length === 0) return [];
  const rows = await db
    .select(snapshotColumns)
    .from(s)
    .where(and(sql`${s.certificatesVersion} is distinct from ${s.version}`, ofConnections(connectionIds)))
    .limit(limit);
  return rows.map(fromRow);
}

/** One snapshot's scan: the version its certificates were read at, and the earliest readable notAfter (null: none). */
export interface CertificateScanResult {
  connectionId: string;
  providerKey: string;
  version: string;
  earliestNotAfter: Date | null;
}

/**
 * Writes the results in one statement; a row whose version moved on since it was read is left alone (still
 * unscanned). The number of rows written.
 */
export async function recordCertificateScan(db: Db, results: readonly CertificateScanResult[]): Promise<number> {
  if (results.length === 0) return 0;
  // One jsonb parameter: a batch of any size is one statement with one parameter.
  const batch = JSON.stringify(
    results.map((r) => ({ c: r.connectionId, k: r.providerKey, v: r.version, n: r.earliestNotAfter?.toISOString() ?? null })),
  );
  const written = await db
    .update(s)
    .set({ certificatesVersion: sql`scanned.v`, certificateNotAfter: sql`scanned.n` })
    .from(sql`jsonb_to_recordset(${batch}::jsonb) as scanned(c text, k text, v text, n timestamptz)`)
    .where(sql`${s.connectionId} = scanned.c and ${s.providerKey} = scanned.k and ${s.version} = scanned.v`)
    .returning({ key: s.providerKey });
  return written.length;
}

/**
 * The snapshots of `connectionIds` whose earliest readable certificate ends at or before `before`, as scanned at
 * their current version (provider_snapshots_certificate_idx): the providers that may owe a notice.
 */
export async function listSnapshotsWithCertificatesEndingBy(db: Db, connectionIds: readonly string[], before: Date): Promise<Snapshot[]> {
  if (connectionIds.length === 0) return [];
  const rows = await db
    .select(snapshotColumns)
    .from(s)
    .where(
      and(
        sql`${s.certificateNotAfter} <= ${before.toISOString()}::timestamptz`,
        sql`${s.certificatesVersion} = ${s.version}`,
        ofConnections(connectionIds),
      ),
    )
    .orderBy(s.connectionId, s.providerKey);
  return rows.map(fromRow);
}
