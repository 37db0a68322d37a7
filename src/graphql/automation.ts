// Automation mutations across vendors: revert a succeeded change, and apply several changes at once.
import { coerceInputValue, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { runBatch, type BatchItem, type PreparedChange } from '../core/mutations/batch.js';
import { type GatewayError, NotFoundError, ValidationError } from '../core/errors.js';
import type { MutationSuccess } from '../core/mutations/idempotency.js';
import { revertAuditEvent, type RevertDeps, type RevertOutcome } from '../core/mutations/revert.js';
import { withoutSuggestions } from './suggestions.js';
import type { VendorModule } from '../core/vendor-contract/vendor-module.js';
import type { VendorAdapter } from '../core/vendor-contract/adapter.js';
import { AuditEventRef, FieldChangeRef } from './audit.js';
import { builder, capitalize, type GraphQLContext } from './builder.js';
import { FieldErrorRef, MUTATION_ERRORS } from './errors.js';
import { outcomeFields } from './mutation-payload.js';
import { commandFor, type MutationOptionsInput, type ProviderMutationOptions } from './mutation-field.js';
import { PlannedVendorRequestRef } from './planned-request.js';
import { IdentityProvider } from './provider.js';

/** The vendor mutations of the schema, by name (batches run them by name). */
export type VendorMutations = ReadonlyMap<string, ProviderMutationOptions<VendorAdapter, unknown>>;

type Modules = readonly VendorModule<never, unknown>[];

function revertDeps(ctx: GraphQLContext, modules: Modules): RevertDeps {
  return { db: ctx.services.db, connections: ctx.services.connections, pipeline: ctx.services.pipeline, modules };
}

type RevertSuccess = MutationSuccess & { secretsToResupply: string[]; revertOf: string };

const RevertPayload = builder.objectRef<RevertSuccess>('RevertAuditEventPayload').implement({
  description: 'The revert, run through the same pipeline as any change (so also planned by dryRun).',
  fields: (t) => ({
    ...outcomeFields(t, { auditEvent: 'The audit event of the revert itself.' }),
    revertOf: t.exposeID('revertOf', { description: 'The audit event that was reverted.' }),
    secretsToResupply: t.exposeStringList('secretsToResupply', {
      description: 'Secrets the reverted change set: a revert cannot restore them; supply them again with the update mutation.',
    }),
  }),
});

const BatchModeEnum = builder.enumType('BatchMode', {
  values: {
    ALL_OR_NOTHING: { description: 'Stop at the first failure and revert (non-secret state) the changes already applied.' },
    BEST_EFFORT: { description: 'Run every change and report each.' },
  } as const,
});

const BatchItemStatusEnum = builder.enumType('BatchItemStatus', {
  values: ['PLANNED', 'APPLIED', 'FAILED', 'REVERTED', 'REVERT_FAILED', 'NOT_ATTEMPTED'] as const,
});

interface BatchErrorShape {
  code: string;
  message: string;
  fieldErrors?: Array<{ path: string[]; message: string }>;
  vendorCode?: string;
  retryable?: boolean;
}

// graphql-js treats an Error object returned from a resolver as a thrown error: batch items carry the
// error's JSON form instead of the error object.
export const BatchErrorRef = builder.objectRef<BatchErrorShape>('BatchChangeError').implement({
  description: 'Why one change of a batch failed: the same facts as the mutation’s own error types.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'VALIDATION_FAILED, NOT_FOUND, VENDOR_ERROR, VERSION_CONFLICT, ...' }),
    message: t.exposeString('message'),
    fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.fieldErrors ?? [] }),
    vendorCode: t.exposeString('vendorCode', { nullable: true }),
    retryable: t.exposeBoolean('retryable', { nullable: true }),
  }),
});

export const asBatchError = (error: GatewayError | undefined | null): BatchErrorShape | null =>
  error ? (error.toJSON() as unknown as BatchErrorShape) : null;

const BatchItemRef = builder.objectRef<BatchItem>('BatchChangeResult').implement({
  fields: (t) => ({
    index: t.exposeInt('index'),
    operation: t.exposeString('operation'),
    status: t.field({ type: BatchItemStatusEnum, resolve: (i) => i.status }),
    provider: t.field({ type: IdentityProvider, nullable: true, resolve: (i) => (i.outcome?.ok ? i.outcome.provider : null) }),
    auditEvent: t.field({ type: AuditEventRef, nullable: true, resolve: (i) => i.outcome?.auditEvent ?? null }),
    changes: t.field({ type: [FieldChangeRef], resolve: (i) => (i.outcome?.ok ? i.outcome.changes : []) }),
    vendorRequests: t.field({ type: [PlannedVendorRequestRef], resolve: (i) => (i.outcome?.ok ? i.outcome.vendorRequests : []) }),
    error: t.field({
      type: BatchErrorRef,
      nullable: true,
      resolve: (i) => asBatchError(i.outcome && !i.outcome.ok ? i.outcome.error : null),
    }),
    revertAuditEvent: t.field({
      type: AuditEventRef,
      nullable: true,
      description: 'For REVERTED / REVERT_FAILED: the audit event of the undo.',
      resolve: (i) => i.revert?.auditEvent ?? null,
    }),
    revertError: t.field({
      type: BatchErrorRef,
      nullable: true,
      resolve: (i) => asBatchError(i.revert && !i.revert.ok ? i.revert.error : null),
    }),
  }),
});

