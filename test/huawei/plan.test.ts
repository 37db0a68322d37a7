// Plan-first Huawei mutations, on a live adapter over real HTTP to the emulator: `plan` only reads, `apply`
// sends exactly the planned writes (method, path, query, headers but auth, body), in order, and the provider
// read back afterwards is the one the plan predicted. A failed create sends the planned writes up to the
// failure and then its undo deletes, which are not part of the plan (its purpose texts say so).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterContext, MutationPlan, MutationSpec, NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { diffProviders } from '../../src/core/mutations/changes.js';
import { VendorError } from '../../src/core/errors.js';
import { Fingerprinter } from '../../src/core/secrets.js';
import type { RecordedRequest } from '../../src/emulation/http.js';
import type { HuaweiAdapter } from '../../src/vendors/huawei/adapter.js';
import {
  createHuaweiIdentityProvider,
  deleteHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  updateHuaweiIdentityProvider,
} from '../../src/vendors/huawei/mutations.js';
import { SAMPLE_IDENTITY_PROVIDERS } from '../../src/vendors/huawei/emulator/sandbox.js';
import { AUTH_TOKENS_PATH } from '../../src/vendors/huawei/wire.js';
import { plannedAsReceived, receivedAsPlanned } from '../support/planned-shape.js';
import { CONSOLE_IDP_INPUT, JWKS, startFixture, type Fixture } from './support.js';

const JSON_HEADERS = { 'content-type': 'application/json;charset=utf8' };

let fx: Fixture;
const context: AdapterContext = { fingerprinter: new Fingerprinter(Buffer.from('plan-test-fingerprint-key')) };

beforeEach(async () => {
  fx = await startFixture();
});
afterEach(async () => {
  await fx.close();
});

const isWrite = (r: RecordedRequest) => r.method !== 'GET' && r.path !== AUTH_TOKENS_PATH;

/** A received request in the planned shape (test/support/planned-shape.ts). */
const received = (req: RecordedRequest) => receivedAsPlanned(req, fx.adapter.authHeaderNames);

const expected = plannedAsReceived;

function sentWrites() {
  return fx.emulator.requests.filter(isWrite);
}

/** Every write the emulator saw also carried the adapter's token (the plan leaves auth out). */
function expectAuthenticated(requests: RecordedRequest[]) {
  for (const request of requests) expect(request.headers['x-auth-token']).toBe(fx.emulator.issuedTokens.at(-1));
}

/** The pipeline's order without its store: validate, read live, check, plan (asserted write-free). */
async function planOnly<I>(spec: MutationSpec<HuaweiAdapter, I>, key: string | null, raw: unknown) {
  const input = spec.input.parse(raw);
  const before = key === null ? null : await fx.adapter.get(key);
  if (key !== null) expect(before).not.toBeNull();
  expect(spec.check?.(before, input) ?? []).toEqual([]);
  fx.emulator.clearRequests();
  const plan = await spec.plan(fx.adapter, before, input, context);
  // plan may read, never write
  expect(fx.emulator.requests.filter(isWrite)).toEqual([]);
  expect(fx.emulator.requests.every((r) => r.method === 'GET' || r.path === AUTH_TOKENS_PATH)).toBe(true);
  return { input, before, plan };
}

/** Plan, apply, then: the writes received equal plan.requests exactly, and the read-back equals plan.after. */
async function planAndApply<I>(spec: MutationSpec<HuaweiAdapter, I>, key: string | null, raw: unknown) {
  const { input, before, plan } = await planOnly(spec, key, raw);
  fx.emulator.clearRequests();
  const applied = await spec.apply(fx.adapter, plan, before, input);
  expect(applied.providerKey).toBe(plan.providerKey);
  const writes = sentWrites();
  expect(writes.map(received)).toEqual(plan.requests.map(expected));
  expectAuthenticated(writes);

  const after = await fx.adapter.get(applied.providerKey);
  expectPredicted(before, plan, after);
  return { before, plan, after };
}

/** The read-back equals the plan on every path the plan changes (and, for Huawei, everywhere). */
function expectPredicted(before: NormalizedProvider | null, plan: MutationPlan, after: NormalizedProvider | null) {
  const changed = new Set(diffProviders(before, plan.after).map((c) => c.path));
  const wrong = diffProviders(plan.after, after).filter((c) => changed.has(c.path));
  expect(wrong).toEqual([]);
  // Nothing in a Huawei provider is chosen by the vendor alone, so the whole prediction holds.
  expect(diffProviders(plan.after, after)).toEqual([]);
  expect(after?.secretFingerprints ?? null).toEqual(plan.after?.secretFingerprints ?? null);
}

