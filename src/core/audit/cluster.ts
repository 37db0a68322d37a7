// Coherence between gateway instances that share one PostgreSQL, over its LISTEN/NOTIFY channel:
//   - every audit row this instance writes (PENDING, then final; drift) is sent to the others, which hand it
//     to their own live feed: an auditEventAdded subscriber sees the writes of every instance;
//   - every refresh of a connection from its vendor is announced, so the others drop their cached snapshots
//     of it and read the new ones from the store (instead of reading the vendor again).
// The hot writes (a mutation's PENDING and final rows, a fresh list) send their message in their own statement,
// at its commit, and only while another instance's lease lives (store/notify.ts: a lone instance sends none); the
// rest are sent on the channel's connection. A row such a statement sends is
// made by the database ({"from", "auditColumns": to_jsonb(row)}: column names, read back by auditRowFromColumns).
// A finished audit row also drops the cached snapshots of its connection (the writer saved them first): the
// snapshot cache listens to the feed, local and remote alike (see app.ts).
// Messages are JSON: {"from": <instance id>, "audit": <row>} (or {"auditId", "status"} when the row is too big
// for NOTIFY and must be read from the store: handed on only if it still has that status), {"from", "synced":
// <connection id>}. An instance ignores its own.
import { randomUUID } from 'node:crypto';
import { type AuditEventRow, auditRowFromColumns } from '../../store/audit.js';
import { MAX_NOTIFY_PAYLOAD_BYTES, type NotificationChannel } from '../../store/notify.js';
import { describeError, type Logger } from '../log.js';

export interface ClusterHandlers {
  /** An audit row another instance wrote (or its id, to read from the store when it was too big to send). */
  auditRow(row: AuditEventRow): void;
  /**
   * `status`: the row's status when it was written. Read later, the row may have moved on (a PENDING row too big
   * to send is often final by the time it is read): it is handed on only while it still has that status.
   */
  auditRowId(id: string, status: AuditEventRow['status'] | null): void;
  /** Another instance read the connection from its vendor and replaced its snapshots. */
  synced(connectionId: string): void;
  /** The channel was lost and is back: messages may have been missed. */
  resync(): void;
}

type Message = { from: string } & (
  | { audit: AuditEventRow }
  | { auditColumns: Record<string, unknown> }
  | { auditId: string; status?: AuditEventRow['status'] }
  | { synced: string }
);

export class Cluster {
  readonly instanceId = randomUUID();
  /** How this instance's messages begin: as JSON.stringify writes them, and as PostgreSQL's jsonb text does. */
  private readonly ownPrefixes = [`{"from":"${this.instanceId}"`, `{"from": "${this.instanceId}"`];
  private stopListening: (() => Promise<void>) | null = null;

  /** Where a notification that could not be sent is reported. */
  logger?: Logger;

  constructor(private readonly channel: NotificationChannel) {}

  async start(handlers: ClusterHandlers): Promise<void> {
    this.stopListening = await this.channel.listen((payload) => this.receive(payload, handlers), handlers.resync);
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
  }

  publishAuditRow(row: AuditEventRow): void {
    const whole = JSON.stringify({ from: this.instanceId, audit: row } satisfies Message);
    this.send(
      Buffer.byteLength(whole) <= MAX_NOTIFY_PAYLOAD_BYTES
        ? whole
        : JSON.stringify({ from: this.instanceId, auditId: row.id, status: row.status } satisfies Message),
    );
  }

  /** The message that tells of a refresh from the vendor (sent by the statement that writes the list). */
  syncedMessage(connectionId: string): string {
    return JSON.stringify({ from: this.instanceId, synced: connectionId } satisfies Message);
  }

  /** Never waits and never throws: a lost message costs a cached entry its freshness, never a request. */
  private send(payload: string): void {
    this.channel.publish(payload).catch((error: unknown) => {
      this.logger?.log('warn', 'cluster notification not sent', { error: describeError(error) });
    });
  }

  private receive(payload: string, handlers: ClusterHandlers): void {
    // This instance's own messages (every write it announces comes back to it): not parsed at all.
    if (this.ownPrefixes.some((prefix) => payload.startsWith(prefix))) return;
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch {
      return;
    }
    if (message.from === this.instanceId) return;
    if ('audit' in message) handlers.auditRow(reviveAuditRow(message.audit));
    else if ('auditColumns' in message) handlers.auditRow(auditRowFromColumns(message.auditColumns));
    else if ('auditId' in message) handlers.auditRowId(message.auditId, message.status ?? null);
    else if ('synced' in message) handlers.synced(message.synced);
  }
}

/** JSON turned the row's dates into strings. */
function reviveAuditRow(row: AuditEventRow): AuditEventRow {
  return { ...row, startedAt: new Date(row.startedAt), finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt) };
}
