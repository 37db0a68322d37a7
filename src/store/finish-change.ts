// The end of a change that was sent to its vendor, written in ONE statement: the provider's snapshot, the audit
// row's final fields and the idempotency key's outcome (data-modifying CTEs). One round trip and one commit
// instead of three, and all or nothing: a row is never final while its snapshot is not yet written.
// The row is finished only while it is still PENDING, and the key is settled only when the row was: if a
// reconciler finished the row first, the statement writes the snapshot and changes nothing else.
// Nothing is read back: the finished row is the PENDING row with the outcome (store/audit.ts finishedRowOf), and
// the statement sends it to the other instances itself when it finished it (store/notify.ts auditRowNotifyOnCommit).
import { and, eq, isNull, type SQL, sql, type WithSubquery } from 'drizzle-orm';
import type { JsonObject, NormalizedProvider } from '../model/provider.js';
import type { VendorKey } from '../model/vendor-key.js';
import { type AuditEventRow, type AuditOutcome, finishedRowOf, wholeAuditRow } from './audit.js';
import { auditRowNotifyOnCommit } from './notify.js';
import { placeholdersOf, preparedPerShape, valuesFor } from './prepared.js';
import type { Db } from './db.js';
import { auditEvents, idempotencyKeys, providerSnapshots } from './tables.js';

export interface ChangeFinish {
  connectionId: string;
  vendor: VendorKey;
  /** The provider as read back (saved, with its version), the key of one deleted, or null (nothing known to write). */
  snapshot: { save: NormalizedProvider; version: string } | { delete: string } | null;
  /** The row as written PENDING (store/audit.ts pendingRowOf). */
  pending: AuditEventRow;
  outcome: AuditOutcome;
  /** The idempotency key of the attempt: its outcome stored, or the claim given back (by its owner). */
  key: { actor: string; key: string; complete: JsonObject } | { actor: string; key: string; releasedBy: string } | null;
}

/**
 * Writes the finish; the finished row, or null when the row was no longer PENDING (someone else finished it).
 * With `announceFrom` (this instance's id), the statement tells the other instances, if any, of the finished row.
 * Every sent change ends here: the statement is prepared once per handle and shape (store/prepared.ts).
 */
export async function finishChange(db: Db, finish: ChangeFinish, announceFrom?: string): Promise<AuditEventRow | null> {
  const outcome = { ...finish.outcome, finishedAt: finish.outcome.finishedAt ?? new Date() };
  const row = finishedRowOf(finish.pending, outcome);
  const outcomeFields = Object.fromEntries(Object.entries(outcome).filter(([, value]) => value !== undefined));
  const shape: FinishShape = {
    outcomeKeys: Object.keys(outcomeFields).sort() as Array<keyof AuditOutcome>,
    snapshot: finish.snapshot === null ? null : 'delete' in finish.snapshot ? 'delete' : 'save',
    key: finish.key === null ? null : 'complete' in finish.key ? 'complete' : 'release',
    announce: announceFrom !== undefined,
  };
  const statement = finishStatement(db, `${shape.outcomeKeys.join(',')} ${shape.snapshot} ${shape.key} ${shape.announce}`, shape);
  const [written] = await statement.execute({
    'audit.id': row.id,
    ...valuesFor(auditEvents, outcomeFields, 'audit.'),
    ...snapshotValues(finish, outcome.finishedAt),
    ...keyValues(finish),
    // The writer's lease: no other instance live, no message (a row of an instance without one: sent whenever anyone is live).
    ...(announceFrom === undefined ? {} : { announceFrom, announceLease: finish.pending.ownerInstance ?? NO_LEASE }),
  });
  return written ? row : null;
}

/** A lease id no instance has. */
const NO_LEASE = '00000000-0000-0000-0000-000000000000';

/** The parts a finish has; each shape is one prepared statement. */
interface FinishShape {
  /** The outcome's columns given (finishedAt always): a column not given keeps its PENDING value. */
  outcomeKeys: Array<keyof AuditOutcome>;
  snapshot: 'save' | 'delete' | null;
  key: 'complete' | 'release' | null;
  announce: boolean;
}

const SNAPSHOT_COLUMNS = ['connectionId', 'providerKey', 'vendor', 'state', 'version', 'fetchedAt'] as const;

