// Idempotency keys: claim a key before running a mutation, store its outcome after, read it on a replay.
import { and, eq, lt, or, isNull } from 'drizzle-orm';
import type { JsonObject } from '../core/adapter.js';
import type { Db } from './open.js';
import { idempotencyKeys } from './tables.js';

/** How long a key and its result are kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim older than this without an outcome belonged to a process that died: it may be taken over. */
export const ABANDONED_CLAIM_MS = 10 * 60 * 1000;

export type ClaimResult =
  | { state: 'claimed' }
  | { state: 'completed'; requestHash: string; outcome: JsonObject }
  | { state: 'running'; requestHash: string };

export interface ClaimRequest {
  actor: string;
  key: string;
  operation: string;
  requestHash: string;
}

export async function claimIdempotencyKey(db: Db, request: ClaimRequest, now = new Date()): Promise<ClaimResult> {
  // Expired keys and abandoned claims make room for a new claim.
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.actor, request.actor),
        eq(idempotencyKeys.key, request.key),
        or(
          lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)),
          and(isNull(idempotencyKeys.completedAt), lt(idempotencyKeys.createdAt, new Date(now.getTime() - ABANDONED_CLAIM_MS))),
        ),
      ),
    );
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ ...request, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { state: 'claimed' };
  return readIdempotencyKey(db, request.actor, request.key);
}

export async function readIdempotencyKey(db: Db, actor: string, key: string): Promise<ClaimResult> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actor, actor), eq(idempotencyKeys.key, key)));
  if (!row) return { state: 'claimed' }; // released in the meantime: the caller may claim again
  if (row.completedAt && row.outcome) return { state: 'completed', requestHash: row.requestHash, outcome: row.outcome };
  return { state: 'running', requestHash: row.requestHash };
}

export async function completeIdempotencyKey(db: Db, actor: string, key: string, outcome: JsonObject): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ outcome, completedAt: new Date() })
    .where(and(eq(idempotencyKeys.actor, actor), eq(idempotencyKeys.key, key)));
}

/** Gives the key back (the attempt may be retried with it), e.g. after a retryable vendor failure. */
export async function releaseIdempotencyKey(db: Db, actor: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.actor, actor), eq(idempotencyKeys.key, key)));
}
