// Plan-first SlashID mutations, on a live adapter over real HTTP to the emulator: `plan` only reads, `apply`
// sends exactly the planned write (method, path, query, every header but the API key, body) and nothing
// else, and the credential read back afterwards is the one the plan predicted on every path the change
// touches. The client secret, which SlashID never returns, is checked against what the emulator stores.
// Every exchange is also checked against SlashID's official OpenAPI.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  AdapterContext,
  MutationPlan,
  MutationSpec,
  NormalizedProvider,
  PlannedRequest,
} from '../../src/core/vendor-contract/adapter.js';
import { diffProviders } from '../../src/core/mutations/changes.js';
import { ValidationError, VendorError } from '../../src/core/errors.js';
import { displayRequest } from '../../src/core/mutations/planned-requests.js';
import { encodeQuery } from '../../src/core/vendor-http/client.js';
import type { RecordedRequest } from '../../src/emulation/http.js';
import type { SlashIdAdapter } from '../../src/vendors/slashid/adapter.js';
import {
  createSlashIdOidcCredential,
  deleteSlashIdOidcCredential,
  updateSlashIdOidcCredential,
} from '../../src/vendors/slashid/mutations.js';
import { normalizeCredential } from '../../src/vendors/slashid/normalize.js';
import { credentialFromProvider } from '../../src/vendors/slashid/predict.js';
import { generateApplePrivateKey } from '../../src/vendors/slashid/emulator/sandbox.js';
import {
  APPLE_ID,
  APPLE_KEY,
  AZURE_ID,
  CREDENTIALS,
  gitlabCreateInput,
  GOOGLE_ID,
  type Fixture,
  OKTA_ID,
  ORG_ID,
  SECRETS,
  sentHeaders,
  startFixture,
} from './support.js';
import { loadSpecChecker, specViolations } from './openapi.js';

const NEW_SECRET = 'PLAN-NEW-CLIENT-SECRET-puffin-7310';
const ROTATED_SECRET = 'PLAN-ROTATED-SECRET-lynx-0427';
const NEW_APPLE_KEY = generateApplePrivateKey();
const path = (clientId: string) => `${CREDENTIALS}/${encodeURIComponent(clientId)}`;

let fx: Fixture;
let context: AdapterContext;

beforeAll(async () => {
  // Seconds of CPU, spent before any request rather than between two of them.
  await loadSpecChecker();
});
beforeEach(async () => {
  fx = await startFixture();
  context = { fingerprinter: fx.fingerprinter };
});
afterEach(async () => {
  expect(await specViolations(fx.emulator.exchanges)).toEqual([]);
  await fx.close();
});

const fingerprint = (value: string) => fx.fingerprinter.fingerprint(value);

/** A received request in the planned shape: the auth header and the transport's own headers left out. */
function received(request: RecordedRequest) {
  const headers = Object.fromEntries(
    Object.entries(sentHeaders(request)).filter(([name]) => !fx.adapter.authHeaderNames.includes(name as never)),
  );
  return { method: request.method, path: request.path, rawQuery: request.rawQuery, headers, body: request.body };
}

function expected(request: PlannedRequest) {
  return {
    method: request.method,
    path: request.path,
    rawQuery: encodeQuery(request.query),
    headers: request.headers ?? {},
    body: request.body ?? '',
  };
}

/**
 * The credential as SlashID holds it: what a read returns, plus the fingerprint of the client secret the
 * emulator stores (SlashID never returns it; this is how the test knows it).
 */
async function vendorTruth(key: string): Promise<NormalizedProvider | null> {
  const read = await fx.adapter.get(key);
  const stored = fx.emulator.credential(key);
  if (!read || !stored) return null;
  return { ...read, secretFingerprints: { ...read.secretFingerprints, clientSecret: fingerprint(stored.client_secret) } };
}

interface Run {
  before: NormalizedProvider | null;
  plan: MutationPlan;
  /** The paths the change touches (before -> plan.after). */
  touched: string[];
  truth: NormalizedProvider | null;
}

