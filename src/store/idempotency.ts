// Idempotency keys: claim a key before running a mutation, store its outcome after, read it on a replay.
// A claim belongs to the instance that runs it (its lease, store/instances.ts); times are the database's.
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { JsonObject } from '../model/provider.js';
import type { Db } from './open.js';
import { gatewayInstances, idempotencyKeys } from './tables.js';

/** How long a key and its result are kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export type ClaimResult =
  | { state: 'claimed' }
  | { state: 'completed'; requestHash: string; outcome: JsonObject }
  | {
      state: 'running';
      requestHash: string;
      /** The instance running it; null for a claim of a gateway version before leases. */
      ownerInstance: string | null;
      /** Its lease lives: the request is still being worked on. */
      ownerAlive: boolean;
      /** Milliseconds until the owner's lease ends (negative: ended that long ago; null: no lease recorded). */
      ownerLeaseEndsInMs: number | null;
      /** When the claim was made (the database's clock): its audit row started at or after this. */
      claimedAt: Date;
    };

export interface ClaimRequest {
  actor: string;
  key: string;
  operation: string;
  requestHash: string;
  ownerInstance: string;
}

const ofKey = (actor: string, key: string) => and(eq(idempotencyKeys.actor, actor), eq(idempotencyKeys.key, key));

export async function claimIdempotencyKey(db: Db, request: ClaimRequest): Promise<ClaimResult> {
  // An expired key makes room for a new claim.
  await db
    .delete(idempotencyKeys)
    .where(
      and(ofKey(request.actor, request.key), lt(idempotencyKeys.createdAt, sql`now() - ${IDEMPOTENCY_TTL_MS} * interval '1 millisecond'`)),
    );
  const inserted = await db.insert(idempotencyKeys).values(request).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { state: 'claimed' };
  return readIdempotencyKey(db, request.actor, request.key);
}

export async function readIdempotencyKey(db: Db, actor: string, key: string): Promise<ClaimResult> {
  const [found] = await db
    .select({
      row: idempotencyKeys,
      ownerAlive: sql<boolean>`coalesce(${gatewayInstances.leaseUntil} > now(), false)`,
      ownerLeaseEndsInMs: sql<number | null>`(extract(epoch from (${gatewayInstances.leaseUntil} - now())) * 1000)::float8`,
    })
    .from(idempotencyKeys)
    .leftJoin(gatewayInstances, eq(gatewayInstances.id, idempotencyKeys.ownerInstance))
    .where(ofKey(actor, key));
  if (!found) return { state: 'claimed' }; // released in the meantime: the caller may claim again
  const { row, ownerAlive, ownerLeaseEndsInMs } = found;
  if (row.completedAt && row.outcome) return { state: 'completed', requestHash: row.requestHash, outcome: row.outcome };
  return {
    state: 'running',
    requestHash: row.requestHash,
    ownerInstance: row.ownerInstance,
    ownerAlive,
    ownerLeaseEndsInMs: ownerLeaseEndsInMs === null ? null : Number(ownerLeaseEndsInMs),
    claimedAt: row.createdAt,
  };
}

/**
 * Takes over a claim whose owner died before it wrote an audit row (so nothing was sent): only if the claim is
 * still the dead owner's. False when another instance was quicker.
 */
export async function takeOverIdempotencyKey(
  db: Db,
  actor: string,
  key: string,
  deadOwner: string | null,
  ownerInstance: string,
): Promise<boolean> {
  const taken = await db
    .update(idempotencyKeys)
    .set({ ownerInstance, createdAt: sql`now()` })
    .where(
      and(
        ofKey(actor, key),
        isNull(idempotencyKeys.completedAt),
        deadOwner === null ? isNull(idempotencyKeys.ownerInstance) : eq(idempotencyKeys.ownerInstance, deadOwner),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return taken.length === 1;
}

/** Stores the outcome, unless one is stored already (the reconciler may have settled the key first): false then. */
export async function completeIdempotencyKey(db: Db, actor: string, key: string, outcome: JsonObject): Promise<boolean> {
  const done = await db
    .update(idempotencyKeys)
    .set({ outcome, completedAt: sql`now()` })
    .where(and(ofKey(actor, key), isNull(idempotencyKeys.completedAt)))
    .returning({ key: idempotencyKeys.key });
  return done.length === 1;
}

/** Gives this instance's unfinished claim back (the attempt may be retried with it), e.g. after a retryable vendor failure. */
export async function releaseIdempotencyKey(db: Db, actor: string, key: string, ownerInstance: string): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(ofKey(actor, key), isNull(idempotencyKeys.completedAt), eq(idempotencyKeys.ownerInstance, ownerInstance)));
}
