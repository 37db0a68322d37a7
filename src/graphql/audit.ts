// AuditEvent, FieldChange and the auditEvents query (newest first, keyset-paged).
import type { JsonValue } from '../core/adapter.js';
import { type AuditEventRow, listAuditEvents } from '../store/audit.js';
import type { StoredFieldChange } from '../store/tables.js';
import { builder } from './builder.js';
import { AuditStatusEnum, VendorEnum } from './enums.js';
import { decodeCursor, encodeCursor, pageSize } from './paging.js';
import type { VendorKey } from '../core/vendor-key.js';

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
  description: 'One mutation attempt. Written PENDING before the vendor is called, then finished.',
  fields: (t) => ({
    id: t.exposeID('id'),
    occurredAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    actor: t.exposeString('actor'),
    operation: t.exposeString('operation'),
    connectionId: t.exposeString('connectionId'),
    vendor: t.field({ type: VendorEnum, resolve: (e) => e.vendor as VendorKey }),
    providerKey: t.exposeString('providerKey', { nullable: true }),
    status: t.field({ type: AuditStatusEnum, resolve: (e) => e.status }),
    input: t.field({ type: 'JSON', description: 'The input as sent, secrets replaced by fingerprints.', resolve: (e) => e.input }),
    changes: t.field({ type: [FieldChangeRef], resolve: (e) => e.changes }),
    vendorRequests: t.field({
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

builder.queryField('auditEvents', (t) =>
  t.connection({
    type: AuditEventRef,
    description: 'Audit events, newest first.',
    args: {
      connectionId: t.arg.string(),
      providerKey: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const limit = pageSize(args.first);
      const rows = await listAuditEvents(ctx.services.db, {
        connectionId: args.connectionId ?? undefined,
        providerKey: args.providerKey ?? undefined,
        limit: limit + 1,
        before: decodeCursor(args.after),
      });
      const page = rows.slice(0, limit);
      const edges = page.map((row) => ({ cursor: encodeCursor(row), node: row }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rows.length > limit,
          hasPreviousPage: Boolean(args.after),
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);
