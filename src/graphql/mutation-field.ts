// The one way a vendor mutation enters the schema: `name(input: NameInput!): NameResult!`, where the result
// is a union of `NamePayload { provider auditEvent changes }` and the error types. The resolver is thin: it
// names the target provider and hands the input to the pipeline.
import type { InputFieldBuilder, InputFieldMap } from '@pothos/core';
import type { MutationSpec, ProviderView, VendorAdapter } from '../core/adapter.js';
import { NotFoundError } from '../core/errors.js';
import { parseProviderRef } from '../core/loaders.js';
import type { AuditEventRow } from '../store/audit.js';
import type { StoredFieldChange } from '../store/tables.js';
import { AuditEventRef, FieldChangeRef } from './audit.js';
import { builder, capitalize, type SchemaTypes } from './builder.js';
import { MUTATION_ERRORS } from './errors.js';
import { IdentityProvider } from './provider.js';

export interface MutationPayloadShape {
  provider: ProviderView;
  auditEvent: AuditEventRow;
  changes: StoredFieldChange[];
}

export type MutationInputBuilder = InputFieldBuilder<SchemaTypes, 'InputObject'>;

export interface ProviderMutationOptions<Adapter extends VendorAdapter, Input> {
  spec: MutationSpec<Adapter, Input>;
  description: string;
  /** The GraphQL type name of the vendor's provider (a global id of another type is refused). */
  providerTypeName: string;
  /** The vendor-specific input fields (the helper adds `id` for an existing provider, `connectionId` for a create). */
  fields: (t: MutationInputBuilder) => InputFieldMap;
  /** Maps the GraphQL input (without id / connectionId) to the spec's input; default: unchanged. */
  toSpecInput?: (input: Record<string, unknown>) => Record<string, unknown>;
}

function definePayload(name: string, description: string) {
  return builder.objectRef<MutationPayloadShape>(`${capitalize(name)}Payload`).implement({
    description,
    fields: (t) => ({
      provider: t.field({
        type: IdentityProvider,
        description: 'The provider as read back from the vendor after the change (for a delete: its last state).',
        resolve: (payload) => payload.provider,
      }),
      auditEvent: t.field({ type: AuditEventRef, resolve: (payload) => payload.auditEvent }),
      changes: t.field({ type: [FieldChangeRef], resolve: (payload) => payload.changes }),
    }),
  });
}

/** Resolves the global id of an existing provider to (connection, key), or refuses it as not found. */
function targetOf(globalId: { typename: string; id: string }, providerTypeName: string) {
  const ref = globalId.typename === providerTypeName ? parseProviderRef(globalId.id) : null;
  if (!ref) throw new NotFoundError(`No ${providerTypeName} has the id given.`);
  return ref;
}

export function defineProviderMutation<Adapter extends VendorAdapter, Input>(options: ProviderMutationOptions<Adapter, Input>): void {
  const { spec } = options;
  const name = spec.operation;
  const payload = definePayload(name, `The result of a successful ${name}.`);
  const creates = spec.kind === 'create';

  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      description: options.description,
      input: {
        ...(creates
          ? { connectionId: t.input.string({ required: true, description: 'The connection to create the provider in.' }) }
          : { id: t.input.globalID({ required: true, description: 'The global id of the provider (ManagedIdentityProvider.id).' }) }),
        ...options.fields(t.input),
      },
      type: payload,
      nullable: false,
      errors: { types: MUTATION_ERRORS, directResult: true, union: { name: `${capitalize(name)}Result` } },
      resolve: async (_root, args, ctx) => {
        const { id, connectionId, ...rest } = args.input as Record<string, unknown> & {
          id?: { typename: string; id: string };
          connectionId?: string;
        };
        const target = creates ? { connectionId: connectionId!, key: null } : targetOf(id!, options.providerTypeName);
        const outcome = await ctx.services.pipeline.run({
          spec,
          connectionId: target.connectionId,
          providerKey: target.key,
          input: options.toSpecInput ? options.toSpecInput(rest) : rest,
          actor: ctx.actor,
        });
        if (!outcome.ok) throw outcome.error;
        return outcome;
      },
    }),
  );
}
