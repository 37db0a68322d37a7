// The gateway's own tables. Nothing here holds a secret: inputs and states are stored with secrets replaced
// by keyed fingerprints (see core/secrets.ts).
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { JsonObject, JsonValue } from '../core/adapter.js';

/**
 * PENDING: written before the vendor is called. UNKNOWN: the vendor call ended without an answer that says
 * whether the write landed (a timeout, SlashID's 408): read the provider back before acting on it.
 */
export const AUDIT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REJECTED', 'UNKNOWN', 'DRY_RUN'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/** MUTATION: a change made (or planned) through the gateway. DRIFT_DETECTED: a change seen at the vendor that the gateway did not make. */
export const AUDIT_KINDS = ['MUTATION', 'DRIFT_DETECTED'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

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
    kind: text('kind', { enum: AUDIT_KINDS }).notNull().default('MUTATION'),
    status: text('status', { enum: AUDIT_STATUSES }).notNull(),
    /** Why a row got its final status other than by a normal finish, e.g. "interrupted" (reconciled after a crash). */
    reason: text('reason'),
    /** Correlates with the request log line that made the change. */
    requestId: text('request_id'),
    /** The mutation input, secrets fingerprinted. */
    input: jsonb('input').$type<JsonObject>().notNull(),
    before: jsonb('before').$type<JsonObject | null>(),
    after: jsonb('after').$type<JsonObject | null>(),
    /** The state the plan predicted (what reconciliation compares the vendor with after a crash). */
    planned: jsonb('planned').$type<JsonObject | null>(),
    /** The planned vendor writes, secrets redacted. */
    plannedRequests: jsonb('planned_requests').$type<JsonValue[]>().notNull().default([]),
    changes: jsonb('changes').$type<StoredFieldChange[]>().notNull().default([]),
    vendorRequests: jsonb('vendor_requests').$type<JsonValue[]>().notNull().default([]),
    error: jsonb('error').$type<JsonObject | null>(),
    durationMs: integer('duration_ms'),
    /** The gateway instance that wrote the row PENDING and is finishing it (gateway_instances.id). */
    ownerInstance: uuid('owner_instance'),
    /**
     * What the change is serialized on (connection/provider, or connection/new:<operation> for a create). Set
     * on a PENDING row only while its writer holds that lock (store/locks.ts): the CHECK below refuses a
     * PENDING row without it, and the unique index below allows one PENDING row per key.
     */
    serialKey: text('serial_key'),
    /** The caller's idempotency key of the attempt (with `actor`): the key is settled from this row after a crash. */
    idempotencyKey: text('idempotency_key'),
  },
  (table) => [
    index('audit_events_started_idx').on(table.startedAt.desc(), table.id.desc()),
    index('audit_events_provider_idx').on(table.connectionId, table.providerKey, table.startedAt.desc()),
    index('audit_events_pending_idx').on(table.status, table.startedAt),
    uniqueIndex('audit_events_one_pending_idx').on(table.serialKey).where(sql`status = 'PENDING'`),
    index('audit_events_idempotency_idx').on(table.actor, table.idempotencyKey).where(sql`idempotency_key is not null`),
    check('audit_events_pending_owned', sql`status <> 'PENDING' or (serial_key is not null and owner_instance is not null)`),
  ],
);

/**
 * Every running gateway instance and its lease: it renews `lease_until` while it lives. Only an instance whose
 * lease ran out may have its PENDING audit rows reconciled or its idempotency claims taken over by another.
 */
export const gatewayInstances = pgTable('gateway_instances', {
  id: uuid('id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }).notNull(),
  /** For people reading the table: where the instance runs. */
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
});

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

/**
 * Idempotency keys: the first result of a mutation, replayed for the same (actor, key) and the same input
 * within 24 hours. A row without `completedAt` is a mutation still running (possibly on another instance).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    /** sha256 of the operation, the target and the input (secrets by fingerprint). */
    requestHash: text('request_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    /** The serialized result (payload or typed error), secrets already absent. */
    outcome: jsonb('outcome').$type<JsonObject | null>(),
    /** The instance running the claimed request; a claim whose owner's lease ran out and that wrote no audit row may be taken over. */
    ownerInstance: uuid('owner_instance'),
  },
  (table) => [primaryKey({ columns: [table.actor, table.key] }), index('idempotency_keys_created_idx').on(table.createdAt)],
);
