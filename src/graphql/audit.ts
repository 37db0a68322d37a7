// AuditEvent, FieldChange, the auditEvents query (newest first, keyset-paged) and the auditEventAdded
// subscription (served over SSE by yoga), both with the same filters.
import type { ArgBuilder } from '@pothos/core';
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import type { JsonValue } from '../core/vendor-contract/adapter.js';
import type { DisplayedRequest } from '../core/mutations/planned-requests.js';
import type { VendorKey } from '../model/vendor-key.js';
import { type AuditEventRow, type AuditFilter, type ListedAuditEvent, listAuditEvents, matchesAuditFilter } from '../store/audit.js';
import type { AuditKind, AuditStatus, StoredFieldChange } from '../store/tables.js';
import { restrictAuditFilter } from '../core/access.js';
import { builder, type SchemaTypes } from './builder.js';
import { AuditKindEnum, AuditStatusEnum, VendorEnum } from './enums.js';
import { decodeAuditCursor, encodeAuditCursor, forwardPage, withoutEmptyPageCursors } from './paging.js';
import { PlannedVendorRequestRef } from './planned-request.js';

export const FieldChangeRef = builder.objectRef<StoredFieldChange>('FieldChange').implement({
  description: 'One changed field. A secret shows only that it changed: before and after are then null.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Dotted path in the provider state, e.g. "details.display.0.color".' }),
    before: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.before }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.after }),
    secret: t.exposeBoolean('secret'),
  }),
});

interface VendorRequestSummary {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  durationMs: number;
}

const VendorRequestSummaryRef = builder.objectRef<VendorRequestSummary>('VendorRequestSummary').implement({
  description: 'One call the gateway made to the vendor (secrets scrubbed).',
  fields: (t) => ({
    method: t.exposeString('method'),
    path: t.exposeString('path'),
    query: t.field({ type: 'JSON', resolve: (r) => r.query }),
    status: t.exposeInt('status', { nullable: true, description: 'null when no answer came.' }),
    durationMs: t.exposeInt('durationMs'),
  }),
});

export const AuditEventRef = builder.objectRef<AuditEventRow>('AuditEvent').implement({
  description: 'One mutation attempt (or a drift seen at a vendor). Written PENDING before the vendor is called, then finished.',
  fields: (t) => ({
    id: t.exposeID('id'),
    occurredAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    actor: t.exposeString('actor'),
    operation: t.exposeString('operation'),
    connectionId: t.exposeString('connectionId'),
    vendor: t.field({ type: VendorEnum, resolve: (e) => e.vendor as VendorKey }),
    providerKey: t.exposeString('providerKey', { nullable: true }),
    kind: t.field({ type: AuditKindEnum, resolve: (e) => e.kind }),
    status: t.field({ type: AuditStatusEnum, resolve: (e) => e.status }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why the row got its final status other than by a normal finish, e.g. "interrupted" (reconciled after a crash).',
    }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'The request that made the change, as in the gateway log.' }),
    changeSetId: t.exposeID('changeSetId', { nullable: true, description: 'The change set (an estate apply) the change belongs to.' }),
    input: t.field({ type: 'JSON', description: 'The input as sent, secrets replaced by fingerprints.', resolve: (e) => e.input }),
    changes: t.field({ type: [FieldChangeRef], resolve: (e) => e.changes }),
    plannedRequests: t.field({
      type: [PlannedVendorRequestRef],
      description: 'The writes the plan said would be sent, in order (also for a dry run, where none was sent).',
      resolve: (e) => e.plannedRequests as unknown as DisplayedRequest[],
    }),
    vendorRequests: t.field({
      description: 'The calls actually made to the vendor (reads and writes), in order.',
      type: [VendorRequestSummaryRef],
      resolve: (e) => e.vendorRequests as unknown as VendorRequestSummary[],
    }),
    error: t.string({
      nullable: true,
      resolve: (e) => (e.error ? String((e.error as Record<string, JsonValue>).message ?? e.error.code) : null),
    }),
    errorCode: t.string({
      nullable: true,
      description: 'VALIDATION_FAILED, NOT_FOUND or VENDOR_ERROR (with vendorCode in the message context).',
      resolve: (e) => (e.error ? String(e.error.code) : null),
    }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
  }),
});