describe('createHuaweiIdentityProvider', () => {
  it('plans the four writes (IdP, mapping, protocol, OIDC configuration) and sends exactly them', async () => {
    const { plan, after } = await planAndApply(createHuaweiIdentityProvider, null, CONSOLE_IDP_INPUT);
    expect(plan.providerKey).toBe('azure-ad');
    expect(plan.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /v3/OS-FEDERATION/identity_providers/azure-ad',
      'PUT /v3/OS-FEDERATION/mappings/mapping_azure-ad',
      'PUT /v3/OS-FEDERATION/identity_providers/azure-ad/protocols/oidc',
      'POST /v3.0/OS-FEDERATION/identity-providers/azure-ad/openid-connect-config',
    ]);
    for (const request of plan.requests) expect(request.headers).toEqual(JSON_HEADERS);
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({ identity_provider: { description: 'Entra ID for the console', enabled: true } });
    expect(JSON.parse(plan.requests[3]!.body!).openid_connect_config).toMatchObject({ response_type: 'id_token', signing_key: JWKS });
    // Every purpose says what the step does; the first three say they are undone, the last what its failure undoes.
    for (const request of plan.requests.slice(0, 3)) expect(request.purpose).toContain('deleted again if a later step fails');
    expect(plan.requests[3]!.purpose).toContain(
      'if this fails, the protocol, mapping and identity provider created before it are deleted again',
    );
    expect(after).toMatchObject({ key: 'azure-ad', protocol: 'OIDC', enabled: true, clientId: CONSOLE_IDP_INPUT.clientId });
  });

  it('predicts the vendor defaults for what the input leaves out (disabled, virtual_user_sso, no console fields)', async () => {
    const { plan } = await planAndApply(createHuaweiIdentityProvider, null, {
      name: 'gitlab-ci',
      accessMode: 'program',
      idpUrl: 'https://gitlab.example.com',
      clientId: 'huawei-deploy',
      signingKey: JWKS,
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({ identity_provider: {} });
    expect(plan.after).toMatchObject({ enabled: false, details: { ssoType: 'virtual_user_sso', description: null, remoteIds: [] } });
    expect(plan.after?.details.oidcConfig).toMatchObject({ accessMode: 'program', scope: null, responseMode: null });
    expect(plan.after?.secretFingerprints).toEqual({ clientSecret: null });
  });

  it('plan alone sends no write, and the IdP does not exist afterwards', async () => {
    await planOnly(createHuaweiIdentityProvider, null, CONSOLE_IDP_INPUT);
    expect(fx.emulator.requests).toEqual([]);
    expect(fx.emulator.state.identityProviders.has('azure-ad')).toBe(false);
  });

  it('a failure sends the planned writes up to it, then undoes the earlier ones in reverse', async () => {
    const { input, plan } = await planOnly(createHuaweiIdentityProvider, null, CONSOLE_IDP_INPUT);
    fx.emulator.failNext('POST', '/v3.0/OS-FEDERATION/identity-providers/azure-ad/openid-connect-config', {
      status: 500,
      body: { error_msg: 'An unexpected error prevented the server from fulfilling your request.', error_code: 'IAM.0006' },
    });
    fx.emulator.clearRequests();
    const error = await createHuaweiIdentityProvider.apply(fx.adapter, plan, null, input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).message).toContain(
      'creating the OpenID Connect configuration of azure-ad failed; undone: deleted protocol oidc of azure-ad, mapping mapping_azure-ad, identity provider azure-ad',
    );
    const writes = sentWrites();
    expect(writes.slice(0, 4).map(received)).toEqual(plan.requests.map(expected));
    expect(writes.slice(4).map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /v3/OS-FEDERATION/identity_providers/azure-ad/protocols/oidc',
      'DELETE /v3/OS-FEDERATION/mappings/mapping_azure-ad',
      'DELETE /v3/OS-FEDERATION/identity_providers/azure-ad',
    ]);
    for (const undo of writes.slice(4)) expect(received(undo)).toMatchObject({ headers: JSON_HEADERS, body: '' });
    expect(await fx.adapter.get('azure-ad')).toBeNull();
    expect(fx.emulator.state.mappings.has('mapping_azure-ad')).toBe(false);
  });
});

describe('updateHuaweiIdentityProvider', () => {
  it('plans one PATCH of the fields given', async () => {
    const { plan, before, after } = await planAndApply(updateHuaweiIdentityProvider, 'adfs-legacy', {
      enabled: true,
      description: 'ADFS, kept a while',
    });
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0]).toMatchObject({
      method: 'PATCH',
      path: '/v3/OS-FEDERATION/identity_providers/adfs-legacy',
      headers: JSON_HEADERS,
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({ identity_provider: { description: 'ADFS, kept a while', enabled: true } });
    expect(diffProviders(before, plan.after).map((c) => c.path)).toEqual(['details.description', 'enabled']);
    expect(after?.enabled).toBe(true);
  });

  it('clears the description with "", predicted as null', async () => {
    const { plan } = await planAndApply(updateHuaweiIdentityProvider, 'okta-workforce', { description: null });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({ identity_provider: { description: '' } });
    expect(plan.after?.details.description).toBeNull();
  });

  it('an empty input plans no write and predicts the current state', async () => {
    const { plan, before } = await planAndApply(updateHuaweiIdentityProvider, 'okta-workforce', {});
    expect(plan.requests).toEqual([]);
    expect(plan.after).toEqual(before);
  });

  it('plan alone sends no write', async () => {
    await planOnly(updateHuaweiIdentityProvider, 'adfs-legacy', { enabled: true });
    expect(fx.emulator.state.identityProviders.get('adfs-legacy')?.enabled).toBe(false);
  });
});

