// The gateway's own tables. Nothing here holds a secret: inputs and states are stored with secrets replaced
// by keyed fingerprints (see core/secrets.ts).
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { JsonObject, JsonValue } from '../core/adapter.js';

/**
 * PENDING: written before the vendor is called. UNKNOWN: the vendor call ended without an answer that says
 * whether the write landed (a timeout, SlashID's 408): read the provider back before acting on it.
 */
export const AUDIT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REJECTED', 'UNKNOWN'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export interface StoredFieldChange {
  path: string;
  before: JsonValue;
  after: JsonValue;
  secret: boolean;
}

export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    actor: text('actor').notNull(),
    operation: text('operation').notNull(),
    connectionId: text('connection_id').notNull(),
    vendor: text('vendor').notNull(),
    providerKey: text('provider_key'),
    status: text('status', { enum: AUDIT_STATUSES }).notNull(),
    /** The mutation input, secrets fingerprinted. */
    input: jsonb('input').$type<JsonObject>().notNull(),
    before: jsonb('before').$type<JsonObject | null>(),
    after: jsonb('after').$type<JsonObject | null>(),
    changes: jsonb('changes').$type<StoredFieldChange[]>().notNull().default([]),
    vendorRequests: jsonb('vendor_requests').$type<JsonValue[]>().notNull().default([]),
    error: jsonb('error').$type<JsonObject | null>(),
    durationMs: integer('duration_ms'),
  },
  (table) => [
    index('audit_events_started_idx').on(table.startedAt.desc(), table.id.desc()),
    index('audit_events_provider_idx').on(table.connectionId, table.providerKey, table.startedAt.desc()),
  ],
);

export const providerSnapshots = pgTable(
  'provider_snapshots',
  {
    connectionId: text('connection_id').notNull(),
    providerKey: text('provider_key').notNull(),
    vendor: text('vendor').notNull(),
    /** The NormalizedProvider (no secrets; fingerprints only). */
    state: jsonb('state').$type<JsonObject>().notNull(),
    version: text('version').notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.connectionId, table.providerKey] })],
);

/** When a connection's full provider list was last read, and what went wrong last. */
export const connectionSyncs = pgTable('connection_syncs', {
  connectionId: text('connection_id').primaryKey(),
  vendor: text('vendor').notNull(),
  syncedAt: timestamp('synced_at', { withTimezone: true, mode: 'date' }),
  lastErrorAt: timestamp('last_error_at', { withTimezone: true, mode: 'date' }),
  lastError: jsonb('last_error').$type<JsonObject | null>(),
});
