// The four Huawei mutations through the real pipeline (PGlite in memory) against the emulator over HTTP:
// the exact write requests, the undo of a half-done create, snapshots and audit rows, and validation
// failures that send nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { MutationSpec, VendorAdapter } from '../../src/core/vendor-contract/adapter.js';
import { ValidationError, VendorError } from '../../src/core/errors.js';
import type { MutationOutcome } from '../../src/core/mutations/pipeline.js';
import { listAuditEvents } from '../../src/store/audit.js';
import { storeForSuite } from '../support/suite-store.js';
import { startVendorPipeline, type VendorPipeline } from '../support/vendor-pipeline.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import type { HuaweiEmulator } from '../../src/vendors/huawei/emulator/server.js';
import { huaweiModule } from '../../src/vendors/huawei/index.js';
import {
  createHuaweiIdentityProvider,
  deleteHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  updateHuaweiIdentityProvider,
} from '../../src/vendors/huawei/mutations.js';
import { SAMPLE_IDENTITY_PROVIDERS } from '../../src/vendors/huawei/emulator/sandbox.js';
import { CONSOLE_IDP_INPUT, DOMAIN, huaweiGatewayVendor, JWKS, PASSWORD, USER, connection } from './support.js';

const store = storeForSuite();

interface Env extends VendorPipeline {
  emulator: HuaweiEmulator;
  connectionId: string;
}
let env: Env | undefined;
let counter = 0;
afterEach(async () => {
  await env?.close();
  await env?.emulator.close();
  env = undefined;
});

async function start(): Promise<Env> {
  const emulator = await huaweiGatewayVendor.startEmulator(PASSWORD);
  const connectionId = `huawei-${++counter}`;
  const config = { ...connection(emulator.url, { domainName: DOMAIN, userName: USER, password: PASSWORD }), id: connectionId };
  env = { ...startVendorPipeline(store, huaweiModule as never, config), emulator, connectionId };
  return env;
}

function run<Input>(
  e: Env,
  spec: MutationSpec<never, Input>,
  providerKey: string | null,
  input: Record<string, unknown>,
): Promise<MutationOutcome> {
  return e.pipeline.run({
    spec: spec as MutationSpec<VendorAdapter, Input>,
    connectionId: e.connectionId,
    providerKey,
    input,
    actor: 'test',
  });
}

/** The writes the adapter sent (reads are the pipeline's live read and read-back), with their bodies. */
function writes(emulator: HuaweiEmulator) {
  return emulator.requests
    .filter((r) => r.method !== 'GET' && r.path !== '/v3/auth/tokens')
    .map((r) => ({ call: `${r.method} ${r.path}`, body: r.body ? JSON.parse(r.body) : undefined }));
}

function failure(outcome: MutationOutcome) {
  if (outcome.ok) throw new Error('expected the mutation to fail');
  return outcome;
}

