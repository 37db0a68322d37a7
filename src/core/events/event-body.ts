// The JSON body of a webhook (Standard Webhooks: `{ type, timestamp, data }`). An event of an audit row is told
// from that row, which no longer changes once final: who, which connection and provider, the audit event's id,
// the field changes (a secret only as "changed": its fingerprint never leaves the gateway), the error. Other
// events carry their data as written.
import type { JsonObject, JsonValue } from '../../model/provider.js';
import type { AuditRow, OutboxEventRow } from '../../store/outbox.js';

export interface WebhookBody {
  type: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: JsonObject;
}

export function webhookBody(event: OutboxEventRow, audit: AuditRow | null): WebhookBody {
  return { type: event.type, timestamp: event.occurredAt.toISOString(), data: audit ? auditData(audit) : (event.data ?? {}) };
}

function auditData(row: AuditRow): JsonObject {
  const data: JsonObject = {
    auditEventId: row.id,
    actor: row.actor,
    operation: row.operation,
    connectionId: row.connectionId,
    vendor: row.vendor,
    providerKey: row.providerKey,
    status: row.status,
    requestId: row.requestId,
    changes: row.changes.map(
      (change): JsonObject =>
        change.secret
          ? { path: change.path, secret: true, changed: true }
          : { path: change.path, before: change.before, after: change.after },
    ),
  };
  if (row.kind === 'DRIFT_DETECTED') data.drift = (row.input as { drift?: JsonValue }).drift ?? null;
  if (row.changeSetId) data.changeSetId = row.changeSetId;
  if (row.reason) data.reason = row.reason;
  if (row.error) data.error = { code: row.error.code ?? null, message: row.error.message ?? null };
  return data;
}
