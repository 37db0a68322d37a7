// Plan-first cPanel mutations, on a live adapter over real HTTP to the emulator: `plan` only reads, `apply`
// sends exactly the planned writes (method, path, query in order, headers but auth, body: a write is a POST
// with every argument form-encoded in its body and no query string), and the provider read back afterwards
// is the one the plan predicted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterContext, MutationSpec, NormalizedProvider, PlannedRequest } from '../../src/core/vendor-contract/adapter.js';
import { diffProviders } from '../../src/core/mutations/changes.js';
import { displayRequest } from '../../src/core/mutations/planned-requests.js';
import { VendorError } from '../../src/core/errors.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { CpanelAdapter } from '../../src/vendors/cpanel/adapter.js';
import { type CpanelEmulator, type CpanelModuleSeed, createCpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import {
  setCpanelClientConfiguration,
  setCpanelDisplayConfiguration,
  setCpanelProviderEnabled,
} from '../../src/vendors/cpanel/mutations.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/emulator/sandbox.js';
import { plannedAsReceived, receivedAsPlanned } from '../support/planned-shape.js';

const TOKEN = 'WHMTOKEN-plan-test-4c1d8e';
const SECRET = 'cpanel-plan-secret-Z9Q-distinctive-55a0';
const WRITE_FUNCTIONS = /^\/json-api\/(set_provider|enable_authentication|disable_authentication)/;
const READ_FUNCTIONS = /^\/json-api\/get_/;

/** A custom module that declares a third, non-secret field (set through extraFields). */
const KEYCLOAK: CpanelModuleSeed = {
  id: 'keycloak',
  displayName: 'Keycloak',
  color: '333333',
  textcolor: 'FFFFFF',
  documentationUrl: 'https://www.keycloak.org/docs/latest/server_admin/',
  fields: [
    { field_id: 'client_id', label: 'Client ID', description: 'The client ID.' },
    { field_id: 'client_secret', label: 'Client Secret', description: 'The client secret.' },
    { field_id: 'realm_url', label: 'Realm URL', description: 'The realm issuer URL.' },
  ],
  clientConfig: { client_id: 'kc-client', client_secret: 'kc-sandbox-secret', realm_url: 'https://sso.example/realms/a' },
  enabled: ['whostmgrd'],
};

let emulator: CpanelEmulator;
let adapter: CpanelAdapter;
let secrets: SecretRegistry;
let context: AdapterContext;

beforeEach(async () => {
  emulator = await createCpanelEmulator({
    username: 'root',
    apiToken: TOKEN,
    modules: [...structuredClone(CPANEL_SAMPLE_MODULES), structuredClone(KEYCLOAK)],
  });
  secrets = new SecretRegistry();
  const fingerprinter = new Fingerprinter(Buffer.from('plan-test-fingerprint-key'));
  context = { fingerprinter };
  adapter = new CpanelAdapter(
    {
      id: 'whm',
      vendor: 'cpanel',
      baseUrl: emulator.url,
      username: 'root',
      apiToken: TOKEN,
      cacheTtlSeconds: 30,
      connectTimeoutMs: 2_000,
      totalTimeoutMs: 10_000,
    },
    { fingerprinter, secrets },
  );
});
afterEach(async () => {
  await adapter.close();
  await emulator.close();
});

/** A received request in the planned shape (test/support/planned-shape.ts). */
const received = (req: CpanelEmulator['requests'][number]) => receivedAsPlanned(req, adapter.authHeaderNames);

const expected = plannedAsReceived;

/** The pipeline's order without its store: validate, read live, check, plan (asserted write-free), apply, read back. */
async function planAndApply<I>(spec: MutationSpec<CpanelAdapter, I>, key: string, raw: unknown) {
  const input = spec.input.parse(raw);
  const before = await adapter.get(key);
  expect(before).not.toBeNull();
  expect(spec.check?.(before, input) ?? []).toEqual([]);

  emulator.clearRequests();
  const plan = await spec.plan(adapter, before, input, context);
  expect(emulator.requests.filter((r) => WRITE_FUNCTIONS.test(r.path))).toEqual([]);
  expect(emulator.requests.every((r) => r.method === 'GET' && READ_FUNCTIONS.test(r.path))).toBe(true);
  expect(plan.providerKey).toBe(key);
  expect(plan.requests.length).toBeGreaterThan(0);
  for (const req of plan.requests) {
    expect(Object.keys(req.headers ?? {}).filter((name) => adapter.authHeaderNames.includes(name as 'authorization'))).toEqual([]);
    expect(req.purpose).not.toBe('');
  }

  emulator.clearRequests();
  const applied = await spec.apply(adapter, plan, before, input);
  expect(applied.providerKey).toBe(key);
  // apply sends the planned writes and nothing else: no read, no extra write.
  expect(emulator.requests.map(received)).toEqual(plan.requests.map(expected));
  for (const req of emulator.requests) expect(req.headers.authorization).toBe(`whm root:${TOKEN}`);

  const after = await adapter.get(key);
  const touched = new Set(diffProviders(before, plan.after).map((change) => change.path));
  expect(diffProviders(plan.after, after).filter((change) => touched.has(change.path))).toEqual([]);
  // Nothing WHM sets by itself changes through these writes, so the prediction is exact.
  expect(after).toEqual(plan.after);
  return { before: before!, plan, after: after! };
}

const changedPaths = (before: NormalizedProvider, after: NormalizedProvider | null) =>
  diffProviders(before, after).map((change) => change.path);

/** A planned write as WHM gets it: POST, every argument form-encoded in the body (api.version first), no query. */
function formWrite(fn: string, args: Record<string, string>) {
  return {
    method: 'POST',
    path: `/json-api/${fn}`,
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ 'api.version': '1', ...args }).toString(),
  };
}