describe('createHuaweiIdentityProvider', () => {
  it('creates the IdP, its mapping, the oidc protocol and the OIDC configuration, in that order', async () => {
    const e = await start();
    const outcome = await run(e, createHuaweiIdentityProvider, null, CONSOLE_IDP_INPUT);
    expect(outcome.ok).toBe(true);
    expect(writes(e.emulator)).toEqual([
      {
        call: 'PUT /v3/OS-FEDERATION/identity_providers/azure-ad',
        body: { identity_provider: { description: 'Entra ID for the console', enabled: true } },
      },
      {
        call: 'PUT /v3/OS-FEDERATION/mappings/mapping_azure-ad',
        body: { mapping: { rules: [{ local: [{ user: { name: 'FederationUser' } }], remote: [{ type: '__NAMEID__' }] }] } },
      },
      { call: 'PUT /v3/OS-FEDERATION/identity_providers/azure-ad/protocols/oidc', body: { protocol: { mapping_id: 'mapping_azure-ad' } } },
      {
        call: 'POST /v3.0/OS-FEDERATION/identity-providers/azure-ad/openid-connect-config',
        body: {
          openid_connect_config: {
            access_mode: 'program_console',
            idp_url: 'https://login.microsoftonline.com/7f3c/v2.0',
            client_id: 'b1e4c0de-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
            authorization_endpoint: 'https://login.microsoftonline.com/7f3c/oauth2/v2.0/authorize',
            scope: 'openid profile',
            response_type: 'id_token',
            response_mode: 'fragment',
            signing_key: JWKS,
          },
        },
      },
    ]);
    for (const request of e.emulator.requests.filter((r) => r.path !== '/v3/auth/tokens')) {
      expect(request.headers['content-type']).toBe('application/json;charset=utf8');
      expect(request.headers['x-auth-token']).toBe(e.emulator.issuedTokens[0]);
    }
    if (!outcome.ok) return;
    expect(outcome.provider).toMatchObject({ key: 'azure-ad', protocol: 'OIDC', enabled: true, clientId: CONSOLE_IDP_INPUT.clientId });
    expect(outcome.provider.details.oidcConfig).toMatchObject({ responseType: 'id_token', scope: 'openid profile' });
    expect((await getSnapshot(store.db, e.connectionId, 'azure-ad'))?.provider.key).toBe('azure-ad');
    expect(outcome.auditEvent).toMatchObject({ status: 'SUCCEEDED', operation: 'createHuaweiIdentityProvider', providerKey: 'azure-ad' });
    expect(outcome.changes.length).toBeGreaterThan(0);
  });

  it('sends only the programmatic fields under program, and leaves enabled to the vendor when not given', async () => {
    const e = await start();
    const outcome = await run(e, createHuaweiIdentityProvider, null, {
      name: 'gitlab-ci',
      accessMode: 'program',
      idpUrl: 'https://gitlab.example.com',
      clientId: 'huawei-deploy',
      signingKey: JWKS,
    });
    expect(outcome.ok).toBe(true);
    const sent = writes(e.emulator);
    expect(sent[0]!.body).toEqual({ identity_provider: {} });
    expect(sent[3]!.body).toEqual({
      openid_connect_config: {
        access_mode: 'program',
        idp_url: 'https://gitlab.example.com',
        client_id: 'huawei-deploy',
        signing_key: JWKS,
      },
    });
    if (outcome.ok) expect(outcome.provider.enabled).toBe(false);
  });

  it('undoes protocol, mapping and IdP in reverse when the OIDC configuration fails, and says so', async () => {
    const e = await start();
    e.emulator.failNext('POST', '/v3.0/OS-FEDERATION/identity-providers/azure-ad/openid-connect-config', {
      status: 500,
      body: { error_msg: 'An unexpected error prevented the server from fulfilling your request.', error_code: 'IAM.0006' },
    });
    const outcome = failure(await run(e, createHuaweiIdentityProvider, null, CONSOLE_IDP_INPUT));
    expect(outcome.error).toBeInstanceOf(VendorError);
    expect(outcome.error).toMatchObject({ vendorCode: 'IAM.0006', httpStatus: 500 });
    expect(outcome.error.message).toContain('An unexpected error prevented the server from fulfilling your request.');
    expect(outcome.error.message).toContain(
      'creating the OpenID Connect configuration of azure-ad failed; undone: deleted protocol oidc of azure-ad, mapping mapping_azure-ad, identity provider azure-ad',
    );
    expect(writes(e.emulator).map((w) => w.call)).toEqual([
      'PUT /v3/OS-FEDERATION/identity_providers/azure-ad',
      'PUT /v3/OS-FEDERATION/mappings/mapping_azure-ad',
      'PUT /v3/OS-FEDERATION/identity_providers/azure-ad/protocols/oidc',
      'POST /v3.0/OS-FEDERATION/identity-providers/azure-ad/openid-connect-config',
      'DELETE /v3/OS-FEDERATION/identity_providers/azure-ad/protocols/oidc',
      'DELETE /v3/OS-FEDERATION/mappings/mapping_azure-ad',
      'DELETE /v3/OS-FEDERATION/identity_providers/azure-ad',
    ]);
    expect(e.emulator.state.identityProviders.has('azure-ad')).toBe(false);
    expect(e.emulator.state.mappings.has('mapping_azure-ad')).toBe(false);
    expect(outcome.auditEvent).toMatchObject({ status: 'FAILED' });
  });

  it('undoes only the IdP when its mapping already exists (Keystone 409), and keeps that mapping', async () => {
    const e = await start();
    e.emulator.state.mappings.set('mapping_azure-ad', { id: 'mapping_azure-ad', rules: [] });
    const outcome = failure(await run(e, createHuaweiIdentityProvider, null, CONSOLE_IDP_INPUT));
    expect(outcome.error).toMatchObject({ vendorCode: 'Conflict', httpStatus: 409 });
    expect(outcome.error.message).toContain('Duplicate entry: mapping_azure-ad');
    expect(outcome.error.message).toContain('undone: deleted identity provider azure-ad');
    expect(writes(e.emulator).map((w) => w.call)).toEqual([
      'PUT /v3/OS-FEDERATION/identity_providers/azure-ad',
      'PUT /v3/OS-FEDERATION/mappings/mapping_azure-ad',
      'DELETE /v3/OS-FEDERATION/identity_providers/azure-ad',
    ]);
    expect(e.emulator.state.mappings.get('mapping_azure-ad')?.rules).toEqual([]);
  });

  it('names what it could not undo', async () => {
    const e = await start();
    e.emulator.failNext('PUT', '/v3/OS-FEDERATION/identity_providers/azure-ad/protocols/oidc', {
      status: 503,
      body: { error: { code: 503, title: 'Service Unavailable', message: 'busy' } },
    });
    e.emulator.failNext('DELETE', '/v3/OS-FEDERATION/identity_providers/azure-ad', {
      status: 503,
      body: { error: { code: 503, title: 'Service Unavailable', message: 'still busy' } },
    });
    const outcome = failure(await run(e, createHuaweiIdentityProvider, null, CONSOLE_IDP_INPUT));
    expect(outcome.error.message).toContain('undone: deleted mapping mapping_azure-ad');
    expect(outcome.error.message).toMatch(/NOT undone, remove by hand: identity provider azure-ad \(.*still busy\)/);
    expect(e.emulator.state.identityProviders.has('azure-ad')).toBe(true);
  });

  it("an existing IdP name is the vendor's 409, with nothing to undo", async () => {
    const e = await start();
    const outcome = failure(await run(e, createHuaweiIdentityProvider, null, { ...CONSOLE_IDP_INPUT, name: 'okta-workforce' }));
    expect(outcome.error).toMatchObject({ vendorCode: 'Conflict', httpStatus: 409 });
    expect(outcome.error.message).toContain('nothing had been created before it');
    expect(writes(e.emulator)).toHaveLength(1);
  });

  it.each([
    [{ name: 'has space' }, ['name']],
    [{ name: 'x'.repeat(65) }, ['name']],
    [{ description: 'd'.repeat(256) }, ['description']],
    [{ ssoType: 'saml_sso' }, ['ssoType']],
    [{ accessMode: 'console' }, ['accessMode']],
    [{ idpUrl: 'https://a' }, ['idpUrl']],
    [{ idpUrl: 'ftp://accounts.example.com' }, ['idpUrl']],
    [{ clientId: 'abcd' }, ['clientId']],
    [{ authorizationEndpoint: undefined }, ['authorizationEndpoint']],
    [{ scope: 'profile email' }, ['scope']],
    [{ scope: 'openid  email' }, ['scope']],
    [{ scope: 'openid e-mail' }, ['scope']],
    [{ scope: 'openid a b c d e f g h i j' }, ['scope']],
    [{ responseType: 'code' }, ['responseType']],
    [{ responseMode: 'query' }, ['responseMode']],
    [{ responseMode: undefined }, ['responseMode']],
    [{ signingKey: 'short' }, ['signingKey']],
    [{ signingKey: 'x'.repeat(30_001) }, ['signingKey']],
    [{ signingKey: 'this is not json at all' }, ['signingKey']],
    [{ signingKey: '{"kty":"RSA","n":"abc"}' }, ['signingKey']],
    [{ signingKey: '{"keys":[]}' }, ['signingKey']],
    [{ accessMode: 'program' }, ['authorizationEndpoint', 'scope', 'responseMode']],
    [{ idpUrl: undefined, clientId: undefined, signingKey: undefined }, ['idpUrl', 'clientId', 'signingKey']],
    [{ clientSecret: 'nope' }, []],
  ])('refuses create case %# with field errors and no vendor call', async (change, paths) => {
    const e = await start();
    const outcome = failure(await run(e, createHuaweiIdentityProvider, null, { ...CONSOLE_IDP_INPUT, ...change }));
    expect(outcome.error).toBeInstanceOf(ValidationError);
    const fieldPaths = (outcome.error as ValidationError).fieldErrors.map((f) => f.path.join('.'));
    if (paths.length) expect([...new Set(fieldPaths)].sort()).toEqual([...paths].sort());
    expect(outcome.error.message.length).toBeGreaterThan(0);
    expect(e.emulator.requests).toEqual([]);
    expect(outcome.auditEvent).toMatchObject({ status: 'REJECTED' });
  });
});

