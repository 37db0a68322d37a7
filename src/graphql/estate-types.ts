// The GraphQL types of the estate (graphql/estate.ts defines its fields): the export, the plan and its items,
// the apply report, and the estate's typed errors.
import type { EstateApplyItem, EstateMovedTarget } from '../core/estate/apply.js';
import type { DocumentProblem } from '../core/estate/document-text.js';
import { EstateDocumentError, EstatePlanMovedError } from '../core/estate/errors.js';
import type { EstatePlanData, EstatePlanItem } from '../core/estate/plan.js';
import type { JsonObject } from '../model/provider.js';
import type { VendorKey } from '../model/vendor-key.js';
import { AuditEventRef, FieldChangeRef } from './audit.js';
import { asBatchError, BatchErrorRef } from './automation.js';
import { builder } from './builder.js';
import { VendorEnum } from './enums.js';
import { ErrorInterface } from './errors.js';
import { PlannedVendorRequestRef } from './planned-request.js';

export const EstateExportRef = builder.objectRef<{ yaml: string; json: JsonObject; providerCount: number }>('EstateExport').implement({
  description: 'The live estate as a document. Planning it right away shows no change.',
  fields: (t) => ({
    yaml: t.exposeString('yaml', { description: 'The document as YAML, secrets as { env } references with a comment each.' }),
    json: t.field({ type: 'JSON', description: 'The same document as JSON.', resolve: (e) => e.json }),
    providerCount: t.exposeInt('providerCount'),
  }),
});

const EstateActionEnum = builder.enumType('EstateAction', {
  values: {
    CREATE: {},
    UPDATE: {},
    DELETE: { description: 'Only on a connection with prune: true.' },
    NO_OP: { description: 'The provider already is as the document says.' },
    UNMANAGED: { description: 'At the vendor, not named by the document (left as it is).' },
  } as const,
});

const EstatePlanSummaryRef = builder.objectRef<EstatePlanData['summary']>('EstatePlanSummary').implement({
  fields: (t) => ({
    creates: t.exposeInt('creates'),
    updates: t.exposeInt('updates'),
    deletes: t.exposeInt('deletes'),
    unchanged: t.exposeInt('unchanged'),
    unmanaged: t.exposeInt('unmanaged'),
  }),
});

const EstatePlanItemRef = builder.objectRef<EstatePlanItem>('EstatePlanItem').implement({
  fields: (t) => ({
    connectionId: t.exposeString('connectionId'),
    vendor: t.field({ type: VendorEnum, resolve: (item) => item.vendor as VendorKey }),
    key: t.exposeString('key', { nullable: true, description: 'null for a create whose key the vendor assigns.' }),
    documentPath: t.exposeString('documentPath', { description: 'Where the document names it, e.g. connections.x.providers.acme.' }),
    action: t.field({ type: EstateActionEnum, resolve: (item) => item.action }),
    version: t.exposeString('version', { nullable: true, description: 'The version planned against; an apply needs it unchanged.' }),
    changes: t.field({ type: [FieldChangeRef], resolve: (item) => item.changes }),
    operations: t.stringList({
      description: 'The vendor mutations that make the change, in order.',
      resolve: (item) => item.operations.map((op) => op.operation),
    }),
    vendorRequests: t.field({ type: [PlannedVendorRequestRef], resolve: (item) => item.vendorRequests }),
    warnings: t.exposeStringList('warnings'),
  }),
});

export const EstatePlanRef = builder.objectRef<EstatePlanData>('EstatePlan').implement({
  description: 'A document planned against the live state; stored for a day, applied by id as it was reviewed.',
  fields: (t) => ({
    id: t.exposeID('id'),
    createdAt: t.field({ type: 'DateTime', resolve: (plan) => new Date(plan.createdAt) }),
    expiresAt: t.field({ type: 'DateTime', resolve: (plan) => new Date(plan.expiresAt) }),
    fromCache: t.exposeBoolean('fromCache'),
    snapshotAgeSeconds: t.exposeInt('snapshotAgeSeconds', {
      nullable: true,
      description: 'With fromCache: the age of the oldest snapshot used.',
    }),
    hasChanges: t.boolean({ resolve: (plan) => plan.items.some((item) => item.operations.length > 0) }),
    summary: t.field({ type: EstatePlanSummaryRef, resolve: (plan) => plan.summary }),
    items: t.field({ type: [EstatePlanItemRef], description: 'In the order they run (per connection).', resolve: (plan) => plan.items }),
  }),
});

const EstateProblemRef = builder.objectRef<DocumentProblem>('EstateProblem').implement({
  fields: (t) => ({
    path: t.exposeString('path', { description: 'e.g. connections.twosms-prod.providers.acme.loginUrl' }),
    line: t.exposeInt('line', { nullable: true }),
    column: t.exposeInt('column', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(EstateDocumentError, {
  name: 'EstateDocumentError',
  description: 'The document has problems (all of them listed). Nothing was read from or written to a vendor.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ problems: t.field({ type: [EstateProblemRef], resolve: (error) => error.problems }) }),
});

const EstateMovedTargetRef = builder.objectRef<EstateMovedTarget>('EstateMovedTarget').implement({
  fields: (t) => ({
    connectionId: t.exposeString('connectionId'),
    key: t.exposeString('key'),
    plannedVersion: t.exposeString('plannedVersion'),
    currentVersion: t.exposeString('currentVersion', { nullable: true, description: 'null: the provider is gone.' }),
  }),
});

builder.objectType(EstatePlanMovedError, {
  name: 'EstatePlanMovedError',
  description: 'Targets of the plan changed since it was made: nothing was applied. Plan again.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ moved: t.field({ type: [EstateMovedTargetRef], resolve: (error) => error.moved }) }),
});

const EstateApplyStatusEnum = builder.enumType('EstateApplyStatus', {
  values: ['APPLIED', 'FAILED', 'NOT_ATTEMPTED', 'UNCHANGED'] as const,
});

const EstateApplyItemRef = builder.objectRef<EstateApplyItem>('EstateApplyItem').implement({
  fields: (t) => ({
    connectionId: t.exposeString('connectionId'),
    key: t.exposeString('key', { nullable: true }),
    documentPath: t.exposeString('documentPath'),
    action: t.field({ type: EstateActionEnum, resolve: (item) => item.action }),
    status: t.field({ type: EstateApplyStatusEnum, resolve: (item) => item.status }),
    auditEvents: t.field({ type: [AuditEventRef], resolve: (item) => item.auditEvents }),
    error: t.field({ type: BatchErrorRef, nullable: true, resolve: (item) => asBatchError(item.error) }),
  }),
});

export const EstateApplyReportRef = builder
  .objectRef<{ changeSetId: string; succeeded: boolean; items: EstateApplyItem[] }>('EstateApplyReport')
  .implement({
    fields: (t) => ({
      changeSetId: t.exposeID('changeSetId', { description: 'Every audit event of this apply carries it (auditEvents(changeSetId:)).' }),
      succeeded: t.exposeBoolean('succeeded'),
      items: t.field({ type: [EstateApplyItemRef], resolve: (report) => report.items }),
    }),
  });

export const EstateSecretInput = builder.inputType('EstateSecretInput', {
  description:
    "The value of one of the document's secret references, resolved by the client (the gateway never reads its own environment for a document).",
  fields: (t) => ({
    reference: t.string({ required: true, description: '"env:NAME" or "file:PATH", as the document writes it.' }),
    value: t.string({ required: true }),
  }),
});