/** The arguments of a planned write's form body. */
const bodyArgs = (req: PlannedRequest) => Object.fromEntries(new URLSearchParams(req.body));

describe('setCpanelClientConfiguration', () => {
  it('plans the merged whole configuration with the new id and secret, and predicts the new fingerprint', async () => {
    const { before, plan } = await planAndApply(setCpanelClientConfiguration, 'slack', {
      service: 'webmaild',
      clientId: 'slack-new-client',
      clientSecret: SECRET,
    });
    expect(plan.requests).toEqual([
      {
        ...formWrite('set_provider_client_configurations', {
          service_name: 'webmaild',
          provider_id: 'slack',
          configurations: JSON.stringify({ client_id: 'slack-new-client', client_secret: SECRET }),
        }),
        purpose: expect.stringContaining('client configuration'),
        idempotent: true,
      },
    ]);
    expect(plan.requests[0]).not.toHaveProperty('query');
    expect(plan.after!.secretFingerprints).toEqual({ clientSecret: context.fingerprinter.fingerprint(SECRET) });
    // Each change once: the client id is `clientId`, not also the value of its configuration field.
    expect(changedPaths(before, plan.after)).toEqual(['clientId', 'clientSecret']);
    expect(plan.after!.details.configurationFields).toContainEqual(
      expect.objectContaining({ fieldId: 'client_id', hasValue: true, value: null }),
    );
    expect(emulator.module('slack')!.clientConfig).toEqual({ client_id: 'slack-new-client', client_secret: SECRET });
  });

  it('keeps the stored secret (read in plan) when only the client id changes', async () => {
    const { before, plan } = await planAndApply(setCpanelClientConfiguration, 'slack', { service: 'cpaneld', clientId: 'slack-client-3' });
    expect(bodyArgs(plan.requests[0]!).configurations).toBe(
      JSON.stringify({ client_id: 'slack-client-3', client_secret: 'sandbox-slack-secret' }),
    );
    expect(plan.after!.secretFingerprints).toEqual(before.secretFingerprints);
    expect(changedPaths(before, plan.after)).toEqual(['clientId']);
    // The stored secret the plan carries is registered, so anything that shows the plan can scrub it.
    expect(secrets.scrub('x sandbox-slack-secret y')).toBe('x [REDACTED] y');
    const shown = displayRequest(plan.requests[0]!, adapter.authHeaderNames, secrets);
    expect(shown.query).toEqual({});
    expect(shown.body).not.toContain('sandbox-slack-secret');
    expect(Object.fromEntries(new URLSearchParams(shown.body!))).toEqual({
      'api.version': '1',
      service_name: 'cpaneld',
      provider_id: 'slack',
      configurations: JSON.stringify({ client_id: 'slack-client-3', client_secret: '[REDACTED]' }),
    });
    expect(shown.headers).toEqual({
      authorization: '[REDACTED]',
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    });
  });

  it('configures a module for the first time: configured becomes true', async () => {
    const { before, plan } = await planAndApply(setCpanelClientConfiguration, 'facebook', {
      service: 'cpaneld',
      clientId: 'fb-app-1',
      clientSecret: SECRET,
    });
    expect(before.details.configured).toBe(false);
    expect(plan.after!.details.configured).toBe(true);
    expect(changedPaths(before, plan.after)).toEqual([
      'clientId',
      'clientSecret',
      'details.configurationFields.0.hasValue',
      'details.configurationFields.1.hasValue',
      'details.configured',
    ]);
  });

  it('sets an extra field a custom module declares, keeping id and secret', async () => {
    const { before, plan } = await planAndApply(setCpanelClientConfiguration, 'keycloak', {
      service: 'whostmgrd',
      extraFields: [{ key: 'realm_url', value: 'https://sso.example/realms/b' }],
    });
    expect(JSON.parse(bodyArgs(plan.requests[0]!).configurations!)).toEqual({
      client_id: 'kc-client',
      client_secret: 'kc-sandbox-secret',
      realm_url: 'https://sso.example/realms/b',
    });
    expect(changedPaths(before, plan.after)).toEqual(['details.configurationFields.2.value']);
  });
});