describe('updateHuaweiIdentityProvider', () => {
  it('PATCHes only the fields given', async () => {
    const e = await start();
    const outcome = await run(e, updateHuaweiIdentityProvider, 'adfs-legacy', { enabled: true });
    expect(writes(e.emulator)).toEqual([
      { call: 'PATCH /v3/OS-FEDERATION/identity_providers/adfs-legacy', body: { identity_provider: { enabled: true } } },
    ]);
    expect(outcome.ok && outcome.provider.enabled).toBe(true);
    expect(outcome.ok && outcome.changes.map((c) => c.path)).toEqual(['enabled']);
  });

  it('clears the description with null, and sends nothing for an empty input', async () => {
    const e = await start();
    await run(e, updateHuaweiIdentityProvider, 'adfs-legacy', { description: null });
    await run(e, updateHuaweiIdentityProvider, 'adfs-legacy', {});
    expect(writes(e.emulator)).toEqual([
      { call: 'PATCH /v3/OS-FEDERATION/identity_providers/adfs-legacy', body: { identity_provider: { description: '' } } },
    ]);
    expect(e.emulator.state.identityProviders.get('adfs-legacy')?.description).toBe('');
  });

  it.each([
    [{ enabled: 'yes' }, 'enabled'],
    [{ description: 'd'.repeat(256) }, 'description'],
    [{ ssoType: 'iam_user_sso' }, ''],
  ])('refuses update case %# without a vendor write', async (input, path) => {
    const e = await start();
    const outcome = failure(await run(e, updateHuaweiIdentityProvider, 'adfs-legacy', input));
    expect(outcome.error).toBeInstanceOf(ValidationError);
    expect((outcome.error as ValidationError).fieldErrors[0]!.path.join('.')).toBe(path);
    expect(e.emulator.requests).toEqual([]);
  });

  it('answers an unknown provider with NotFound', async () => {
    const e = await start();
    expect(failure(await run(e, updateHuaweiIdentityProvider, 'ghost', { enabled: true })).error.code).toBe('NOT_FOUND');
  });
});