const BatchPayload = builder
  .objectRef<{ succeeded: boolean; items: BatchItem[]; dryRun: boolean }>('ApplyIdentityProviderChangesPayload')
  .implement({
    fields: (t) => ({
      succeeded: t.exposeBoolean('succeeded', { description: 'True when every change succeeded (or, for a dry run, was planned).' }),
      dryRun: t.exposeBoolean('dryRun'),
      results: t.field({ type: [BatchItemRef], resolve: (p) => p.items }),
    }),
  });

/**
 * Coerces a change's JSON input through the mutation's own GraphQL input type, as a direct call would. `at`: where
 * that input is in the request, for field errors (["changes", "3", "input"]).
 */
export function prepareChange(
  schema: GraphQLSchema,
  mutations: VendorMutations,
  operation: string,
  input: unknown,
  ctx: GraphQLContext,
  at: string[],
): PreparedChange {
  const options = mutations.get(operation);
  if (!options) return { operation, error: new NotFoundError(`No mutation "${operation}".`) };
  const type = schema.getType(`${capitalize(operation)}Input`) as GraphQLInputType;
  const problems: string[] = [];
  const coerced = coerceInputValue(input, type, (path, _value, error) =>
    problems.push(`${path.join('.') || 'input'}: ${error.message}`),
  ) as MutationOptionsInput;
  // No "Did you mean ...?": a batch item's error is data, past the production masking of GraphQL errors.
  if (problems.length)
    return {
      operation,
      error: new ValidationError(problems.map((message) => ({ path: at, message: withoutSuggestions(message) }))),
    };
  if (typeof coerced.id === 'string') {
    try {
      const decoded = decodeGlobalID(coerced.id);
      coerced.id = { typename: decoded.typename, id: decoded.id };
    } catch {
      return { operation, error: new NotFoundError('The id given is not a provider id.') };
    }
  }
  try {
    return {
      operation,
      command: {
        ...commandFor(options, { ...coerced, dryRun: false, idempotencyKey: null }, ctx.actor, ctx.principal.connections),
        requestId: ctx.requestId ?? null,
      },
    };
  } catch (error) {
    return { operation, error: error as GatewayError };
  }
}

/**
 * The mutations across vendors: revertAuditEvent, and applyIdentityProviderChanges with its VendorMutation enum
 * of every vendor mutation. Called by buildGatewaySchema once the vendor modules have registered theirs.
 */
export function registerAutomation(mutations: VendorMutations, modules: Modules): void {
  builder.mutationField('revertAuditEvent', (t) =>
    t.fieldWithInput({
      description:
        'Applies the non-secret `before` state of a succeeded change through the mutation pipeline: planned, refused with VersionConflictError if the provider changed since, audited. Secrets cannot be restored (see secretsToResupply).',
      input: {
        auditEventId: t.input.id({ required: true }),
        dryRun: t.input.boolean(),
        idempotencyKey: t.input.string(),
      },
      type: RevertPayload,
      nullable: false,
      // Admin only; the Mutation type's operator scope is skipped as admin includes it (so a viewer is told "admin").
      authScopes: { admin: true },
      skipTypeScopes: true,
      errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'RevertAuditEventResult' } },
      resolve: async (_root, { input }, ctx) => {
        const outcome: RevertOutcome = await revertAuditEvent(revertDeps(ctx, modules), {
          auditEventId: String(input.auditEventId),
          actor: ctx.actor,
          dryRun: input.dryRun ?? false,
          idempotencyKey: input.idempotencyKey,
          visibleConnections: ctx.principal.connections,
          requestId: ctx.requestId ?? null,
        });
        if (!outcome.ok) throw outcome.error;
        return outcome as RevertSuccess;
      },
    }),
  );

  const MutationNameEnum = builder.enumType('VendorMutation', {
    description: 'Every vendor mutation, by name, for batches.',
    values: Object.fromEntries([...mutations.keys()].sort().map((name) => [name, { value: name }])),
  });

  const BatchChangeInput = builder.inputType('IdentityProviderChangeInput', {
    fields: (t) => ({
      operation: t.field({ type: MutationNameEnum, required: true }),
      input: t.field({
        type: 'JSON',
        required: true,
        description: 'The input of that mutation, as its own input type takes it (enum values by name, ids as global ids).',
      }),
    }),
  });

  builder.mutationField('applyIdentityProviderChanges', (t) =>
    t.fieldWithInput({
      description: 'Runs several changes, across vendors, each through the mutation pipeline, and reports each.',
      input: {
        changes: t.input.field({ type: [BatchChangeInput], required: true }),
        mode: t.input.field({ type: BatchModeEnum, required: true }),
        dryRun: t.input.boolean(),
      },
      type: BatchPayload,
      nullable: false,
      // Each change runs as its own mutation would, for this caller: another connection's provider is NOT_FOUND.
      errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'ApplyIdentityProviderChangesResult' } },
      resolve: async (_root, { input }, ctx, info) => {
        if (input.changes.length > 50) throw new ValidationError([{ path: ['changes'], message: 'at most 50 changes per batch' }]);
        const prepared = input.changes.map((change, index) =>
          prepareChange(info.schema, mutations, change.operation, change.input, ctx, ['changes', String(index), 'input']),
        );
        const dryRun = input.dryRun ?? false;
        const result = await runBatch(revertDeps(ctx, modules), prepared, {
          mode: input.mode,
          dryRun,
          actor: ctx.actor,
          visibleConnections: ctx.principal.connections,
        });
        return { ...result, dryRun };
      },
    }),
  );
}