describe('the displayed plan of a form-encoded write (dry run, audit trail)', () => {
  /** Every form a secret could take in a displayed body. */
  const encodings = (secret: string) => [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    new URLSearchParams({ v: JSON.stringify(secret).slice(1, -1) }).toString().slice(2),
  ];

  it('redacts a secret inside the configurations JSON, also one JSON escapes and one never registered', async () => {
    const awkward = 'quote"back\\slash+amp&eq=pct%-secret-1f9c';
    const current = await adapter.get('slack');
    const input = setCpanelClientConfiguration.input.parse({ service: 'cpaneld', clientSecret: awkward });
    const plan = await setCpanelClientConfiguration.plan(adapter, current, input, context);
    const request = plan.requests[0]!;
    expect(JSON.parse(bodyArgs(request).configurations!).client_secret).toBe(awkward);
    // Registered (as the pipeline registers an input secret), and not registered at all: redacted either way.
    const registered = new SecretRegistry();
    registered.add(awkward);
    for (const registry of [registered, new SecretRegistry()]) {
      const shown = displayRequest(request, adapter.authHeaderNames, registry);
      for (const form of encodings(awkward)) expect(shown.body).not.toContain(form);
      expect(JSON.parse(new URLSearchParams(shown.body!).get('configurations')!)).toEqual({
        client_id: '000000000.sandbox',
        client_secret: '[REDACTED]',
      });
      // What is not secret is shown exactly as sent.
      expect(shown.body!.startsWith('api.version=1&service_name=cpaneld&provider_id=slack&configurations=')).toBe(true);
    }
  });

  it('redacts any vendor’s form body field by field and keeps the rest byte for byte', () => {
    const body = 'grant_type=client_credentials&client_secret=abc%2Bdef&scope=a%20b&note=visible';
    const request: PlannedRequest = {
      method: 'POST',
      path: '/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      purpose: 'token',
    };
    const shown = displayRequest(request, [], new SecretRegistry());
    expect(shown.body).toBe('grant_type=client_credentials&client_secret=[REDACTED]&scope=a%20b&note=visible');
    // A registered value is scrubbed wherever it stands, whatever the field is called.
    const registry = new SecretRegistry();
    registry.add('visible-secret-value');
    const other = displayRequest({ ...request, body: 'note=visible-secret-value&x=1' }, [], registry);
    expect(other.body).toBe('note=[REDACTED]&x=1');
  });
});

describe('setCpanelDisplayConfiguration', () => {
  it('plans the changed keys of one service only', async () => {
    const { before, plan } = await planAndApply(setCpanelDisplayConfiguration, 'google', {
      service: 'whostmgrd',
      color: '00aa00',
      displayName: 'Staff login',
    });
    expect(plan.requests).toEqual([
      {
        ...formWrite('set_provider_display_configurations', {
          service_name: 'whostmgrd',
          provider_id: 'google',
          configurations: '{"color":"00aa00","display_name":"Staff login"}',
        }),
        purpose: expect.stringContaining('whostmgrd'),
        idempotent: true,
      },
    ]);
    expect(changedPaths(before, plan.after)).toEqual(['details.display.2.color', 'details.display.2.displayName']);
    expect(emulator.module('google')!.displayOverrides.whostmgrd).toEqual({ color: '00aa00', display_name: 'Staff login' });
  });

  it('replaces an icon and its type', async () => {
    const { before, plan } = await planAndApply(setCpanelDisplayConfiguration, 'google', {
      service: 'cpaneld',
      icon: 'PHN2Zy8+',
      iconType: 'image/png',
      label: 'Google SSO',
    });
    expect(changedPaths(before, plan.after)).toEqual(['details.display.0.icon', 'details.display.0.iconType', 'details.display.0.label']);
  });
});