describe('setHuaweiOidcConfig', () => {
  it('updates with a PUT of the whole merged configuration', async () => {
    const e = await start();
    const outcome = await run(e, setHuaweiOidcConfig, 'okta-workforce', { clientId: '0oaNEWCLIENTID', responseMode: 'fragment' });
    expect(outcome.ok).toBe(true);
    const okta = SAMPLE_IDENTITY_PROVIDERS[0]!.oidcConfig!;
    expect(writes(e.emulator)).toEqual([
      {
        call: 'PUT /v3.0/OS-FEDERATION/identity-providers/okta-workforce/openid-connect-config',
        body: { openid_connect_config: { ...okta, client_id: '0oaNEWCLIENTID', response_mode: 'fragment' } },
      },
    ]);
    expect(outcome.ok && outcome.provider.clientId).toBe('0oaNEWCLIENTID');
  });

  it('creates with a POST when the IdP has the oidc protocol but no configuration yet', async () => {
    const e = await start();
    e.emulator.state.oidcConfigs.delete('github-actions-ci');
    const partial = failure(await run(e, setHuaweiOidcConfig, 'github-actions-ci', { clientId: 'deploy-bot' }));
    expect((partial.error as ValidationError).fieldErrors.map((f) => f.path[0])).toEqual(['accessMode', 'idpUrl', 'signingKey']);
    expect(writes(e.emulator)).toEqual([]);
    const input = {
      accessMode: 'program',
      idpUrl: 'https://token.actions.githubusercontent.com',
      clientId: 'deploy-bot',
      signingKey: JWKS,
    };
    expect((await run(e, setHuaweiOidcConfig, 'github-actions-ci', input)).ok).toBe(true);
    expect(writes(e.emulator)).toEqual([
      {
        call: 'POST /v3.0/OS-FEDERATION/identity-providers/github-actions-ci/openid-connect-config',
        body: { openid_connect_config: { access_mode: 'program', idp_url: input.idpUrl, client_id: 'deploy-bot', signing_key: JWKS } },
      },
    ]);
  });

  it('switching to program_console needs the console fields; response_type defaults to id_token', async () => {
    const e = await start();
    const missing = failure(await run(e, setHuaweiOidcConfig, 'github-actions-ci', { accessMode: 'program_console' }));
    expect((missing.error as ValidationError).fieldErrors.map((f) => f.path[0])).toEqual([
      'authorizationEndpoint',
      'scope',
      'responseMode',
    ]);
    const outcome = await run(e, setHuaweiOidcConfig, 'github-actions-ci', {
      accessMode: 'program_console',
      authorizationEndpoint: 'https://github.com/login/oauth/authorize',
      scope: 'openid',
      responseMode: 'form_post',
    });
    expect(outcome.ok).toBe(true);
    expect(writes(e.emulator)[0]!.body).toMatchObject({
      openid_connect_config: {
        access_mode: 'program_console',
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        client_id: 'huaweicloud-iam-deploy',
      },
    });
  });

  it('refuses console fields under program, a SAML IdP, and bad values, without a vendor write', async () => {
    const e = await start();
    const consoleField = failure(await run(e, setHuaweiOidcConfig, 'github-actions-ci', { scope: 'openid email' }));
    expect((consoleField.error as ValidationError).fieldErrors).toEqual([
      { path: ['scope'], message: 'is only used when accessMode is program_console' },
    ]);
    const saml = failure(await run(e, setHuaweiOidcConfig, 'adfs-legacy', { accessMode: 'program' }));
    expect(saml.error.message).toContain('has the saml protocol; an OpenID Connect configuration needs the oidc protocol');
    const bad = failure(await run(e, setHuaweiOidcConfig, 'okta-workforce', { signingKey: '{"keys":[{"n":"x"}]}' }));
    expect((bad.error as ValidationError).fieldErrors[0]!.path).toEqual(['signingKey']);
    expect(writes(e.emulator)).toEqual([]);
  });
});

