// Reverting Huawei changes through the real pipeline (createServices on PGlite) against the emulator over
// HTTP: each mutation applied, then reverted with revertAuditEvent; the live state read back equals the
// event's `before`, the revert's audit row is SUCCEEDED, a revert after a later change is a version conflict
// that sends no write, and what cannot be reverted is a ValidationError naming auditEventId.
import { describe, expect, it } from 'vitest';
import type { NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { ValidationError, VendorError, VersionConflictError } from '../../src/core/errors.js';
import type { MutationSuccess } from '../../src/core/mutations/idempotency.js';
import type { RevertOutcome } from '../../src/core/mutations/revert.js';
import { getAuditEvent } from '../../src/store/audit.js';
import { DEFAULT_MAPPING_RULES, type HuaweiEmulator } from '../../src/vendors/huawei/emulator/server.js';
import {
  createHuaweiIdentityProvider,
  deleteHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  updateHuaweiIdentityProvider,
} from '../../src/vendors/huawei/mutations.js';
import { SAMPLE_IDENTITY_PROVIDERS } from '../../src/vendors/huawei/emulator/sandbox.js';
import { DOMAIN, huaweiGatewayVendor, JWKS, PASSWORD, USER, connection } from './support.js';
import { appliedChange, type RevertEnv, revertChange, revertEnvironments, runChange } from '../support/revert-env.js';

const environments = revertEnvironments('huawei-revert');
type Env = RevertEnv<HuaweiEmulator>;
const run = runChange;
const applied = appliedChange;
const revert = revertChange;

/** An IdP with the oidc protocol but no OpenID Connect configuration yet. */
const BARE_OIDC = {
  id: 'bare-oidc',
  description: 'Protocol registered, configuration still to come',
  enabled: false,
  protocol: { id: 'oidc' as const, mapping_id: 'mapping_bare-oidc' },
};

async function start(): Promise<Env> {
  const emulator = await huaweiGatewayVendor.startEmulator(PASSWORD, { identityProviders: [...SAMPLE_IDENTITY_PROVIDERS, BARE_OIDC] });
  return environments.start(emulator, (id) => ({
    ...connection(emulator.url, { domainName: DOMAIN, userName: USER, password: PASSWORD }),
    id,
  }));
}

/** The provider as the vendor has it now, read over HTTP. */
async function live(e: Env, key: string): Promise<NormalizedProvider | null> {
  return e.services.connections.find(e.connectionId)!.adapter.get(key);
}

/** The writes sent to the emulator (the token issue aside). */
function writes(emulator: HuaweiEmulator): string[] {
  return emulator.requests.filter((r) => r.method !== 'GET' && r.path !== '/v3/auth/tokens').map((r) => `${r.method} ${r.path}`);
}

/** A succeeded revert: its audit row says what it reverts. */
async function expectReverted(e: Env, outcome: RevertOutcome, of: string, operation: string) {
  if (!outcome.ok) throw new Error(`expected the revert to succeed: ${outcome.error.message}`);
  expect(outcome.revertOf).toBe(of);
  expect(outcome.auditEvent.status).toBe('SUCCEEDED');
  expect(outcome.auditEvent.operation).toBe(operation);
  expect(outcome.auditEvent.actor).toBe('reverter');
  expect(outcome.auditEvent.input).toMatchObject({ revertOf: of });
  const row = await getAuditEvent(e.services.db, outcome.auditEvent.id);
  expect(row?.status).toBe('SUCCEEDED');
  expect(outcome.secretsToResupply).toEqual([]);
}

/** A revert refused before anything runs: a ValidationError on auditEventId, no audit row, no write. */
function expectUnsupported(e: Env, outcome: RevertOutcome, reason: RegExp) {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.error).toBeInstanceOf(ValidationError);
  const fieldErrors = (outcome.error as ValidationError).fieldErrors;
  expect(fieldErrors.map((f) => f.path)).toEqual([['auditEventId']]);
  expect(fieldErrors[0]!.message).toMatch(reason);
  expect(outcome.auditEvent).toBeNull();
  expect(writes(e.emulator)).toEqual([]);
}

/** A revert refused because the provider has moved on since the change: nothing is written. */
async function expectConflict(e: Env, auditEventId: string) {
  e.emulator.clearRequests();
  const outcome = await revert(e, auditEventId);
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.error).toBeInstanceOf(VersionConflictError);
  expect(outcome.auditEvent?.status).toBe('REJECTED');
  expect(outcome.auditEvent?.input).toMatchObject({ revertOf: auditEventId });
  expect(writes(e.emulator)).toEqual([]);
}

