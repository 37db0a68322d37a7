// Stored estate plans: kept for a day so that a reviewed plan is applied as it was shown. Expired plans are
// never returned and are dropped when a new plan is stored.
import { and, eq, gt, lte } from 'drizzle-orm';
import type { JsonObject } from '../model/provider.js';
import type { Db } from './open.js';
import { estatePlans } from './tables.js';

export type EstatePlanRow = typeof estatePlans.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function insertEstatePlan(
  db: Db,
  row: {
    id: string;
    createdAt: Date;
    expiresAt: Date;
    actor: string;
    connectionIds: string[];
    secretFingerprints: Record<string, string>;
    plan: JsonObject;
  },
): Promise<void> {
  await db.delete(estatePlans).where(lte(estatePlans.expiresAt, new Date()));
  await db.insert(estatePlans).values(row);
}

/** The plan with this id while it has not expired; null otherwise (also for an id that is not a UUID). */
export async function getEstatePlan(db: Db, id: string): Promise<EstatePlanRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db
    .select()
    .from(estatePlans)
    .where(and(eq(estatePlans.id, id), gt(estatePlans.expiresAt, new Date())));
  return row ?? null;
}
