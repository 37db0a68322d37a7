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
import { providerVersion } from '../model/version.js';
import { type AuditEventRow, type AuditOutcome, finishedFields, finishedRowOf, wholeAuditRow } from './audit.js';
import { auditRowNotifyOnCommit } from './notify.js';
import type { Db } from './db.js';
import { auditEvents, idempotencyKeys, providerSnapshots } from './tables.js';

export interface ChangeFinish {
  connectionId: string;
  vendor: VendorKey;
  /** The provider as read back (saved), the key of one deleted, or null (nothing known to write). */
  snapshot: { save: NormalizedProvider } | { delete: string } | null;
  /** The row as written PENDING (store/audit.ts pendingRowOf). */
  pending: AuditEventRow;
  outcome: AuditOutcome;
  /** The idempotency key of the attempt: its outcome stored, or the claim given back (by its owner). */
  key: { actor: string; key: string; complete: JsonObject } | { actor: string; key: string; releasedBy: string } | null;
}

/**
 * Writes the finish; the finished row, or null when the row was no longer PENDING (someone else finished it).
 * With `announceFrom` (this instance's id), the statement tells the other instances of the finished row.
 */
export async function finishChange(db: Db, finish: ChangeFinish, announceFrom?: string): Promise<AuditEventRow | null> {
  const outcome = { ...finish.outcome, finishedAt: finish.outcome.finishedAt ?? new Date() };
  const row = finishedRowOf(finish.pending, outcome);
  const finished = db.$with('finished').as(
    db
      .update(auditEvents)
      .set(finishedFields(outcome))
      .where(and(eq(auditEvents.id, row.id), eq(auditEvents.status, 'PENDING')))
      // The whole row stays in the server: only the notification reads it.
      .returning({ id: auditEvents.id, ...(announceFrom === undefined ? {} : { columns: wholeAuditRow }) }),
  );
  const snapshot = snapshotWrite(db, { ...finish, outcome });
  const key = keySettlement(db, finish, sql`exists (select 1 from ${finished})`);
  const parts: WithSubquery[] = [finished, ...(snapshot ? [snapshot] : []), ...(key ? [key] : [])];
  const [written] = await db
    .with(...parts)
    .select(announceFrom === undefined ? { id: finished.id } : { id: finished.id, sent: auditRowNotifyOnCommit(announceFrom, 'finished') })
    .from(finished);
  return written ? row : null;
}

function snapshotWrite(db: Db, finish: ChangeFinish) {
  const { snapshot } = finish;
  if (!snapshot) return null;
  if ('delete' in snapshot) {
    return db.$with('snapshot').as(
      db
        .delete(providerSnapshots)
        .where(and(eq(providerSnapshots.connectionId, finish.connectionId), eq(providerSnapshots.providerKey, snapshot.delete)))
        .returning({ key: providerSnapshots.providerKey }),
    );
  }
  // The columns store/snapshots.ts saveSnapshot writes (the others the database derives from `state`).
  const row = {
    connectionId: finish.connectionId,
    providerKey: snapshot.save.key,
    vendor: finish.vendor,
    state: snapshot.save,
    version: providerVersion(snapshot.save),
    fetchedAt: finish.outcome.finishedAt ?? new Date(),
  };
  return db.$with('snapshot').as(
    db
      .insert(providerSnapshots)
      .values(row)
      .onConflictDoUpdate({
        target: [providerSnapshots.connectionId, providerSnapshots.providerKey],
        set: { state: row.state, version: row.version, fetchedAt: row.fetchedAt, vendor: row.vendor },
      })
      .returning({ key: providerSnapshots.providerKey }),
  );
}

function keySettlement(db: Db, finish: ChangeFinish, rowFinished: SQL) {
  const { key } = finish;
  if (!key) return null;
  const ofKey = and(eq(idempotencyKeys.actor, key.actor), eq(idempotencyKeys.key, key.key), isNull(idempotencyKeys.completedAt));
  if ('complete' in key) {
    return db
      .$with('settled_key')
      .as(
        db
          .update(idempotencyKeys)
          .set({ outcome: key.complete, completedAt: sql`now()` })
          .where(and(ofKey, rowFinished))
          .returning({ key: idempotencyKeys.key }),
      );
  }
  return db.$with('settled_key').as(
    db
      .delete(idempotencyKeys)
      .where(and(ofKey, eq(idempotencyKeys.ownerInstance, key.releasedBy), rowFinished))
      .returning({ key: idempotencyKeys.key }),
  );
}