const before = (outcome: MutationSuccess) => outcome.auditEvent.before as unknown as NormalizedProvider;

const newIdp = {
  name: 'entra-ci',
  enabled: true,
  accessMode: 'program',
  idpUrl: 'https://login.microsoftonline.com/7f3c/v2.0',
  clientId: 'b1e4c0de-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  signingKey: JWKS,
};

describe('revert createHuaweiIdentityProvider', () => {
  it('deletes the identity provider and the mapping it was created with', async () => {
    const e = await start();
    const created = await applied(e, createHuaweiIdentityProvider as never, null, newIdp);
    expect(e.emulator.state.mappings.has('mapping_entra-ci')).toBe(true);
    e.emulator.clearRequests();

    const outcome = await revert(e, created.auditEvent.id);
    await expectReverted(e, outcome, created.auditEvent.id, 'deleteHuaweiIdentityProvider');
    expect(writes(e.emulator)).toEqual([
      'DELETE /v3/OS-FEDERATION/identity_providers/entra-ci',
      'DELETE /v3/OS-FEDERATION/mappings/mapping_entra-ci',
    ]);
    expect(await live(e, 'entra-ci')).toBeNull();
    expect(e.emulator.state.identityProviders.has('entra-ci')).toBe(false);
    expect(e.emulator.state.mappings.has('mapping_entra-ci')).toBe(false);
  });

  it('a dry run shows the delete and writes nothing', async () => {
    const e = await start();
    const created = await applied(e, createHuaweiIdentityProvider as never, null, newIdp);
    e.emulator.clearRequests();
    const outcome = await revert(e, created.auditEvent.id, { dryRun: true });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.dryRun).toBe(true);
    expect(outcome.auditEvent.status).toBe('DRY_RUN');
    expect(outcome.vendorRequests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /v3/OS-FEDERATION/identity_providers/entra-ci',
      'DELETE /v3/OS-FEDERATION/mappings/mapping_entra-ci',
    ]);
    expect(writes(e.emulator)).toEqual([]);
    expect(e.emulator.state.identityProviders.has('entra-ci')).toBe(true);
  });

  it('is refused after a later change, and deletes nothing', async () => {
    const e = await start();
    const created = await applied(e, createHuaweiIdentityProvider as never, null, newIdp);
    await applied(e, updateHuaweiIdentityProvider as never, 'entra-ci', { description: 'changed since' });
    await expectConflict(e, created.auditEvent.id);
    expect(e.emulator.state.identityProviders.get('entra-ci')?.description).toBe('changed since');
  });
});

describe('revert updateHuaweiIdentityProvider', () => {
  it('sets the description and enabled flag back', async () => {
    const e = await start();
    const updated = await applied(e, updateHuaweiIdentityProvider as never, 'okta-workforce', {
      description: 'Paused for the audit',
      enabled: false,
    });
    e.emulator.clearRequests();

    const outcome = await revert(e, updated.auditEvent.id);
    await expectReverted(e, outcome, updated.auditEvent.id, 'updateHuaweiIdentityProvider');
    expect(outcome.auditEvent?.input).toMatchObject({ description: 'Okta workforce SSO for the console and APIs', enabled: true });
    expect(writes(e.emulator)).toEqual(['PATCH /v3/OS-FEDERATION/identity_providers/okta-workforce']);
    expect(await live(e, 'okta-workforce')).toEqual(before(updated));
    expect(e.emulator.state.identityProviders.get('okta-workforce')).toMatchObject({
      description: 'Okta workforce SSO for the console and APIs',
      enabled: true,
    });
  });

  it('clears a description that was empty before, and touches only the fields the change set', async () => {
    const e = await start();
    const created = await applied(e, createHuaweiIdentityProvider as never, null, newIdp);
    expect(before(created)).toBeNull();
    const updated = await applied(e, updateHuaweiIdentityProvider as never, 'entra-ci', { description: 'now described' });
    e.emulator.clearRequests();

    const outcome = await revert(e, updated.auditEvent.id);
    await expectReverted(e, outcome, updated.auditEvent.id, 'updateHuaweiIdentityProvider');
    expect(JSON.parse(e.emulator.requests.find((r) => r.method === 'PATCH')!.body)).toEqual({ identity_provider: { description: '' } });
    expect(await live(e, 'entra-ci')).toEqual(before(updated));
    expect(e.emulator.state.identityProviders.get('entra-ci')).toMatchObject({ description: '', enabled: true });
  });

  it('is refused after a later change, and writes nothing', async () => {
    const e = await start();
    const updated = await applied(e, updateHuaweiIdentityProvider as never, 'okta-workforce', { enabled: false });
    await applied(e, updateHuaweiIdentityProvider as never, 'okta-workforce', { description: 'later' });
    await expectConflict(e, updated.auditEvent.id);
    expect(e.emulator.state.identityProviders.get('okta-workforce')).toMatchObject({ description: 'later', enabled: false });
  });

  it('a revert cannot be applied twice: the first revert is itself a later change', async () => {
    const e = await start();
    const updated = await applied(e, updateHuaweiIdentityProvider as never, 'okta-workforce', { enabled: false });
    expect((await revert(e, updated.auditEvent.id)).ok).toBe(true);
    await expectConflict(e, updated.auditEvent.id);
  });
});

