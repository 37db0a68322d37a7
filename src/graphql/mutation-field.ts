// The one way a vendor mutation enters the schema: `name(input: NameInput!): NameResult!`, where the result
// is a union of `NamePayload { provider auditEvent changes }` and the error types. The resolver is thin: it
// names the target provider and hands the input to the pipeline.
import type { InputFieldBuilder, InputFieldMap } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { MutationSpec, VendorAdapter } from '../core/vendor-contract/adapter.js';
import type { MutationSuccess } from '../core/mutations/idempotency.js';
import { NotFoundError } from '../core/errors.js';
import { parseProviderRef } from './loaders.js';
import { builder, capitalize, type SchemaTypes } from './builder.js';
import { MUTATION_ERRORS } from './errors.js';
import { outcomeFields } from './mutation-payload.js';
import { ConfigurationCheckRef } from './configuration-check.js';
import { inputFieldsFromZod } from './zod-input.js';

export type MutationInputBuilder = InputFieldBuilder<SchemaTypes, 'InputObject'>;

export interface ProviderMutationOptions<Adapter extends VendorAdapter, Input> {
  spec: MutationSpec<Adapter, Input>;
  description: string;
  /** The GraphQL type name of the vendor's provider (a global id of another type is refused). */
  providerTypeName: string;
  /**
   * The vendor-specific input fields (the helper adds `id` for an existing provider, `connectionId` for a
   * create). Default: derived from `spec.input`, the zod object that validates them (src/graphql/zod-input.ts).
   */
  fields?: (t: MutationInputBuilder) => InputFieldMap;
  /** Maps the GraphQL input (without id / connectionId) to the spec's input; default: unchanged. */
  toSpecInput?: (input: Record<string, unknown>) => Record<string, unknown>;
}

/** What a vendor mutation's payload says of each shared field. */
const PAYLOAD_DOCS = {
  provider: 'The provider as read back from the vendor after the change; for a dry run, as it would be; for a delete, its last state.',
  vendorRequests: 'The vendor writes, exactly as sent (or, for a dry run, as they would be sent), secrets redacted.',
  dryRun: 'True when nothing was written: this is the plan.',
  replayed: 'True when this is the stored result of an earlier request with the same idempotency key.',
};

function definePayload(name: string, description: string, testable: boolean) {
  return builder.objectRef<MutationSuccess>(`${capitalize(name)}Payload`).implement({
    description,
    fields: (t) => ({
      ...outcomeFields(t, PAYLOAD_DOCS),
      ...(testable
        ? {
            checks: t.field({
              type: [ConfigurationCheckRef],
              nullable: true,
              description: 'The configuration checks `test: true` ran (none failed: a FAIL refuses the change); null without `test`.',
              resolve: (payload) => payload.checks ?? null,
            }),
          }
        : {}),
    }),
  });
}

export interface MutationOptionsInput {
  /** The provider's global id: as sent, or already decoded. */
  id?: string | { typename: string; id: string };
  connectionId?: string;
  dryRun?: boolean | null;
  idempotencyKey?: string | null;
  expectedVersion?: string | null;
  test?: boolean | null;
  [field: string]: unknown;
}

/** The pipeline command for a mutation's (coerced) GraphQL input, naming the target by global id or connection. */
export function commandFor(
  options: ProviderMutationOptions<VendorAdapter, unknown>,
  input: MutationOptionsInput,
  actor: string,
  visibleConnections: ReadonlySet<string> | null = null,
) {
  const { id, connectionId, dryRun, idempotencyKey, expectedVersion, test, ...rest } = input;
  const target = options.spec.kind === 'create' ? { connectionId: connectionId!, key: null } : targetOf(id!, options.providerTypeName);
  return {
    spec: options.spec,
    connectionId: target.connectionId,
    providerKey: target.key,
    input: options.toSpecInput ? options.toSpecInput(rest) : rest,
    actor,
    dryRun: dryRun ?? false,
    idempotencyKey,
    expectedVersion,
    test: test ?? false,
    visibleConnections,
  };
}

/**
 * Resolves the global id of an existing provider to (connection, key), or refuses it as not found: an id of
 * another type, or one that is no global id at all (a typed NotFoundError in the result, not a GraphQL error).
 */
function targetOf(globalId: string | { typename: string; id: string }, providerTypeName: string) {
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = typeof globalId === 'string' ? decodeGlobalID(globalId) : globalId;
  } catch {
    decoded = null;
  }
  const ref = decoded?.typename === providerTypeName ? parseProviderRef(decoded.id) : null;
  if (!ref) throw new NotFoundError(`No ${providerTypeName} has the id given.`);
  return ref;
}

/** Defines the mutation field; returns the options as batches run them (any vendor's, by name). */
export function defineProviderMutation<Adapter extends VendorAdapter, Input>(
  options: ProviderMutationOptions<Adapter, Input>,
): ProviderMutationOptions<VendorAdapter, unknown> {
  const { spec } = options;
  const name = spec.operation;
  const creates = spec.kind === 'create';
  // Creates and updates of a provider's fields may check the configuration first (delete and actions have none).
  const testable = spec.kind !== 'delete' && !spec.takesNoFields;
  const payload = definePayload(name, `The result of a successful ${name}.`, testable);
  const registered = options as unknown as ProviderMutationOptions<VendorAdapter, unknown>;

  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      description: options.description,
      input: {
        ...(creates
          ? { connectionId: t.input.string({ required: true, description: 'The connection to create the provider in.' }) }
          : // A plain ID decoded by the resolver (targetOf): an id that is no global id is a NotFoundError in the result.
            { id: t.input.id({ required: true, description: 'The global id of the provider (ManagedIdentityProvider.id).' }) }),
        ...(options.fields ? options.fields(t.input) : inputFieldsFromZod(builder, t.input, spec.input)),
        dryRun: t.input.boolean({
          description: 'Plan only: validate, read the live state and return the changes and exact vendor requests; write nothing.',
        }),
        idempotencyKey: t.input.string({
          description: 'The same key with the same input within 24 hours returns the first result again without touching the vendor.',
        }),
        expectedVersion: t.input.string({
          description: 'The `version` you read: the change is refused with VersionConflictError if the provider has moved on.',
        }),
        ...(testable
          ? {
              test: t.input.boolean({
                description:
                  'Check the configuration the change would leave first (endpoints over TLS, discovery, JWKS, certificates, scopes; read-only) and refuse the change with ConfigurationTestFailedError on any FAIL. The checks are in the payload.',
              }),
            }
          : {}),
      },
      type: payload,
      nullable: false,
      errors: { types: MUTATION_ERRORS, directResult: true, union: { name: `${capitalize(name)}Result` } },
      resolve: async (_root, args, ctx) => {
        const command = commandFor(registered, args.input as MutationOptionsInput, ctx.actor, ctx.principal.connections);
        const outcome = await ctx.services.pipeline.run({ ...command, requestId: ctx.requestId ?? null });
        if (!outcome.ok) throw outcome.error;
        return outcome;
      },
    }),
  );
  return registered;
}