describe('setCpanelProviderEnabled', () => {
  it('enables a service', async () => {
    const { before, plan } = await planAndApply(setCpanelProviderEnabled, 'google', { service: 'webmaild', enabled: true });
    expect(plan.requests.map(({ method, path, query, headers, body }) => ({ method, path, query, headers, body }))).toEqual([
      { ...formWrite('enable_authentication_provider', { service_name: 'webmaild', provider_id: 'google' }), query: undefined },
    ]);
    expect(changedPaths(before, plan.after)).toEqual(['details.enabledServices']);
    expect(plan.after!.details.enabledServices).toEqual(['cpaneld', 'webmaild', 'whostmgrd']);
  });

  it('disables the last service: enabled becomes false', async () => {
    const { before, plan } = await planAndApply(setCpanelProviderEnabled, 'cpanelid', { service: 'cpaneld', enabled: false });
    expect(plan.requests[0]!.path).toBe('/json-api/disable_authentication_provider');
    expect(changedPaths(before, plan.after)).toEqual(['details.enabledServices', 'enabled']);
  });

  it('enables whostmgrd on a module that had no service', async () => {
    const { before, plan } = await planAndApply(setCpanelProviderEnabled, 'slack', { service: 'whostmgrd', enabled: true });
    expect(changedPaths(before, plan.after)).toEqual(['details.enabledServices', 'enabled']);
  });

  it('plans a write that changes nothing when the service already has that state', async () => {
    const { before, plan } = await planAndApply(setCpanelProviderEnabled, 'google', { service: 'cpaneld', enabled: true });
    expect(plan.requests).toHaveLength(1);
    expect(changedPaths(before, plan.after)).toEqual([]);
  });
});

describe('plan and apply', () => {
  it('plan alone sends no write, whatever the mutation', async () => {
    const cases: Array<[MutationSpec<CpanelAdapter, any>, string, unknown]> = [
      [setCpanelClientConfiguration, 'google', { service: 'cpaneld', clientId: 'g-2', clientSecret: SECRET }],
      [setCpanelDisplayConfiguration, 'google', { service: 'cpaneld', color: 'abcdef' }],
      [setCpanelProviderEnabled, 'google', { service: 'webmaild', enabled: true }],
      [setCpanelProviderEnabled, 'google', { service: 'cpaneld', enabled: false }],
    ];
    const stateBefore = JSON.stringify(['google'].map((id) => emulator.module(id)));
    for (const [spec, key, raw] of cases) {
      const current = await adapter.get(key);
      emulator.clearRequests();
      await spec.plan(adapter, current, spec.input.parse(raw), context);
      expect(emulator.requests.length).toBeGreaterThan(0);
      expect(emulator.requests.filter((r) => !READ_FUNCTIONS.test(r.path))).toEqual([]);
    }
    expect(JSON.stringify(['google'].map((id) => emulator.module(id)))).toBe(stateBefore);
  });

  it('apply stops at the vendor failure and reports it as a VendorError', async () => {
    const current = await adapter.get('slack');
    const input = setCpanelProviderEnabled.input.parse({ service: 'cpaneld', enabled: true });
    const plan = await setCpanelProviderEnabled.plan(adapter, current, input, context);
    emulator.failNext('enable_authentication_provider', 'The authentication provider is temporarily locked.');
    const error = await setCpanelProviderEnabled.apply(adapter, plan, current, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ vendorCode: 'API_FAILURE', httpStatus: 200 });
    expect(emulator.module('slack')!.enabled.has('cpaneld')).toBe(false);
  });

  it('plan of a provider that vanished after the live read is NotFound, with no write', async () => {
    const current = { ...(await adapter.get('slack'))!, key: 'gone' };
    emulator.clearRequests();
    await expect(setCpanelProviderEnabled.plan(adapter, current, { service: 'cpaneld', enabled: true }, context)).rejects.toThrow(/gone/);
    expect(emulator.requests.filter((r) => WRITE_FUNCTIONS.test(r.path))).toEqual([]);
  });
});