/**
 * The pipeline's order without its store: validate, read live, check, plan (asserted write-free), apply
 * (asserted to send exactly the plan), read back (asserted to match the plan on every touched path).
 * `knownClientSecret` stands for the fingerprint the pipeline carries forward from an earlier change.
 */
async function planAndApply<I>(
  spec: MutationSpec<SlashIdAdapter, I>,
  key: string | null,
  raw: unknown,
  knownClientSecret?: string,
): Promise<Run> {
  const input = spec.input.parse(raw);
  let before = key === null ? null : await fx.adapter.get(key);
  if (key !== null) expect(before).not.toBeNull();
  if (before && knownClientSecret)
    before = { ...before, secretFingerprints: { ...before.secretFingerprints, clientSecret: fingerprint(knownClientSecret) } };
  expect(spec.check?.(before, input) ?? []).toEqual([]);

  fx.emulator.clearRequests();
  const state = structuredClone(fx.emulator.credentials());
  const plan = await spec.plan(fx.adapter, before, input, context);
  expect(fx.emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(fx.emulator.credentials()).toEqual(state);
  expect(plan.requests.length).toBeGreaterThan(0);
  expect(plan.requests.every((r) => r.method !== 'GET')).toBe(true);

  fx.emulator.clearRequests();
  const applied = await spec.apply(fx.adapter, plan, before, input);
  expect(applied.providerKey).toBe(plan.providerKey);
  // Exactly the planned writes, in order, and no other request (no read) in between.
  expect(fx.emulator.requests.map(received)).toEqual(plan.requests.map(expected));

  const truth = await vendorTruth(plan.providerKey!);
  const touched = diffProviders(before, plan.after).map((change) => change.path);
  expect(touched.length).toBeGreaterThan(0);
  if (plan.after === null) {
    expect(truth).toBeNull();
  } else {
    expect(truth).not.toBeNull();
    // The read-back differs from the plan on no path the change touches.
    expect(diffProviders(truth, plan.after).filter((change) => touched.includes(change.path))).toEqual([]);
    expect(truth!.key).toBe(plan.after.key);
  }
  return { before, plan, touched, truth };
}

describe('createSlashIdOidcCredential', () => {
  it('plans the POST with every header but the API key, and predicts the credential read back', async () => {
    const { plan, touched, truth } = await planAndApply(createSlashIdOidcCredential, null, gitlabCreateInput(NEW_SECRET));
    expect(plan.providerKey).toBe('gitlab-client-001');
    expect(plan.requests).toEqual([
      {
        method: 'POST',
        path: CREDENTIALS,
        headers: {
          'slashid-orgid': ORG_ID,
          accept: 'application/json',
          'content-type': 'application/json',
          'slashid-required-consistency': 'all_regions',
          'slashid-required-consistency-timeout': '60',
        },
        body: JSON.stringify({
          client_id: 'gitlab-client-001',
          client_secret: NEW_SECRET,
          provider: 'gitlab',
          label: 'GitLab (ops)',
          external_cred_id: 'ext-77',
          enable_in_slashid_oidc_authz_server: true,
          options: { gitlab: { authorize_scopes: ['read_api'] } },
        }),
        purpose: 'create OIDC credential gitlab-client-001',
        idempotent: false,
      },
    ]);
    expect(plan.after).toMatchObject({
      key: 'gitlab-client-001',
      displayName: 'GitLab (ops)',
      clientId: 'gitlab-client-001',
      // SlashID never returns the secret: the plan carries the fingerprint of the one it sets.
      secretFingerprints: { clientSecret: fingerprint(NEW_SECRET) },
      details: {
        provider: 'gitlab',
        externalCredId: 'ext-77',
        enableInSlashidOidcAuthzServer: true,
        requestedScopes: ['read_user', 'read_api'],
      },
    });
    expect(touched).toEqual(expect.arrayContaining(['clientSecret', 'details.label', 'details.options.authorizeScopes', 'displayName']));
    expect(truth).toEqual(plan.after);
  });

  it('an Apple credential: the key fingerprinted, the 30-day lifetime sent, nothing secret in the shown plan', async () => {
    const { plan, truth } = await planAndApply(createSlashIdOidcCredential, null, {
      clientId: 'com.example.app2',
      clientSecret: NEW_SECRET,
      provider: 'apple',
      options: { privateKey: NEW_APPLE_KEY, teamId: 'TEAMAAAAAA', keyId: 'KEYBBBBBBB' },
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toMatchObject({
      options: { apple: { private_key: NEW_APPLE_KEY, secret_lifetime: '720h0m0s' } },
    });
    expect(plan.after?.secretFingerprints).toEqual({
      clientSecret: fingerprint(NEW_SECRET),
      'options.privateKey': fingerprint(NEW_APPLE_KEY),
    });
    expect(plan.after?.details).toMatchObject({ options: { teamId: 'TEAMAAAAAA', keyId: 'KEYBBBBBBB', secretLifetime: '720h0m0s' } });
    expect(truth?.details.options).toEqual(plan.after?.details.options);
    expect(truth?.secretFingerprints).toEqual(plan.after?.secretFingerprints);
    // The plan registered its secrets: shown as the pipeline shows it, nothing of them is left.
    const shown = JSON.stringify(plan.requests.map((r) => displayRequest(r, fx.adapter.authHeaderNames, fx.secrets)));
    for (const secret of [NEW_SECRET, NEW_APPLE_KEY, NEW_APPLE_KEY.split('\n')[1]!]) expect(shown).not.toContain(secret);
    expect(JSON.stringify(plan.after)).not.toContain(NEW_APPLE_KEY.split('\n')[1]!);
  });

  it('leaves what SlashID defaults without a documented value unknown (null), which a create does not compare', async () => {
    const { plan, touched, truth } = await planAndApply(createSlashIdOidcCredential, null, {
      clientId: 'plain-google',
      clientSecret: NEW_SECRET,
      provider: 'google',
    });
    expect(plan.requests[0]!.headers).toEqual({ 'slashid-orgid': ORG_ID, accept: 'application/json', 'content-type': 'application/json' });
    expect(plan.after).toMatchObject({
      displayName: 'Google (plain-google)',
      details: { label: null, enableInSlashidOidcAuthzServer: null },
    });
    expect(touched).not.toContain('details.enableInSlashidOidcAuthzServer');
    // The emulator says false; the spec gives no default, so the plan did not guess one.
    expect(truth?.details.enableInSlashidOidcAuthzServer).toBe(false);
  });

  it('refuses a client id SlashID already has while planning, with one read and no write', async () => {
    const input = createSlashIdOidcCredential.input.parse({ clientId: GOOGLE_ID, clientSecret: NEW_SECRET, provider: 'google' });
    const error = await createSlashIdOidcCredential.plan(fx.adapter, null, input, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual([{ path: ['clientId'], message: expect.stringContaining('already has') }]);
    expect(fx.emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${path(GOOGLE_ID)}`]);
  });
});

describe('updateSlashIdOidcCredential', () => {
  it('a change without options is planned from the state already read: no request at all while planning', async () => {
    const input = updateSlashIdOidcCredential.input.parse({ label: 'x' });
    const before = await fx.adapter.get(GOOGLE_ID);
    fx.emulator.clearRequests();
    await updateSlashIdOidcCredential.plan(fx.adapter, before, input, context);
    expect(fx.emulator.requests).toEqual([]);
  });

  it('PATCHes only the given fields and predicts the rotated secret by fingerprint', async () => {
    const { plan, touched, truth } = await planAndApply(updateSlashIdOidcCredential, GOOGLE_ID, {
      clientSecret: ROTATED_SECRET,
      label: 'Google (renamed)',
      enableInSlashidOidcAuthzServer: false,
      requiredConsistencyTimeout: 10,
    });
    expect(plan.requests).toEqual([
      {
        method: 'PATCH',
        path: path(GOOGLE_ID),
        headers: {
          'slashid-orgid': ORG_ID,
          accept: 'application/json',
          'content-type': 'application/json',
          'slashid-required-consistency-timeout': '10',
        },
        body: JSON.stringify({ client_secret: ROTATED_SECRET, label: 'Google (renamed)', enable_in_slashid_oidc_authz_server: false }),
        purpose: `modify OIDC credential ${GOOGLE_ID}`,
        idempotent: true,
      },
    ]);
    expect(touched).toEqual(['clientSecret', 'details.enableInSlashidOidcAuthzServer', 'details.label', 'displayName']);
    expect(plan.after?.secretFingerprints).toEqual({ clientSecret: fingerprint(ROTATED_SECRET) });
    expect(truth).toEqual(plan.after);
  });

  it('keeps the client-secret fingerprint the gateway knew, and has none when it knew none', async () => {
    const known = await planAndApply(updateSlashIdOidcCredential, GOOGLE_ID, { label: 'Google' }, SECRETS.google);
    expect(known.plan.after?.secretFingerprints).toEqual({ clientSecret: fingerprint(SECRETS.google) });
    expect(known.touched).toEqual(['details.label', 'displayName']);
    const unknown = await planAndApply(updateSlashIdOidcCredential, OKTA_ID, { externalCredId: 'ext-okta' });
    expect(unknown.plan.after?.secretFingerprints).toEqual({});
    expect(JSON.parse(unknown.plan.requests[0]!.body!)).toEqual({ external_cred_id: 'ext-okta' });
  });

  it('sends the provider options whole, read from SlashID while planning, and predicts them', async () => {
    const { plan, truth } = await planAndApply(updateSlashIdOidcCredential, OKTA_ID, {
      options: { organizationUrl: 'https://acme-new.okta.com', authorizeScopes: ['groups'] },
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({
      options: { okta: { organization_url: 'https://acme-new.okta.com', authorize_scopes: ['groups'] } },
    });
    expect(plan.after?.details).toMatchObject({
      options: { organizationUrl: 'https://acme-new.okta.com', authorizeScopes: ['groups'] },
      requestedScopes: ['openid', 'email', 'profile', 'groups'],
    });
    // The whole read-back, details and all; the client secret is one the gateway never knew, so none is predicted.
    expect(truth?.details).toEqual(plan.after?.details);
    expect(plan.after?.secretFingerprints).toEqual({});
    const reset = await planAndApply(updateSlashIdOidcCredential, OKTA_ID, { options: { authorizeScopes: null } });
    expect(JSON.parse(reset.plan.requests[0]!.body!)).toEqual({ options: { okta: { organization_url: 'https://acme-new.okta.com' } } });
    expect(reset.touched).toEqual(['details.options.authorizeScopes', 'details.requestedScopes']);
  });

  it('changes one Apple field by sending the whole Apple object, and keeps the key fingerprint', async () => {
    const { plan, touched } = await planAndApply(
      updateSlashIdOidcCredential,
      APPLE_ID,
      { options: { teamId: 'NEWTEAM123' } },
      SECRETS.apple,
    );
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({
      options: { apple: { private_key: APPLE_KEY, team_id: 'NEWTEAM123', key_id: 'KEYID98765', secret_lifetime: '2160h' } },
    });
    expect(touched).toEqual(['details.options.teamId']);
    expect(plan.after?.secretFingerprints).toEqual({
      clientSecret: fingerprint(SECRETS.apple),
      'options.privateKey': fingerprint(APPLE_KEY),
    });
  });

  it('rotates the Apple key and resets the lifetime: the new key fingerprint and the 30-day default predicted', async () => {
    const { plan, touched, truth } = await planAndApply(updateSlashIdOidcCredential, APPLE_ID, {
      options: { privateKey: NEW_APPLE_KEY, secretLifetime: null },
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({
      options: { apple: { private_key: NEW_APPLE_KEY, team_id: 'TEAM123456', key_id: 'KEYID98765', secret_lifetime: '720h0m0s' } },
    });
    expect(touched).toEqual(['details.options.secretLifetime', 'options.privateKey']);
    expect(plan.after?.secretFingerprints).toEqual({ 'options.privateKey': fingerprint(NEW_APPLE_KEY) });
    expect(truth?.secretFingerprints['options.privateKey']).toBe(fingerprint(NEW_APPLE_KEY));
  });

  it('null clears the label and the external credential id (sent as "")', async () => {
    const { plan, touched, truth } = await planAndApply(updateSlashIdOidcCredential, AZURE_ID, { label: 'Azure', externalCredId: null });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({ label: 'Azure', external_cred_id: '' });
    expect(touched).toEqual(['details.externalCredId', 'details.label', 'displayName']);
    const cleared = await planAndApply(updateSlashIdOidcCredential, AZURE_ID, { label: null });
    expect(cleared.plan.after).toMatchObject({ displayName: `Azure AD (${AZURE_ID})`, details: { label: null, externalCredId: null } });
    expect(truth?.details.externalCredId).toBeNull();
  });

  it('a 408 is a VendorError after exactly the planned write, which still lands as planned', async () => {
    fx.emulator.setReplicationLag(30);
    const input = updateSlashIdOidcCredential.input.parse({
      label: 'Late',
      requiredConsistency: 'all_regions',
      requiredConsistencyTimeout: 5,
    });
    const before = await fx.adapter.get(GOOGLE_ID);
    const plan = await updateSlashIdOidcCredential.plan(fx.adapter, before, input, context);
    fx.emulator.clearRequests();
    const error = await updateSlashIdOidcCredential.apply(fx.adapter, plan, before, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ httpStatus: 408, retryable: true });
    expect(fx.emulator.requests.map(received)).toEqual(plan.requests.map(expected));
    expect((await fx.adapter.get(GOOGLE_ID))?.displayName).toBe(plan.after?.displayName);
  });
});

describe('deleteSlashIdOidcCredential', () => {
  it('plans the DELETE with its consistency headers and no body; nothing is left to read', async () => {
    const { plan, touched } = await planAndApply(deleteSlashIdOidcCredential, AZURE_ID, { requiredConsistency: 'local_region' });
    expect(plan).toEqual({
      requests: [
        {
          method: 'DELETE',
          path: path(AZURE_ID),
          headers: { 'slashid-orgid': ORG_ID, accept: 'application/json', 'slashid-required-consistency': 'local_region' },
          purpose: `delete OIDC credential ${AZURE_ID}`,
          idempotent: true,
        },
      ],
      after: null,
      providerKey: AZURE_ID,
    });
    expect(touched).toContain('details.provider');
    expect(fx.emulator.credential(AZURE_ID)).toBeUndefined();
  });
});

describe('plan alone', () => {
  it.each([
    [
      'create',
      createSlashIdOidcCredential,
      null,
      { clientId: 'dry-1', clientSecret: NEW_SECRET, provider: 'okta', options: { organizationUrl: 'https://dry.okta.com' } },
    ],
    ['update', updateSlashIdOidcCredential, GOOGLE_ID, { clientSecret: ROTATED_SECRET, label: 'dry' }],
    ['update of options', updateSlashIdOidcCredential, APPLE_ID, { options: { privateKey: NEW_APPLE_KEY } }],
    ['delete', deleteSlashIdOidcCredential, OKTA_ID, {}],
  ] as const)('%s sends no write and changes nothing at SlashID', async (_name, spec, key, raw) => {
    const before = key === null ? null : await fx.adapter.get(key);
    const state = structuredClone(fx.emulator.credentials());
    fx.emulator.clearRequests();
    const plan = await (spec as MutationSpec<SlashIdAdapter, unknown>).plan(fx.adapter, before, spec.input.parse(raw), context);
    expect(plan.requests).toHaveLength(1);
    expect(fx.emulator.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(fx.emulator.credentials()).toEqual(state);
  });
});

describe('the prediction of a change without options', () => {
  it('rebuilds every seeded credential from its normalized form, but for the Apple key', async () => {
    for (const provider of await fx.adapter.list()) {
      const rebuilt = normalizeCredential(credentialFromProvider(provider), fx.fingerprinter, fx.secrets);
      const { 'options.privateKey': _key, ...rest } = provider.secretFingerprints;
      expect(rebuilt).toEqual({ ...provider, secretFingerprints: rest });
    }
  });
});
