// The gateway's own tables. Nothing here holds a secret: inputs and states are stored with secrets replaced
// by keyed fingerprints (see core/secrets.ts).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { EVENT_TYPES } from '../model/event-types.js';
import type { JsonObject, JsonValue } from '../model/provider.js';

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
    /** The change set (one estate apply: the plan's id) the row belongs to; null for a change made on its own. */
    changeSetId: uuid('change_set_id'),
  },
  (table) => [
    index('audit_events_started_idx').on(table.startedAt.desc(), table.id.desc()),
    index('audit_events_provider_idx').on(table.connectionId, table.providerKey, table.startedAt.desc()),
    index('audit_events_pending_idx').on(table.status, table.startedAt),
    uniqueIndex('audit_events_one_pending_idx').on(table.serialKey).where(sql`status = 'PENDING'`),
    index('audit_events_idempotency_idx').on(table.actor, table.idempotencyKey).where(sql`idempotency_key is not null`),
    index('audit_events_change_set_idx').on(table.changeSetId).where(sql`change_set_id is not null`),
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

/**
 * The last change of each provider (or create) that went PENDING, by its serial key: moved by a trigger on every
 * PENDING insert (drizzle/0006_provider_changes.sql), in the statement that inserts it, so no vendor write is
 * sent without moving it. A change that read the provider while its lock was still being taken trusts that read
 * only when this still names the change it expected (core/mutations/early-read.ts). Clock-free on purpose.
 */
export const providerChanges = pgTable('provider_changes', {
  serialKey: text('serial_key').primaryKey(),
  auditEventId: uuid('audit_event_id').notNull(),
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
    // Derived from `state` by the database on every write (no writer sets them): what identityProviders'
    // search, filters and DISPLAY_NAME order read and index (store/provider-search.ts).
    displayName: text('display_name').generatedAlwaysAs(sql`state->>'displayName'`),
    enabled: boolean('enabled').generatedAlwaysAs(sql`(state->>'enabled')::boolean`),
    protocol: text('protocol').generatedAlwaysAs(sql`state->>'protocol'`),
    clientId: text('client_id').generatedAlwaysAs(sql`state->>'clientId'`),
    /**
     * Display name, key and client id, one per line, for the substring search (ILIKE, trigram index). A search
     * holds no line break (control characters are refused), so a match never spans two of them.
     */
    /**
     * The certificates' scan (core/certificates): the snapshot `version` they were read from, and the earliest
     * `notAfter` among them (null: none). A write that changes `state` leaves them behind its version, which marks
     * the row for the next scan; a filter trusts them only where the versions agree.
     */
    certificatesVersion: text('certificates_version'),
    certificateNotAfter: timestamp('certificate_not_after', { withTimezone: true, mode: 'date' }),
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(
        sql`coalesce(state->>'displayName', '') || chr(10) || provider_key || chr(10) || coalesce(state->>'clientId', '')`,
      ),
  },
  (table) => [
    primaryKey({ columns: [table.connectionId, table.providerKey] }),
    index('provider_snapshots_search_idx').using('gin', sql`${table.searchText} gin_trgm_ops`),
    // The DISPLAY_NAME order and its keyset cursor: case-insensitive name, then connection and key, bytewise.
    index('provider_snapshots_name_order_idx').on(
      sql`lower(${table.displayName}) collate "C"`,
      sql`${table.connectionId} collate "C"`,
      sql`${table.providerKey} collate "C"`,
    ),
    index('provider_snapshots_certificate_idx').on(table.certificateNotAfter).where(sql`certificate_not_after is not null`),
    // The certificate scan's lookup of the rows it has not read yet (store/certificate-scan.ts uses this predicate).
    index('provider_snapshots_certificates_unscanned_idx').on(table.connectionId).where(sql`certificates_version is distinct from version`),
  ],
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

/**
 * Estate plans (core/estate/): a document planned against the live state, kept for a day so that it can be
 * applied as reviewed. `items` hold the operations to run with their inputs, secrets as references only
 * (their values are supplied again at apply and must match `secretFingerprints`).
 */
export const estatePlans = pgTable(
  'estate_plans',
  {
    id: uuid('id').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    actor: text('actor').notNull(),
    /** The connections the plan touches (an apply needs them all visible to its caller). */
    connectionIds: jsonb('connection_ids').$type<string[]>().notNull(),
    /** Fingerprint of each secret reference's value at plan time, by reference ("env:NAME"). */
    secretFingerprints: jsonb('secret_fingerprints').$type<Record<string, string>>().notNull(),
    /** The plan as shown (items, summary, snapshot age), secrets redacted. */
    plan: jsonb('plan').$type<JsonObject>().notNull(),
  },
  (table) => [index('estate_plans_expires_idx').on(table.expiresAt)],
);

export { EVENT_TYPES, type EventType } from '../model/event-types.js';

/**
 * The outbox: every event the gateway has to tell, written in the transaction that makes it true. Events of an
 * audit row (a finished mutation, a recorded drift) are written by the database itself (the deferred trigger
 * audit_events_outbox, drizzle/0005), so no code path that finishes a row can forget one; their body is built
 * from the audit row, which no longer changes. Other events (certificate notices, connection health) carry
 * their `data` and, where they must be told once across instances and restarts, a `dedupeKey`.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type', { enum: EVENT_TYPES }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    connectionId: text('connection_id'),
    providerKey: text('provider_key'),
    /** The audit row the event tells of (its body is built from that row). */
    auditEventId: uuid('audit_event_id'),
    /** The event's body `data` for events without an audit row; secrets never (fingerprints at most). */
    data: jsonb('data').$type<JsonObject | null>(),
    /** Makes an event that must be told once (a certificate notice) unique across instances and restarts. */
    dedupeKey: text('dedupe_key'),
    /** When the delivery worker made this event's deliveries (one per matching endpoint); null: not yet. */
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    uniqueIndex('outbox_events_audit_idx').on(table.auditEventId, table.type).where(sql`audit_event_id is not null`),
    uniqueIndex('outbox_events_dedupe_idx').on(table.dedupeKey).where(sql`dedupe_key is not null`),
    index('outbox_events_unfanned_idx').on(table.occurredAt).where(sql`fanned_out_at is null`),
  ],
);