/** The filters shared by auditEvents and auditEventAdded. */
function auditFilterArgs(arg: ArgBuilder<SchemaTypes>) {
  return {
    connectionId: arg.string(),
    vendor: arg({ type: VendorEnum }),
    providerKey: arg.string(),
    actor: arg.string(),
    status: arg({ type: [AuditStatusEnum], description: 'Any of these statuses (an empty list: any status).' }),
    operation: arg.string({ description: 'The mutation name, e.g. "setCpanelClientConfiguration".' }),
    kind: arg({ type: AuditKindEnum }),
    changeSetId: arg.id({ description: 'Only the events of one change set (an estate apply: EstateApplyReport.changeSetId).' }),
    since: arg({ type: 'DateTime', description: 'Only events that occurred at or after this time.' }),
    until: arg({ type: 'DateTime', description: 'Only events that occurred before this time.' }),
  };
}

interface AuditFilterArgs {
  connectionId?: string | null;
  vendor?: VendorKey | null;
  providerKey?: string | null;
  actor?: string | null;
  status?: readonly AuditStatus[] | null;
  operation?: string | null;
  kind?: AuditKind | null;
  changeSetId?: string | number | null;
  since?: Date | null;
  until?: Date | null;
}

function toAuditFilter(args: AuditFilterArgs): AuditFilter {
  return {
    connectionId: args.connectionId ?? undefined,
    vendor: args.vendor ?? undefined,
    providerKey: args.providerKey ?? undefined,
    actor: args.actor ?? undefined,
    statuses: args.status ?? undefined,
    operation: args.operation ?? undefined,
    kind: args.kind ?? undefined,
    changeSetId: args.changeSetId == null ? undefined : String(args.changeSetId),
    since: args.since ?? undefined,
    until: args.until ?? undefined,
  };
}

builder.queryField('auditEvents', (t) =>
  t.connection({
    type: AuditEventRef,
    description:
      'Audit events, newest first (by occurredAt), filtered by every argument given. An admin reads every event; ' +
      "a viewer or operator only its own (actor = its token name). Only the connections of the caller's token. " +
      '`first` defaults to 50 and may not exceed 200.',
    args: auditFilterArgs(t.arg),
    resolve: async (_root, args, ctx) => {
      const page = forwardPage(args);
      const filter = restrictAuditFilter(toAuditFilter(args), ctx.principal);
      const connection = await resolveCursorConnection(
        { ...page, toCursor: (row: ListedAuditEvent) => encodeAuditCursor(row.position) },
        // Keyset: newest first, so the rows after the cursor are the store's rows `before` its (started_at, id).
        // `limit` is the page plus one, which tells the helper whether there is a next page.
        async ({ after, limit }: ResolveCursorConnectionArgs) =>
          filter ? listAuditEvents(ctx.services.db, { ...filter, limit, before: decodeAuditCursor(after) }) : [],
      );
      return withoutEmptyPageCursors(connection);
    },
  }),
);

builder.subscriptionField('auditEventAdded', (t) =>
  t.field({
    type: AuditEventRef,
    description:
      'Audit rows as the gateway writes them, with the filters of auditEvents (over SSE: POST or GET ' +
      '/graphql with "Accept: text/event-stream"). Every write is an event: a mutation arrives first PENDING ' +
      '(finishedAt null) and then again final (finishedAt set, same id); a row written already final (REJECTED, ' +
      'DRY_RUN) arrives twice with the same status. Rows written by other instances on the same PostgreSQL arrive ' +
      'through its LISTEN/NOTIFY channel. A subscriber that falls 1000 events behind is ended with an error. ' +
      'The caller sees what auditEvents would show it (an admin every event, others their own).',
    args: auditFilterArgs(t.arg),
    // The filter runs when a row is published, so unwanted rows are never queued for this subscriber.
    subscribe: (_root, args, ctx) => {
      const filter = restrictAuditFilter(toAuditFilter(args), ctx.principal);
      return ctx.services.auditFeed.subscribe({ filter: (row) => filter !== null && matchesAuditFilter(row, filter) });
    },
    resolve: (row) => row,
  }),
);