describe('deleteHuaweiIdentityProvider', () => {
  it('deletes the IdP (204) and the mapping it was created with, and returns its last state', async () => {
    const e = await start();
    const outcome = await run(e, deleteHuaweiIdentityProvider, 'okta-workforce', {});
    expect(writes(e.emulator)).toEqual([
      { call: 'DELETE /v3/OS-FEDERATION/identity_providers/okta-workforce', body: undefined },
      { call: 'DELETE /v3/OS-FEDERATION/mappings/mapping_okta-workforce', body: undefined },
    ]);
    expect(outcome.ok && outcome.provider.key).toBe('okta-workforce');
    expect(outcome.ok && outcome.auditEvent.status).toBe('SUCCEEDED');
    expect(await getSnapshot(store.db, e.connectionId, 'okta-workforce')).toBeNull();
    expect(e.emulator.state.identityProviders.has('okta-workforce')).toBe(false);
  });

  it('leaves a mapping of another name alone (it may be shared)', async () => {
    const e = await start();
    e.emulator.state.protocols.get('adfs-legacy')!.set('saml', 'shared_mapping');
    e.emulator.state.mappings.set('shared_mapping', { id: 'shared_mapping', rules: [] });
    expect((await run(e, deleteHuaweiIdentityProvider, 'adfs-legacy', {})).ok).toBe(true);
    expect(writes(e.emulator).map((w) => w.call)).toEqual(['DELETE /v3/OS-FEDERATION/identity_providers/adfs-legacy']);
    expect(e.emulator.state.mappings.has('shared_mapping')).toBe(true);
  });
});

describe('secrets', () => {
  it('no password or token reaches a snapshot or an audit row', async () => {
    const e = await start();
    await run(e, createHuaweiIdentityProvider, null, CONSOLE_IDP_INPUT);
    await run(e, updateHuaweiIdentityProvider, 'azure-ad', { enabled: false });
    e.emulator.failNext('PATCH', '/v3/OS-FEDERATION/identity_providers/azure-ad', {
      status: 400,
      body: { error_msg: `echo ${PASSWORD} ${e.emulator.issuedTokens[0]}`, error_code: 'IAM.0007' },
    });
    const failed = failure(await run(e, updateHuaweiIdentityProvider, 'azure-ad', { enabled: true }));
    expect(failed.error.message).toContain('[REDACTED]');
    const rows = await listAuditEvents(store.db, { first: 100 } as never);
    const stored = JSON.stringify([rows, await getSnapshot(store.db, e.connectionId, 'azure-ad')]);
    for (const secret of [PASSWORD, ...e.emulator.issuedTokens]) expect(stored).not.toContain(secret);
  });
});