const finishStatement = preparedPerShape((db, shape: FinishShape): { execute(values: Record<string, unknown>): Promise<unknown[]> } => {
  const finished = db.$with('finished').as(
    db
      .update(auditEvents)
      .set({
        ...placeholdersOf(shape.outcomeKeys, 'audit.'),
        durationMs: sql<number>`greatest(0, round(extract(epoch from (${sql.placeholder('audit.finishedAt')}::timestamptz - ${auditEvents.startedAt})) * 1000))::integer`,
      })
      .where(and(eq(auditEvents.id, sql.placeholder('audit.id')), eq(auditEvents.status, 'PENDING')))
      // The whole row stays in the server: only the notification reads it.
      .returning({ id: auditEvents.id, ...(shape.announce ? { columns: wholeAuditRow } : {}) }),
  );
  const snapshot = snapshotWrite(db, shape.snapshot);
  const key = keySettlement(db, shape.key, sql`exists (select 1 from ${finished})`);
  const parts: WithSubquery[] = [finished, ...(snapshot ? [snapshot] : []), ...(key ? [key] : [])];
  return db
    .with(...parts)
    .select(
      shape.announce
        ? { id: finished.id, sent: auditRowNotifyOnCommit(sql.placeholder('announceFrom'), 'finished', sql.placeholder('announceLease')) }
        : { id: finished.id },
    )
    .from(finished)
    .prepare('finish_change');
});

function snapshotWrite(db: Db, kind: FinishShape['snapshot']) {
  if (kind === null) return null;
  const ofProvider = and(
    eq(providerSnapshots.connectionId, sql.placeholder('snapshot.connectionId')),
    eq(providerSnapshots.providerKey, sql.placeholder('snapshot.providerKey')),
  );
  if (kind === 'delete') {
    return db.$with('snapshot').as(db.delete(providerSnapshots).where(ofProvider).returning({ key: providerSnapshots.providerKey }));
  }
  // The columns store/snapshots.ts saveSnapshot writes (the others the database derives from `state`).
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  return db.$with('snapshot').as(
    db
      .insert(providerSnapshots)
      .values(placeholdersOf(SNAPSHOT_COLUMNS, 'snapshot.'))
      .onConflictDoUpdate({
        target: [providerSnapshots.connectionId, providerSnapshots.providerKey],
        set: { state: excluded('state'), version: excluded('version'), fetchedAt: excluded('fetched_at'), vendor: excluded('vendor') },
      })
      .returning({ key: providerSnapshots.providerKey }),
  );
}

function snapshotValues(finish: ChangeFinish, finishedAt: Date): Record<string, unknown> {
  const { snapshot } = finish;
  if (snapshot === null) return {};
  if ('delete' in snapshot) return { 'snapshot.connectionId': finish.connectionId, 'snapshot.providerKey': snapshot.delete };
  const row = {
    connectionId: finish.connectionId,
    providerKey: snapshot.save.key,
    vendor: finish.vendor,
    state: snapshot.save,
    version: snapshot.version,
    fetchedAt: finishedAt,
  };
  return valuesFor(providerSnapshots, row, 'snapshot.');
}

function keySettlement(db: Db, kind: FinishShape['key'], rowFinished: SQL) {
  if (kind === null) return null;
  const ofKey = and(
    eq(idempotencyKeys.actor, sql.placeholder('key.actor')),
    eq(idempotencyKeys.key, sql.placeholder('key.key')),
    isNull(idempotencyKeys.completedAt),
  );
  if (kind === 'complete') {
    return db.$with('settled_key').as(
      db
        .update(idempotencyKeys)
        .set({ ...placeholdersOf(['outcome'], 'key.'), completedAt: sql`now()` })
        .where(and(ofKey, rowFinished))
        .returning({ key: idempotencyKeys.key }),
    );
  }
  return db.$with('settled_key').as(
    db
      .delete(idempotencyKeys)
      .where(and(ofKey, eq(idempotencyKeys.ownerInstance, sql.placeholder('key.releasedBy')), rowFinished))
      .returning({ key: idempotencyKeys.key }),
  );
}

function keyValues(finish: ChangeFinish): Record<string, unknown> {
  const { key } = finish;
  if (key === null) return {};
  const ofKey = { 'key.actor': key.actor, 'key.key': key.key };
  if ('complete' in key) return { ...ofKey, ...valuesFor(idempotencyKeys, { outcome: key.complete }, 'key.') };
  return { ...ofKey, 'key.releasedBy': key.releasedBy };
}
