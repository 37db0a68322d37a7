// Certificate notices into the outbox (core/certificates/notices.ts decides which): one statement for a batch,
// each row unique by its dedupe key (outbox_events_dedupe_idx), so a notice another instance (or an earlier run,
// before a restart) wrote already is left out, and two instances writing the same one at once leave one row.
import type { JsonObject } from '../model/provider.js';
import type { Db } from './db.js';
import { outboxEvents } from './tables.js';

export interface CertificateNoticeRow {
  type: 'certificate.expiring' | 'certificate.expired';
  connectionId: string;
  providerKey: string;
  data: JsonObject;
  dedupeKey: string;
}

/** Writes the notices not told before; returns the dedupe keys of those written now. */
export async function insertCertificateNotices(db: Db, notices: readonly CertificateNoticeRow[]): Promise<string[]> {
  if (notices.length === 0) return [];
  const written = await db
    .insert(outboxEvents)
    .values(notices.map((notice) => ({ ...notice })))
    .onConflictDoNothing()
    .returning({ dedupeKey: outboxEvents.dedupeKey });
  return written.map((row) => row.dedupeKey!);
}
