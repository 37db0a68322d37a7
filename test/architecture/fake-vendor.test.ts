// Adding a vendor is one folder and one line in the module list: everything else is derived from the list. A
// tiny fake vendor module, added to the real list here, shows up in the schema (its provider type in the
// IdentityProvider union, its key in the Vendor enum, its mutation in VendorMutation), in the secret names the
// logs redact, in the config's vendors and in the sandbox.
import type { GraphQLEnumType, GraphQLUnionType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLogger, logRedactPaths } from '../../src/core/log.js';
import type { MutationSpec, NormalizedProvider, VendorAdapter } from '../../src/core/vendor-contract/adapter.js';
import { startEmulatorServer } from '../../src/emulation/http.js';
import { type Sandbox, startSandbox } from '../../src/emulation/sandbox.js';
import type { GatewayVendorModule } from '../../src/graphql/vendor-kit.js';
import { parseConfig } from '../../src/config.js';
import { cpanelModule } from '../../src/vendors/cpanel/index.js';
import { vendorModules, vendorSecretRegistry } from '../../src/vendors/index.js';

const SAMPLE: NormalizedProvider = {
  key: 'acme-1',
  displayName: 'Acme SSO',
  protocol: 'OIDC',
  enabled: true,
  clientId: 'acme-client',
  secretFingerprints: {},
  details: { region: 'eu' },
};

class AcmeAdapter implements VendorAdapter {
  readonly vendor = 'acme';
  readonly authHeaderNames = ['x-acme-key'];
  async list() {
    return [SAMPLE];
  }
  async get(key: string) {
    return key === SAMPLE.key ? SAMPLE : null;
  }
}

const disableAcmeProvider: MutationSpec<AcmeAdapter, Record<string, never>> = {
  operation: 'disableAcmeProvider',
  kind: 'update',
  input: z.object({}).strict() as z.ZodType<Record<string, never>>,
  secretFields: [],
  takesNoFields: true,
  plan: async (_adapter, current) => ({
    requests: [{ method: 'POST', path: `/providers/${current!.key}/disable`, purpose: 'disable the provider' }],
    after: { ...current!, enabled: false },
    providerKey: current!.key,
  }),
  apply: async (_adapter, plan) => ({ providerKey: plan.providerKey! }),
};

/** The whole fake vendor: what a sixth vendor folder's index.ts would export. */
const acmeModule: GatewayVendorModule = {
  vendor: 'acme',
  secretNames: ['X-Acme-Key'],
  registerGraphQL({ builder, defineProviderType, defineProviderMutation }) {
    defineProviderType({
      name: 'AcmeIdentityProvider',
      vendor: 'acme',
      description: 'A provider of the fake vendor.',
      fields: (t) => ({ region: t.string({ resolve: (p) => String(p.details.region) }) }),
    });
    defineProviderMutation({
      spec: disableAcmeProvider,
      providerTypeName: 'AcmeIdentityProvider',
      description: 'Disables it.',
      fields: () => ({}),
    });
    builder.enumType('AcmeRegion', { values: ['EU', 'US'] as const });
  },
  connectionShape: { tenant: z.string().min(1) },
  connectionSecrets: ['apiKey'],
  createAdapter: () => new AcmeAdapter(),
  startSandbox: async () => {
    const server = await startEmulatorServer(() => ({ status: 200, body: [{ id: SAMPLE.key }] }));
    return {
      connection: { id: 'acme-sandbox', vendor: 'acme', baseUrl: server.url, tenant: 't1', apiKey: 'acme-sandbox-key-1' },
      faults: server.faults,
      requests: server.requests,
      close: server.close,
    };
  },
};

const withAcme = [...vendorModules, acmeModule];

