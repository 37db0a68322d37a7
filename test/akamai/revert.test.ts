// Reverting Akamai changes through the one pipeline, over real HTTP to the emulator, on every test store:
// an update is undone by a merge patch that sets the touched fields back (removing the ones the provider did
// not have), the client secret is named for re-supply and kept, a later change makes the revert a version
// conflict with no write, and a create (Akamai has no delete) or a secret-only change cannot be reverted.
import { beforeEach, describe, expect, it } from 'vitest';
import type { VendorAdapter } from '../../src/core/vendor-contract/adapter.js';
import { ValidationError, VersionConflictError } from '../../src/core/errors.js';
import type { MutationOutcome } from '../../src/core/mutations/idempotency.js';
import type { MutationCommand } from '../../src/core/mutations/pipeline.js';
import { planRevert, revertAuditEvent } from '../../src/core/mutations/revert.js';
import { getAuditEvent } from '../../src/store/audit.js';
import type { AkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import { createAkamaiCustomProvider, updateAkamaiCustomProvider } from '../../src/vendors/akamai/mutations.js';
import { SAMPLE_CA_CERTIFICATE, sampleProviders } from '../../src/vendors/akamai/emulator/sandbox.js';
import { vendorModules } from '../../src/vendors/index.js';
import { type RevertEnv, revertEnvironments } from '../support/revert-env.js';
import { STORE_KINDS } from '../support/stores.js';
import {
  akamaiGatewayVendor,
  APP_ID,
  CLIENT_SECRET,
  connectionFor,
  OAUTH_ID,
  OIDC_ID,
  OIDC_SECRET,
  PROVIDERS_PATH,
  SAML_ID,
} from './support.js';

const NEW_SECRET = 'revert-S3CRET-heron-7731';
/** An OIDC provider without token_url (Akamai itself does not require one): a revert cannot remove it again. */
const BARE_ID = '5e1d2c3b-4a59-4f68-8e77-a6b5c4d3e2f1';

describe.each(STORE_KINDS)('Akamai revert on $name', (kind) => {
  const environments = revertEnvironments('akamai-revert', kind);
  let e: RevertEnv<AkamaiEmulator>;
  beforeEach(async () => {
    const bare = {
      id: BARE_ID,
      title: 'Bare OIDC',
      protocol: 'openidconnect',
      auth_url: 'https://bare.example/authorize',
      client_id: 'bare',
      client_secret: 'bare-secret',
    };
    const emulator = await akamaiGatewayVendor.startEmulator(CLIENT_SECRET, { apps: { [APP_ID]: [...sampleProviders(), bare] } });
    e = environments.start(emulator, (id) => connectionFor(emulator, id));
  });

  const deps = () => ({ db: e.services.db, connections: e.services.connections, pipeline: e.services.pipeline, modules: vendorModules });
  const run = (spec: MutationCommand<VendorAdapter, unknown>['spec'], providerKey: string | null, input: Record<string, unknown>) =>
    e.services.pipeline.run({ spec, connectionId: e.connectionId, providerKey, input, actor: 'alice' });
  const update = (key: string, input: Record<string, unknown>) => run(updateAkamaiCustomProvider as never, key, input);
  const revert = (auditEventId: string, options: { dryRun?: boolean; idempotencyKey?: string } = {}) =>
    revertAuditEvent(deps(), { auditEventId, actor: 'bob', ...options });
  const writes = () => e.emulator.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/login/token'));
  /** The stored provider without what Akamai stamps on every write. */
  const stored = (key: string) => {
    const { updatedAt: _stamped, ...rest } = structuredClone(e.emulator.provider(APP_ID, key)!);
    return rest;
  };
  const succeeded = <T extends MutationOutcome>(outcome: T): Extract<T, { ok: true }> => {
    if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.message}`);
    return outcome as Extract<T, { ok: true }>;
  };

  /** Applies a change, reverts it, and checks the revert's audit row and plan; returns the revert. */
  async function applyAndRevert(key: string, change: Record<string, unknown>) {
    const applied = succeeded(await update(key, change));
    // The plan the module gives must pass the update's own schema.
    const plan = planRevert((await getAuditEvent(e.services.db, applied.auditEvent.id))!, vendorModules);
    if (plan instanceof ValidationError) throw plan;
    expect(updateAkamaiCustomProvider.input.safeParse(plan.input).success).toBe(true);
    e.emulator.clearRequests();
    const reverted = await revert(applied.auditEvent.id);
    expect(reverted.ok).toBe(true);
    const row = await getAuditEvent(e.services.db, reverted.auditEvent!.id);
    expect(row).toMatchObject({
      status: 'SUCCEEDED',
      operation: 'updateAkamaiCustomProvider',
      providerKey: key,
      actor: 'bob',
      input: { revertOf: applied.auditEvent.id },
    });
    return { applied, reverted, plan };
  }

  it('update (OIDC): the touched fields go back, removed members come back, added ones go; the new secret stays and is named', async () => {
    const original = stored(OIDC_ID);
    const { reverted, plan } = await applyAndRevert(OIDC_ID, {
      title: 'Contoso (renamed)',
      ui: { title: 'C' },
      tokenUrl: 'https://login.contoso.example/v3/token',
      profileUrl: null,
      clientSecret: NEW_SECRET,
      scopes: ['openid'],
      attributeMap: [
        { identityCloudAttribute: '/email', providerAttribute: '/upn' },
        { identityCloudAttribute: '/phone', providerAttribute: '/phone_number' },
      ],
    });
    expect(reverted.secretsToResupply).toEqual(['clientSecret']);
    expect(plan.input).toEqual({
      title: 'Contoso Workforce OIDC',
      tokenUrl: 'https://login.contoso.example/oauth2/v2.0/token',
      profileUrl: 'https://graph.contoso.example/oidc/userinfo',
      scopes: ['openid', 'profile', 'email'],
      attributeMap: [
        { identityCloudAttribute: '/email', providerAttribute: '/email' },
        { identityCloudAttribute: '/name/givenName', providerAttribute: '/given_name' },
        { identityCloudAttribute: '/name/familyName', providerAttribute: '/family_name' },
      ],
      ui: { title: 'Contoso' },
    });
    // One PATCH, without any secret; the entry the change added is removed.
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH ${PROVIDERS_PATH}/${OIDC_ID}`]);
    expect(JSON.parse(writes()[0]!.body)).toMatchObject({ attribute_map: { '/phone': null }, ui: { title: 'Contoso' } });
    expect(writes()[0]!.body).not.toContain(NEW_SECRET);
    expect(stored(OIDC_ID)).toEqual({ ...original, client_secret: NEW_SECRET });
    expect(original.client_secret).toBe(OIDC_SECRET);
  });

  it('update (SAML): a certificate chain removed and an authn context added are set back; nothing to re-supply', async () => {
    const original = stored(SAML_ID);
    const { reverted, plan } = await applyAndRevert(SAML_ID, {
      authUrl: 'https://sso2.northwind.example/saml/idp/sso',
      idpCertificateChain: null,
      authnContext: { comparison: 'exact', classRefs: ['urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'] },
    });
    expect(plan.input).toEqual({
      authUrl: 'https://sso.northwind.example/saml/idp/sso',
      idpCertificateChain: [SAMPLE_CA_CERTIFICATE],
      authnContext: null,
    });
    expect(reverted.secretsToResupply).toEqual([]);
    expect(stored(SAML_ID)).toEqual(original);
  });

  it('update (OAuth): removable members go back to absent or to their values; the untouched secret is not named', async () => {
    const original = stored(OAUTH_ID);
    const { reverted } = await applyAndRevert(OAUTH_ID, {
      ui: { iconUrl: 'https://community.fabrikam.example/icon.png' },
      tokenAuthMethod: null,
      identifierAttribute: '/user/uuid',
      clientId: 'fabrikam-other-client',
      attributeMap: null,
    });
    expect(reverted.secretsToResupply).toEqual([]);
    expect(stored(OAUTH_ID)).toEqual(original);
  });

  it('a dry run of a revert plans the PATCH and writes nothing; an idempotency key replays the revert', async () => {
    const applied = succeeded(await update(OAUTH_ID, { title: 'Fabrikam (renamed)' }));
    e.emulator.clearRequests();
    const planned = succeeded(await revert(applied.auditEvent.id, { dryRun: true }));
    expect(planned).toMatchObject({ dryRun: true, auditEvent: { status: 'DRY_RUN' } });
    expect(planned.vendorRequests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', `${PROVIDERS_PATH}/${OAUTH_ID}`, '{"title":"Fabrikam Community OAuth"}'],
    ]);
    expect(writes()).toEqual([]);
    const first = succeeded(await revert(applied.auditEvent.id, { idempotencyKey: 'undo-1' }));
    const again = succeeded(await revert(applied.auditEvent.id, { idempotencyKey: 'undo-1' }));
    expect(again).toMatchObject({ replayed: true, auditEvent: { id: first.auditEvent.id } });
    expect(writes()).toHaveLength(1);
    expect(stored(OAUTH_ID).title).toBe('Fabrikam Community OAuth');
  });

  it('a revert after a later change is a version conflict and sends no write', async () => {
    const first = succeeded(await update(OIDC_ID, { title: 'First' }));
    succeeded(await update(OIDC_ID, { scopes: ['openid', 'email'] }));
    e.emulator.clearRequests();
    const reverted = await revert(first.auditEvent.id);
    expect(reverted.ok).toBe(false);
    if (reverted.ok) return;
    expect(reverted.error).toBeInstanceOf(VersionConflictError);
    expect(reverted.error.message).toMatch(/read it again/);
    expect(reverted.auditEvent).toMatchObject({ status: 'REJECTED', input: { revertOf: first.auditEvent.id } });
    expect(writes()).toEqual([]);
    expect(stored(OIDC_ID)).toMatchObject({ title: 'First', scopes: ['openid', 'email'] });
  });

  it.each([
    [
      'a create (Akamai has no delete)',
      async (run_: typeof run) =>
        run_(createAkamaiCustomProvider as never, null, {
          title: 'New',
          protocol: 'saml2',
          authUrl: 'https://idp.new.example/sso',
          idpCertificate: sampleProviders()[1]!.idp_certificate,
        }),
      /no delete operation/,
    ],
    [
      'a change of the client secret alone',
      async () => update(OIDC_ID, { clientSecret: NEW_SECRET }),
      /only clientSecret.*supply the previous secret again/,
    ],
    [
      'a change that set a member Akamai cannot remove',
      async () => update(BARE_ID, { tokenUrl: 'https://bare.example/token' }),
      /tokenUrl.*cannot remove/,
    ],
  ])('%s cannot be reverted: a ValidationError naming auditEventId, no write', async (_label, change, message) => {
    const applied = succeeded(await change(run));
    e.emulator.clearRequests();
    const reverted = await revert(applied.auditEvent.id);
    expect(reverted.ok).toBe(false);
    if (reverted.ok) return;
    expect(reverted.error).toBeInstanceOf(ValidationError);
    expect((reverted.error as ValidationError).fieldErrors).toEqual([{ path: ['auditEventId'], message: expect.stringMatching(message) }]);
    expect(reverted.auditEvent).toBeNull();
    expect(e.emulator.requests).toEqual([]);
  });

  it('only a succeeded change is reverted', async () => {
    const refused = await update(SAML_ID, { tokenUrl: 'https://x.example/token' });
    expect(refused).toMatchObject({ ok: false, auditEvent: { status: 'REJECTED' } });
    const reverted = await revert(refused.auditEvent!.id);
    expect(reverted.ok).toBe(false);
    if (reverted.ok) return;
    expect((reverted.error as ValidationError).fieldErrors[0]).toMatchObject({
      path: ['auditEventId'],
      message: expect.stringMatching(/only a succeeded change/),
    });
  });
});
