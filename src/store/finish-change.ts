// The end of a change that was sent to its vendor, written in ONE statement: the provider's snapshot, the audit
// row's final fields and the idempotency key's outcome (data-modifying CTEs). One round trip and one commit
// instead of three, and all or nothing: a row is never final while its snapshot is not yet written.
// The row is finished only while it is still PENDING, and the key is settled only when the row was: if a
// reconciler finished the row first, the statement writes the snapshot and changes nothing else.
import { and, eq, isNull, type SQL, sql, type WithSubquery } from 'drizzle-orm';
import type { JsonObject, NormalizedProvider } from '../model/provider.js';
import type { VendorKey } from '../model/vendor-key.js';
import { providerVersion } from '../model/version.js';
import { type AuditEventRow, type AuditOutcome, finishedFields } from './audit.js';
import type { Db } from './db.js';
import { auditEvents, idempotencyKeys, providerSnapshots } from './tables.js';

export interface ChangeFinish {
  connectionId: string;
  vendor: VendorKey;
  /** The provider as read back (saved), the key of one deleted, or null (nothing known to write). */
  snapshot: { save: NormalizedProvider } | { delete: string } | null;
  auditEventId: string;
  outcome: AuditOutcome;
  /** The idempotency key of the attempt: its outcome stored, or the claim given back (by its owner). */
  key: { actor: string; key: string; complete: JsonObject } | { actor: string; key: string; releasedBy: string } | null;
}

/** Writes the finish; the finished row, or null when the row was no longer PENDING (someone else finished it). */
export async function finishChange(db: Db, finish: ChangeFinish): Promise<AuditEventRow | null> {
  const finished = db.$with('finished').as(
    db
      .update(auditEvents)
      .set(finishedFields(finish.outcome))
      .where(and(eq(auditEvents.id, finish.auditEventId), eq(auditEvents.status, 'PENDING')))
      .returning(),
  );
  const snapshot = snapshotWrite(db, finish);
  const key = keySettlement(db, finish, sql`exists (select 1 from ${finished})`);
  const parts: WithSubquery[] = [finished, ...(snapshot ? [snapshot] : []), ...(key ? [key] : [])];
  const [row] = await db
    .with(...parts)
    .select()
    .from(finished);
  return row ?? null;
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
