// A PostgreSQL notification channel (LISTEN/NOTIFY) between gateway instances sharing one database. The
// store only carries strings; what they mean is core/cluster.ts's business. PGlite has no such channel: its
// folder belongs to one process, so there is no other instance to tell.
import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { postgresClient } from './postgres-client.js';
import { gatewayInstances } from './tables.js';

export interface NotificationChannel {
  /** Sends to every listening instance, this one included. Messages of one instance arrive in send order. */
  publish(payload: string): Promise<void>;
  /**
   * Listens until the returned function is called. `onReconnect` runs each time the listening connection is
   * back after a loss: messages sent meanwhile are gone, so whatever they would have invalidated must go.
   */
  listen(onMessage: (payload: string) => void, onReconnect: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** NOTIFY's payload limit is 8000 bytes; a longer message must be sent by reference. */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7_900;

const CHANNEL = 'idp_gateway';

/** A message for the other instances, and the lease id of the instance that sends it (see notifyOnCommit). */
export interface Announcement {
  message: string;
  /** The sender's lease (store/instances.ts): the message is sent only while another instance's lease lives. */
  senderLease: string;
}

/**
 * Whether an instance other than `senderLease` holds a live lease, i.e. whether anyone but the sender listens.
 * A lone instance's hot writes then skip NOTIFY: it cost a mutation about 1 ms on 2 cores (PostgreSQL signals the
 * listening session, which hands the message to this very process, which drops it as its own). No message is
 * missed by an instance starting meanwhile: once its lease row is in, it waits (a SHARE lock per table) for every
 * write that was in progress (registerInstance), so a write that did not see the new lease has committed before the
 * new instance reads anything.
 */
function anotherInstanceLive(senderLease: string | Placeholder): SQL {
  return sql`exists (select 1 from ${gatewayInstances} where ${gatewayInstances.id} <> ${senderLease}::uuid
    and ${gatewayInstances.leaseUntil} > now())`;
}

/**
 * A message for the channel sent by the statement that carries it, at its commit (or never, if it rolls back):
 * a write and its announcement cost one round trip, and the others never hear of a write that did not happen.
 * Sent only when another instance is live (anotherInstanceLive); the value is NULL either way.
 */
export function notifyOnCommit(announcement: Announcement): SQL {
  return sql`case when ${anotherInstanceLive(announcement.senderLease)} then pg_notify(${CHANNEL}, ${announcement.message}) end`;
}

/**
 * How full PostgreSQL's NOTIFY queue is (0 to 1). A full queue fails the COMMIT of every statement that notifies,
 * and the hot writes notify (see notifyOnCommit): it fills only while a listening session stops reading.
 */
export async function notificationQueueUsage(db: Db): Promise<number> {
  const result = await db.execute(sql`select pg_notification_queue_usage()::float8 as usage`);
  // postgres.js answers the rows, PGlite an object holding them.
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<{ usage: number }>;
  return Number(rows[0]?.usage ?? 0);
}

/** What a statement's part that wrote an audit row returns for auditRowNotifyOnCommit: the whole row (a composite value). */
export const AUDIT_ROW_COLUMNS = 'columns';

/**
 * core/audit/cluster.ts's message for an audit row that a statement wrote, made by the database from the row as
 * written: `part` names the statement's part that returned it as AUDIT_ROW_COLUMNS (the row; its JSON is to_jsonb's). The
 * message is {"from", "auditColumns": that JSON}, or {"from", "auditId", "status"} when that is too long for NOTIFY. The row
 * never travels to this instance and back: the statement's parameters stay small (a row with its input, states
 * and requests is several kilobytes). `from` and `senderLease` may be placeholders (a prepared statement's); the
 * message is sent only when another instance is live, as notifyOnCommit's.
 */
export function auditRowNotifyOnCommit(from: string | Placeholder, part: string, senderLease: string | Placeholder): SQL {
  const columns = sql`${sql.identifier(part)}.${sql.identifier(AUDIT_ROW_COLUMNS)}`;
  const whole = sql`jsonb_build_object('from', ${from}::text, 'auditColumns', ${columns})::text`;
  const byId = sql`jsonb_build_object('from', ${from}::text, 'auditId', (${columns}).id, 'status', (${columns}).status)::text`;
  return sql`case when ${anotherInstanceLive(senderLease)} then pg_notify(${CHANNEL}, (select case when octet_length(m.whole) <= ${MAX_NOTIFY_PAYLOAD_BYTES} then m.whole else ${byId} end
    from (select ${whole} as whole) m)) end`;
}

export function postgresChannel(url: string): NotificationChannel {
  // One connection sends (so one instance's messages keep their order); postgres.js listens on its own.
  const sql = postgresClient(url, { max: 1 });
  return {
    async publish(payload) {
      await sql.notify(CHANNEL, payload);
    },
    async listen(onMessage, onReconnect) {
      let listening = false;
      const { unlisten } = await sql.listen(CHANNEL, onMessage, () => {
        if (listening) onReconnect();
        listening = true;
      });
      return unlisten;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