describe('revert setHuaweiOidcConfig', () => {
  it('puts the whole configuration back (program_console, switched to program)', async () => {
    const e = await start();
    const set = await applied(e, setHuaweiOidcConfig as never, 'okta-workforce', {
      accessMode: 'program',
      idpUrl: 'https://acme-new.okta.com',
    });
    e.emulator.clearRequests();

    const outcome = await revert(e, set.auditEvent.id);
    await expectReverted(e, outcome, set.auditEvent.id, 'setHuaweiOidcConfig');
    expect(writes(e.emulator)).toEqual(['PUT /v3.0/OS-FEDERATION/identity-providers/okta-workforce/openid-connect-config']);
    expect(await live(e, 'okta-workforce')).toEqual(before(set));
    expect(e.emulator.state.oidcConfigs.get('okta-workforce')).toMatchObject({
      access_mode: 'program_console',
      idp_url: 'https://acme.okta.com',
      authorization_endpoint: 'https://acme.okta.com/oauth2/v1/authorize',
      scope: 'openid profile email',
      response_mode: 'form_post',
    });
  });

  it('puts back what the vendor uses under program; console values the change stored stay stored, unused', async () => {
    const e = await start();
    const set = await applied(e, setHuaweiOidcConfig as never, 'github-actions-ci', {
      accessMode: 'program_console',
      clientId: 'huaweicloud-iam-console',
      authorizationEndpoint: 'https://github.com/login/oauth/authorize',
      scope: 'openid',
      responseMode: 'fragment',
    });
    e.emulator.clearRequests();

    const outcome = await revert(e, set.auditEvent.id);
    await expectReverted(e, outcome, set.auditEvent.id, 'setHuaweiOidcConfig');
    const sent = JSON.parse(e.emulator.requests.find((r) => r.method === 'PUT')!.body);
    expect(Object.keys(sent.openid_connect_config).sort()).toEqual(['access_mode', 'client_id', 'idp_url', 'signing_key']);
    const now = (await live(e, 'github-actions-ci'))!;
    const was = before(set);
    const { oidcConfig: nowConfig, ...nowRest } = now.details as Record<string, any>;
    const { oidcConfig: wasConfig, ...wasRest } = was.details as Record<string, any>;
    expect({ ...now, details: nowRest }).toEqual({ ...was, details: wasRest });
    for (const field of ['accessMode', 'idpUrl', 'clientId', 'signingKey']) expect(nowConfig[field]).toEqual(wasConfig[field]);
    expect(nowConfig).toMatchObject({
      accessMode: 'program',
      clientId: 'huaweicloud-iam-deploy',
      scope: 'openid',
      responseMode: 'fragment',
    });
  });

  it('is refused after a later change, and writes nothing', async () => {
    const e = await start();
    const set = await applied(e, setHuaweiOidcConfig as never, 'github-actions-ci', { clientId: 'first-change' });
    await applied(e, setHuaweiOidcConfig as never, 'github-actions-ci', { clientId: 'second-change' });
    await expectConflict(e, set.auditEvent.id);
    expect(e.emulator.state.oidcConfigs.get('github-actions-ci')?.client_id).toBe('second-change');
  });

  it('cannot remove a configuration the change created', async () => {
    const e = await start();
    const set = await applied(e, setHuaweiOidcConfig as never, 'bare-oidc', {
      accessMode: 'program',
      idpUrl: 'https://issuer.example.com',
      clientId: 'bare-client',
      signingKey: JWKS,
    });
    e.emulator.clearRequests();
    expectUnsupported(e, await revert(e, set.auditEvent.id), /had no OpenID Connect configuration before.*no call to remove/);
    expect(e.emulator.state.oidcConfigs.has('bare-oidc')).toBe(true);
  });
});