/** PENDING: to be sent (again) at `nextAttemptAt`. DELIVERED: a 2xx came back. FAILED: given up (the retry window ran out). */
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event to one webhook endpoint (by its configured name), with every attempt's outcome. A sender claims a
 * due row by moving `nextAttemptAt` past its attempt's timeout in one statement (FOR UPDATE SKIP LOCKED), so two
 * instances never send the same attempt; a sender that dies leaves the row due again after that time.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => outboxEvents.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('PENDING'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'date' }),
    /** The last attempt's HTTP status (null: no answer). */
    lastStatusCode: integer('last_status_code'),
    /** The last attempt's error, for people (no secret, no response body beyond a short excerpt). */
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    uniqueIndex('webhook_deliveries_event_endpoint_idx').on(table.eventId, table.endpoint),
    index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`status = 'PENDING'`),
    index('webhook_deliveries_endpoint_idx').on(table.endpoint, table.createdAt.desc(), table.id.desc()),
  ],
);

/**
 * Work that exactly one instance runs per period (scheduled drift checks, certificate notices): an instance
 * runs `name` only after moving `nextRunAt` forward in one statement while it was due.
 */
export const scheduledRuns = pgTable('scheduled_runs', {
  name: text('name').primaryKey(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true, mode: 'date' }).notNull(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true, mode: 'date' }),
  /** The instance that ran it last (gateway_instances.id), for people reading the table. */
  lastInstance: uuid('last_instance'),
});