describe('setHuaweiOidcConfig', () => {
  it('plans a PUT of the whole merged configuration', async () => {
    const { plan, before } = await planAndApply(setHuaweiOidcConfig, 'okta-workforce', {
      clientId: '0oaNEWCLIENTID',
      responseMode: 'fragment',
    });
    const okta = SAMPLE_IDENTITY_PROVIDERS[0]!.oidcConfig!;
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0]).toMatchObject({
      method: 'PUT',
      path: '/v3.0/OS-FEDERATION/identity-providers/okta-workforce/openid-connect-config',
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({
      openid_connect_config: { ...okta, client_id: '0oaNEWCLIENTID', response_mode: 'fragment' },
    });
    expect(diffProviders(before, plan.after).map((c) => c.path)).toEqual([
      'clientId',
      'details.oidcConfig.clientId',
      'details.oidcConfig.responseMode',
    ]);
  });

  it('predicts that switching to program keeps the console fields the vendor already holds (a PUT merges)', async () => {
    const { plan } = await planAndApply(setHuaweiOidcConfig, 'okta-workforce', { accessMode: 'program' });
    expect(JSON.parse(plan.requests[0]!.body!).openid_connect_config).not.toHaveProperty('scope');
    expect(plan.after?.details.oidcConfig).toMatchObject({
      accessMode: 'program',
      scope: 'openid profile email',
      responseMode: 'form_post',
    });
  });

  it('switching to program_console sends the console fields, response_type id_token', async () => {
    const { plan } = await planAndApply(setHuaweiOidcConfig, 'github-actions-ci', {
      accessMode: 'program_console',
      authorizationEndpoint: 'https://github.com/login/oauth/authorize',
      scope: 'openid',
      responseMode: 'form_post',
    });
    expect(plan.after?.details.oidcConfig).toMatchObject({ accessMode: 'program_console', responseType: 'id_token', scope: 'openid' });
  });

  it('plans a POST when the IdP has the oidc protocol but no configuration yet', async () => {
    fx.emulator.state.oidcConfigs.delete('github-actions-ci');
    const input = {
      accessMode: 'program',
      idpUrl: 'https://token.actions.githubusercontent.com',
      clientId: 'deploy-bot',
      signingKey: JWKS,
    };
    const { plan, before } = await planAndApply(setHuaweiOidcConfig, 'github-actions-ci', input);
    expect(before?.details.oidcConfig).toBeNull();
    expect(plan.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v3.0/OS-FEDERATION/identity-providers/github-actions-ci/openid-connect-config',
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({
      openid_connect_config: { access_mode: 'program', idp_url: input.idpUrl, client_id: 'deploy-bot', signing_key: JWKS },
    });
    expect(plan.after?.clientId).toBe('deploy-bot');
  });

  it('plan alone sends no write', async () => {
    await planOnly(setHuaweiOidcConfig, 'okta-workforce', { clientId: '0oaNEWCLIENTID' });
    expect(fx.emulator.state.oidcConfigs.get('okta-workforce')?.client_id).toBe('0oa9x2kq7hVb1cD3e4F5');
  });
});

describe('deleteHuaweiIdentityProvider', () => {
  it('plans both deletes (IdP, then the mapping it was created with) and predicts no provider', async () => {
    const { plan, after } = await planAndApply(deleteHuaweiIdentityProvider, 'okta-workforce', {});
    expect(plan.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /v3/OS-FEDERATION/identity_providers/okta-workforce',
      'DELETE /v3/OS-FEDERATION/mappings/mapping_okta-workforce',
    ]);
    for (const request of plan.requests) expect(request.body).toBeUndefined();
    expect(plan.after).toBeNull();
    expect(after).toBeNull();
    expect(fx.emulator.state.mappings.has('mapping_okta-workforce')).toBe(false);
  });

  it('plans no delete of a mapping of another name (it may be shared)', async () => {
    fx.emulator.state.protocols.get('adfs-legacy')!.set('saml', 'shared_mapping');
    fx.emulator.state.mappings.set('shared_mapping', { id: 'shared_mapping', rules: [] });
    const { plan } = await planAndApply(deleteHuaweiIdentityProvider, 'adfs-legacy', {});
    expect(plan.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v3/OS-FEDERATION/identity_providers/adfs-legacy']);
    expect(fx.emulator.state.mappings.has('shared_mapping')).toBe(true);
  });

  it('a mapping already gone counts as deleted', async () => {
    const { input, before, plan } = await planOnly(deleteHuaweiIdentityProvider, 'okta-workforce', {});
    fx.emulator.state.mappings.delete('mapping_okta-workforce');
    fx.emulator.clearRequests();
    await deleteHuaweiIdentityProvider.apply(fx.adapter, plan, before, input);
    expect(sentWrites().map(received)).toEqual(plan.requests.map(expected));
  });

  it('plan alone sends no write', async () => {
    await planOnly(deleteHuaweiIdentityProvider, 'okta-workforce', {});
    expect(fx.emulator.state.identityProviders.has('okta-workforce')).toBe(true);
  });
});