describe('a sixth vendor, declared in one module', () => {
  // The schema builder is a module singleton that already holds the real schema: build the second one on fresh
  // modules, and leave fresh modules behind for the next file of this worker.
  beforeAll(() => vi.resetModules());
  afterAll(() => vi.resetModules());

  it('is in the schema: its type in the IdentityProvider union, its key in Vendor, its mutation in VendorMutation', async () => {
    // The real modules of the same fresh set: each registration shares the builder's named types (zod-input.ts).
    const { buildGatewaySchema } = await import('../../src/graphql/build-schema.js');
    const { vendorModules: freshModules } = await import('../../src/vendors/index.js');
    const { schema, mutations } = buildGatewaySchema([...freshModules, acmeModule]);
    const union = schema.getType('IdentityProvider') as GraphQLUnionType;
    expect(union.getTypes().map((type) => type.name)).toEqual(expect.arrayContaining(['AcmeIdentityProvider', 'CpanelIdentityProvider']));
    expect(
      (schema.getType('Vendor') as GraphQLEnumType)
        .getValues()
        .map((value) => value.value)
        .sort(),
    ).toEqual(['acme', 'akamai', 'cpanel', 'huawei', 'slashid', 'twosms']);
    expect((schema.getType('VendorMutation') as GraphQLEnumType).getValues().map((value) => value.name)).toContain('disableAcmeProvider');
    expect(schema.getMutationType()!.getFields().disableAcmeProvider).toBeDefined();
    expect(schema.getType('AcmeRegion')).toBeDefined();
    expect(mutations.get('disableAcmeProvider')?.providerTypeName).toBe('AcmeIdentityProvider');
  });

  it('is not in the gateway built from the real list', async () => {
    vi.resetModules();
    const { schema } = await import('../../src/graphql/schema.js');
    expect(schema.getType('AcmeIdentityProvider')).toBeUndefined();
    expect((schema.getType('Vendor') as GraphQLEnumType).getValues().map((value) => value.value)).not.toContain('acme');
  });

  it('has its secret names redacted from logs', () => {
    const secrets = vendorSecretRegistry(withAcme);
    expect(secrets.isSecretName('x-acme-key')).toBe(true);
    expect(vendorSecretRegistry().isSecretName('x-acme-key')).toBe(false);
    expect(logRedactPaths(secrets)).toContain('["X-Acme-Key"]');
    const lines: string[] = [];
    createLogger(secrets, (line) => lines.push(line)).log('info', 'call', {
      headers: { 'X-Acme-Key': 'acme-key-value-1' },
      nested: { deeper: { 'x-acme-key': 'acme-key-value-2' } },
    });
    expect(lines.join('')).not.toMatch(/acme-key-value/);
  });

  it('is a vendor the config accepts, with its own keys and secrets', () => {
    const connection = { id: 'acme', vendor: 'acme', baseUrl: 'https://acme.example', tenant: 't1', apiKey: { env: 'ACME_KEY' } };
    const config = parseConfig({ connections: [connection] }, 'test', { ACME_KEY: 'acme-key-value-3' }, withAcme);
    expect(config.connections[0]).toMatchObject({ vendor: 'acme', tenant: 't1', apiKey: 'acme-key-value-3' });
    expect(() => parseConfig({ connections: [connection] }, 'test', { ACME_KEY: 'x' })).toThrow(
      /vendor must be one of cpanel, akamai, twosms, huawei, slashid/,
    );
    expect(() => parseConfig({ connections: [{ ...connection, tenant: '' }] }, 'test', { ACME_KEY: 'x' }, withAcme)).toThrow(/tenant/);
  });

  it('starts in the sandbox beside the others, its secret moved into an environment reference', async () => {
    let sandbox: Sandbox | undefined;
    try {
      sandbox = await startSandbox({}, { modules: [cpanelModule, acmeModule] });
      expect(sandbox.emulators.map((emulator) => emulator.vendor)).toEqual(['cpanel', 'acme']);
      const acme = sandbox.config.connections.find((connection) => connection.vendor === 'acme')!;
      expect(acme).toMatchObject({ id: 'acme-sandbox', tenant: 't1', apiKey: 'acme-sandbox-key-1' });
      const reply = await fetch(`${acme.baseUrl}/providers`);
      expect(await reply.json()).toEqual([{ id: 'acme-1' }]);
    } finally {
      await sandbox?.close();
    }
  });
});
