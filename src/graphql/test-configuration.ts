// testIdentityProviderConfiguration: read-only checks of an identity provider configuration, returned as a
// checklist. With only `id`: the provider as it is (core/setup/test-configuration.ts). With `fields`: the vendor's
// own update (with `id`) or create (with `connectionId`) run as a dry run with `test: true`, so the fields meet
// exactly the rules of that mutation, SAML metadata and discovery included, and the checks see the configuration
// the change would leave. Nothing is sent to the vendor either way.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { ConfigurationTestFailedError, NotFoundError, ValidationError } from '../core/errors.js';
import type { ConfigurationCheck } from '../core/setup/configuration.js';
import { testCurrentConfiguration } from '../core/setup/test-configuration.js';
import type { ProviderView } from '../core/vendor-contract/adapter.js';
import type { VendorModule } from '../core/vendor-contract/vendor-module.js';
import type { AuditEventRow } from '../store/audit.js';
import type { StoredFieldChange } from '../store/tables.js';
import { AuditEventRef, FieldChangeRef } from './audit.js';
import { prepareChange, type VendorMutations } from './automation.js';
import { builder, type GraphQLContext } from './builder.js';
import { ConfigurationCheckRef } from './configuration-check.js';
import { MUTATION_ERRORS } from './errors.js';
import { parseProviderRef } from './loaders.js';
import { IdentityProvider } from './provider.js';

interface TestResult {
  passed: boolean;
  checks: ConfigurationCheck[];
  provider: ProviderView | null;
  changes: StoredFieldChange[];
  auditEvent: AuditEventRow | null;
}

const TestPayload = builder.objectRef<TestResult>('TestIdentityProviderConfigurationPayload').implement({
  description: 'The checklist of a configuration. Nothing was written to any vendor.',
  fields: (t) => ({
    passed: t.exposeBoolean('passed', { description: 'True when no check FAILed (WARNs allowed).' }),
    checks: t.field({ type: [ConfigurationCheckRef], resolve: (result) => result.checks }),
    provider: t.field({
      type: IdentityProvider,
      nullable: true,
      description:
        'The configuration checked: the provider as it is, or as the fields would leave it (null when a check failed on given fields).',
      resolve: (result) => result.provider,
    }),
    changes: t.field({
      type: [FieldChangeRef],
      description: 'What the given fields would change (empty with only an id).',
      resolve: (r) => r.changes,
    }),
    auditEvent: t.field({ type: AuditEventRef, nullable: true, resolve: (result) => result.auditEvent }),
  }),
});

/** The provider (connection, key) a global id names, of any vendor's type. */
function providerOf(globalId: string): { connectionId: string; key: string; typename: string } {
  try {
    const decoded = decodeGlobalID(globalId);
    const ref = parseProviderRef(decoded.id);
    if (ref) return { ...ref, typename: decoded.typename };
  } catch {
    // not a global id: refused below
  }
  throw new NotFoundError('The id given is not a provider id.');
}

async function testWithFields(
  mutations: VendorMutations,
  modules: readonly VendorModule<never, unknown>[],
  input: { id?: string | null; connectionId?: string | null; fields: Record<string, unknown> },
  ctx: GraphQLContext,
  schema: Parameters<typeof prepareChange>[0],
): Promise<TestResult> {
  const target = input.id ? providerOf(input.id) : null;
  const connectionId = target?.connectionId ?? input.connectionId!;
  const connection = ctx.services.connections.find(connectionId);
  const visible = !ctx.principal.connections || ctx.principal.connections.has(connectionId);
  const setup = visible ? modules.find((module) => module.vendor === connection?.vendor)?.setup : undefined;
  if (!connection || !visible) throw new NotFoundError(`No connection "${connectionId}" is configured.`);
  if (!setup) throw new ValidationError([{ path: ['fields'], message: `${connection.vendor} has no configuration the gateway can check` }]);
  const operation = target ? setup.testWith.update : setup.testWith.create;
  if (!operation) {
    const what = target ? 'changes to an existing provider' : 'a new provider';
    throw new ValidationError([{ path: ['fields'], message: `${connection.vendor} has no mutation to test ${what} with` }]);
  }
  const prepared = prepareChange(
    schema,
    mutations,
    operation,
    { ...input.fields, ...(input.id ? { id: input.id } : { connectionId }) },
    ctx,
    ['fields'],
  );
  if ('error' in prepared) throw prepared.error;
  const outcome = await ctx.services.pipeline.run({ ...prepared.command, dryRun: true, test: true, requestId: ctx.requestId ?? null });
  if (outcome.ok) {
    return {
      passed: true,
      checks: outcome.checks ?? [],
      provider: outcome.provider,
      changes: outcome.changes,
      auditEvent: outcome.auditEvent,
    };
  }
  if (outcome.error instanceof ConfigurationTestFailedError) {
    return { passed: false, checks: outcome.error.checks, provider: null, changes: [], auditEvent: outcome.auditEvent };
  }
  throw outcome.error;
}

export function registerConfigurationTest(mutations: VendorMutations, modules: readonly VendorModule<never, unknown>[]): void {
  builder.mutationField('testIdentityProviderConfiguration', (t) =>
    t.fieldWithInput({
      description:
        "Read-only checks of an identity provider configuration: endpoints reachable over TLS, the discovery document consistent with the issuer, the JWKS holding public keys, certificates and their validity (WARN under 30 days), the reply URL the IdP needs, required scopes. With only `id`: the provider as it is. With `fields` (the fields of the vendor's update input with `id`, or of its create input with `connectionId`): the configuration those fields would leave. Nothing is written to any vendor.",
      input: {
        id: t.input.id({ description: 'An existing provider (its global id).' }),
        connectionId: t.input.string({
          description: 'For a provider not created yet: the connection it would be created in (give `fields`).',
        }),
        fields: t.input.field({ type: 'JSON', description: "The vendor mutation's input fields, as that mutation takes them." }),
      },
      type: TestPayload,
      nullable: false,
      errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'TestIdentityProviderConfigurationResult' } },
      resolve: async (_root, { input }, ctx, info) => {
        const id = input.id === null || input.id === undefined ? null : String(input.id);
        if (Boolean(id) === Boolean(input.connectionId))
          throw new ValidationError([{ path: ['id'], message: 'give either id (an existing provider) or connectionId (a new one)' }]);
        const fields = input.fields as unknown;
        if (fields !== null && fields !== undefined && (typeof fields !== 'object' || Array.isArray(fields)))
          throw new ValidationError([{ path: ['fields'], message: 'must be an object of the mutation input fields' }]);
        if (fields)
          return testWithFields(
            mutations,
            modules,
            { id, connectionId: input.connectionId, fields: fields as Record<string, unknown> },
            ctx,
            info.schema,
          );
        if (!id) throw new ValidationError([{ path: ['fields'], message: 'a new provider needs its fields (the create input)' }]);
        const target = providerOf(id);
        const outcome = await testCurrentConfiguration(
          { ...ctx.services, fetcher: ctx.services.fetcher },
          {
            connectionId: target.connectionId,
            providerKey: target.key,
            actor: ctx.actor,
            requestId: ctx.requestId ?? null,
            visibleConnections: ctx.principal.connections,
          },
        );
        if (!outcome.ok) throw outcome.error;
        const passed = !outcome.checks.some((check) => check.status === 'FAIL');
        return { passed, checks: outcome.checks, provider: outcome.provider, changes: [], auditEvent: outcome.auditEvent };
      },
    }),
  );
}