describe('revert deleteHuaweiIdentityProvider', () => {
  it('re-creates the identity provider, its mapping, protocol and configuration from before', async () => {
    const e = await start();
    const deleted = await applied(e, deleteHuaweiIdentityProvider as never, 'okta-workforce', {});
    expect(e.emulator.state.identityProviders.has('okta-workforce')).toBe(false);
    expect(e.emulator.state.mappings.has('mapping_okta-workforce')).toBe(false);
    e.emulator.clearRequests();

    const outcome = await revert(e, deleted.auditEvent.id);
    await expectReverted(e, outcome, deleted.auditEvent.id, 'createHuaweiIdentityProvider');
    expect(outcome.auditEvent?.providerKey).toBe('okta-workforce');
    expect(writes(e.emulator)).toEqual([
      'PUT /v3/OS-FEDERATION/identity_providers/okta-workforce',
      'PUT /v3/OS-FEDERATION/mappings/mapping_okta-workforce',
      'PUT /v3/OS-FEDERATION/identity_providers/okta-workforce/protocols/oidc',
      'POST /v3.0/OS-FEDERATION/identity-providers/okta-workforce/openid-connect-config',
    ]);
    expect(await live(e, 'okta-workforce')).toEqual(before(deleted));
    expect(e.emulator.state.mappings.get('mapping_okta-workforce')?.rules).toEqual(DEFAULT_MAPPING_RULES);
  });

  it('re-creates a programmatic-access provider too', async () => {
    const e = await start();
    const deleted = await applied(e, deleteHuaweiIdentityProvider as never, 'github-actions-ci', {});
    const outcome = await revert(e, deleted.auditEvent.id);
    await expectReverted(e, outcome, deleted.auditEvent.id, 'createHuaweiIdentityProvider');
    expect(await live(e, 'github-actions-ci')).toEqual(before(deleted));
  });

  it('fails at the vendor, changing nothing, when the provider was re-created since', async () => {
    // A create names no version to expect: the vendor's own conflict stops it at the first write.
    const e = await start();
    const deleted = await applied(e, deleteHuaweiIdentityProvider as never, 'github-actions-ci', {});
    await applied(e, createHuaweiIdentityProvider as never, null, { ...newIdp, name: 'github-actions-ci', clientId: 'someone-else' });
    e.emulator.clearRequests();
    const outcome = await revert(e, deleted.auditEvent.id);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(VendorError);
    expect((outcome.error as VendorError).httpStatus).toBe(409);
    expect(writes(e.emulator)).toEqual(['PUT /v3/OS-FEDERATION/identity_providers/github-actions-ci']);
    expect(e.emulator.state.oidcConfigs.get('github-actions-ci')?.client_id).toBe('someone-else');
  });

  it('cannot re-create a SAML identity provider', async () => {
    const e = await start();
    const deleted = await applied(e, deleteHuaweiIdentityProvider as never, 'adfs-legacy', {});
    e.emulator.clearRequests();
    expectUnsupported(e, await revert(e, deleted.auditEvent.id), /adfs-legacy cannot be re-created.*saml on mapping mapping_adfs-legacy/);
    expect(e.emulator.state.identityProviders.has('adfs-legacy')).toBe(false);
  });

  it('cannot re-create an OIDC identity provider that had no configuration', async () => {
    const e = await start();
    const deleted = await applied(e, deleteHuaweiIdentityProvider as never, 'bare-oidc', {});
    e.emulator.clearRequests();
    expectUnsupported(e, await revert(e, deleted.auditEvent.id), /bare-oidc cannot be re-created.*no OpenID Connect configuration/);
  });
});

describe('events that are not succeeded changes', () => {
  it('a rejected change cannot be reverted', async () => {
    const e = await start();
    const rejected = await run(e, updateHuaweiIdentityProvider as never, 'okta-workforce', { description: 'x'.repeat(300) });
    expect(rejected.ok).toBe(false);
    e.emulator.clearRequests();
    expectUnsupported(e, await revert(e, rejected.auditEvent!.id), /only a succeeded change can be reverted/);
  });
});
