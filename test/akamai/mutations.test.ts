// The Akamai mutations through the one pipeline, over real HTTP to the emulator: exact vendor requests,
// vendor + snapshot + audit trail changed on success, validation failures with no vendor call, vendor
// errors as VendorErrors, and no secret value in any row.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MutationCommand, MutationPipeline } from '../../src/core/mutations/pipeline.js';
import { Fingerprinter } from '../../src/core/secrets.js';
import type { VendorAdapter } from '../../src/core/vendor-contract/adapter.js';
import { storeForSuite } from '../support/suite-store.js';
import { startVendorPipeline } from '../support/vendor-pipeline.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import type { AkamaiAdapter } from '../../src/vendors/akamai/adapter.js';
import type { AkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import { akamaiModule } from '../../src/vendors/akamai/index.js';
import { createAkamaiCustomProvider, updateAkamaiCustomProvider } from '../../src/vendors/akamai/mutations.js';
import { SAMPLE_CA_CERTIFICATE, SAMPLE_IDP_CERTIFICATE } from '../../src/vendors/akamai/emulator/sandbox.js';
import {
  acmeOidcInput,
  akamaiGatewayVendor,
  APP_ID,
  CLIENT_SECRET,
  connectionFor,
  CUSTOMER_ID,
  OAUTH_ID,
  OIDC_ID,
  OIDC_SECRET,
  PROVIDERS_PATH,
  SAML_ID,
  sent,
} from './support.js';

const CONNECTION = 'akamai-main';
/** Distinctive secrets given as inputs, searched for in every row afterwards. */
const NEW_SECRET = 'new-oidc-S3CRET-narwhal-5512';
const CREATE_SECRET = 'created-S3CRET-pelican-8830';

const store = storeForSuite();
let emulator: AkamaiEmulator;
let pipeline: MutationPipeline;
let adapter: AkamaiAdapter;
const fingerprinter = new Fingerprinter(Buffer.from('akamai-pipeline-key'));

beforeAll(async () => {
  emulator = await akamaiGatewayVendor.startEmulator(CLIENT_SECRET);
  const started = startVendorPipeline(store, akamaiModule, { ...connectionFor(emulator, CONNECTION) }, fingerprinter);
  adapter = started.connections.get(CONNECTION).adapter as AkamaiAdapter;
  pipeline = started.pipeline;
});
afterAll(async () => {
  await adapter.close();
  await emulator.close();
});
beforeEach(() => emulator.clearRequests());

function command<Input>(
  spec: MutationCommand<VendorAdapter, Input>['spec'],
  providerKey: string | null,
  input: Record<string, unknown>,
): MutationCommand<VendorAdapter, Input> {
  return { spec, connectionId: CONNECTION, providerKey, input, actor: 'test' };
}
const run = <Input>(spec: MutationCommand<VendorAdapter, Input>['spec'], providerKey: string | null, input: Record<string, unknown>) =>
  pipeline.run(command(spec, providerKey, input));
const update = (key: string, input: Record<string, unknown>) => run(updateAkamaiCustomProvider as never, key, input);
const create = (input: Record<string, unknown>) => run(createAkamaiCustomProvider as never, null, input);

const writes = () => emulator.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/login/token'));

describe('createAkamaiCustomProvider', () => {
  it('POSTs the wire body, reads the provider back, snapshots it and audits it', async () => {
    const outcome = await create(acmeOidcInput(CREATE_SECRET));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const [post] = writes();
    expect(sent(post!)).toMatchObject({
      method: 'POST',
      path: PROVIDERS_PATH,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        title: 'Acme Workforce',
        protocol: 'openidconnect',
        ui: { title: 'Acme', icon_url: 'https://acme.example/icon.png' },
        auth_url: 'https://login.acme.example/authorize',
        token_url: 'https://login.acme.example/token',
        client_id: 'acme-client',
        client_secret: CREATE_SECRET,
        scopes: ['openid', 'email'],
        attribute_map: { '/email': '/mail' },
      }),
    });
    const key = outcome.provider.key;
    expect(emulator.provider(APP_ID, key)).toMatchObject({ title: 'Acme Workforce', client_secret: CREATE_SECRET });
    expect(outcome.provider.secretFingerprints.clientSecret).toBe(fingerprinter.fingerprint(CREATE_SECRET));
    expect((await getSnapshot(store.db, CONNECTION, key))!.provider.displayName).toBe('Acme Workforce');
    expect(outcome.auditEvent).toMatchObject({ status: 'SUCCEEDED', operation: 'createAkamaiCustomProvider', providerKey: key });
    // A fingerprint, not the value (core fingerprints declared secrets twice, so it is not the snapshot's one).
    expect(outcome.auditEvent.input.clientSecret).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(outcome.changes.find((c) => c.path === 'clientSecret')).toEqual({
      path: 'clientSecret',
      before: null,
      after: null,
      secret: true,
    });
  });

  it('creates a SAML provider, sending a PEM certificate as bare base64', async () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${SAMPLE_IDP_CERTIFICATE.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
    const outcome = await create({
      title: 'Acme SAML',
      protocol: 'saml2',
      authUrl: 'https://idp.acme.example/sso',
      idpCertificate: pem,
      idpCertificateChain: [SAMPLE_CA_CERTIFICATE],
    });
    expect(outcome.ok).toBe(true);
    expect(JSON.parse(writes()[0]!.body)).toEqual({
      title: 'Acme SAML',
      protocol: 'saml2',
      auth_url: 'https://idp.acme.example/sso',
      idp_certificate: SAMPLE_IDP_CERTIFICATE,
      idp_certificate_chain: [SAMPLE_CA_CERTIFICATE],
    });
  });

  it.each([
    [
      'a non-HTTPS URL',
      { authUrl: 'http://login.acme.example/authorize' },
      ['authUrl'],
      'authUrl must be an https:// URL (http: is not accepted)',
    ],
    [
      'a field of another protocol',
      { idpCertificate: SAMPLE_IDP_CERTIFICATE },
      ['idpCertificate'],
      'idpCertificate is only for SAML 2 providers, not OpenID Connect',
    ],
    [
      'an OAuth-only field on OIDC',
      { identifierAttribute: '/id' },
      ['identifierAttribute'],
      'identifierAttribute is only for OAuth 2.0 providers, not OpenID Connect',
    ],
    [
      'token_auth_method on OIDC',
      { tokenAuthMethod: 'client_secret_basic' },
      ['tokenAuthMethod'],
      'tokenAuthMethod is only for OAuth 2.0 providers, not OpenID Connect',
    ],
    ['a missing client secret', { clientSecret: undefined }, ['clientSecret'], 'clientSecret is required for OpenID Connect providers'],
    [
      'a duplicate attribute',
      {
        attributeMap: [
          { identityCloudAttribute: '/email', providerAttribute: '/a' },
          { identityCloudAttribute: '/email', providerAttribute: '/b' },
        ],
      },
      ['attributeMap', '1', 'identityCloudAttribute'],
      'attributeMap maps "/email" twice',
    ],
    ['an empty title', { title: '  ' }, ['title'], 'title must not be empty'],
    ['a scope with a space', { scopes: ['openid email'] }, ['scopes', '0'], 'a scope must not contain spaces'],
    [
      'a non-HTTPS icon',
      { ui: { iconUrl: 'http://x.example/i.png' } },
      ['ui', 'iconUrl'],
      'ui.iconUrl must be an https:// URL (http: is not accepted)',
    ],
  ])('refuses %s with a field error and no vendor call', async (_label, change, path, message) => {
    const input = {
      title: 'Bad',
      protocol: 'openidconnect',
      authUrl: 'https://login.acme.example/authorize',
      tokenUrl: 'https://login.acme.example/token',
      clientId: 'c',
      clientSecret: CREATE_SECRET,
      ...change,
    };
    const outcome = await create(input);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path, message }] });
    expect(outcome.auditEvent).toMatchObject({ status: 'REJECTED' });
    expect(emulator.requests).toEqual([]);
  });

  it('refuses a SAML provider without a real certificate', async () => {
    const outcome = await create({ title: 'S', protocol: 'saml2', authUrl: 'https://idp.example/sso', idpCertificate: 'bm90IGEgY2VydA==' });
    expect(outcome).toMatchObject({
      ok: false,
      error: { fieldErrors: [{ path: ['idpCertificate'], message: 'idpCertificate must be an X.509 certificate (base64 DER or PEM)' }] },
    });
    expect(emulator.requests).toEqual([]);
  });
});

describe('updateAkamaiCustomProvider', () => {
  it('PATCHes only the given members as a merge patch, and the secret change is a fingerprint change', async () => {
    const outcome = await update(OIDC_ID, { title: 'Contoso OIDC', clientSecret: NEW_SECRET, profileUrl: null, ui: { iconUrl: null } });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const [patch] = writes();
    expect(sent(patch!)).toMatchObject({
      method: 'PATCH',
      path: `${PROVIDERS_PATH}/${OIDC_ID}`,
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ title: 'Contoso OIDC', ui: { icon_url: null }, profile_url: null, client_secret: NEW_SECRET }),
    });
    expect(emulator.provider(APP_ID, OIDC_ID)).toMatchObject({
      title: 'Contoso OIDC',
      client_secret: NEW_SECRET,
      scopes: ['openid', 'profile', 'email'],
    });
    expect(outcome.provider.secretFingerprints.clientSecret).toBe(fingerprinter.fingerprint(NEW_SECRET));
    expect(outcome.changes.map((c) => c.path)).toEqual([
      'clientSecret',
      'details.iconUrl',
      'details.profileUrl',
      'details.title',
      'details.updatedAt',
      'displayName',
    ]);
    expect(outcome.changes.find((c) => c.path === 'clientSecret')).toMatchObject({ secret: true, before: null, after: null });
    expect((await getSnapshot(store.db, CONNECTION, OIDC_ID))!.provider.displayName).toBe('Contoso OIDC');
  });

  it('replaces the attribute map: entries left out are sent as null', async () => {
    const outcome = await update(SAML_ID, {
      attributeMap: [
        { identityCloudAttribute: '/email', providerAttribute: '/mail' },
        { identityCloudAttribute: '/name/givenName', providerAttribute: '/first' },
      ],
    });
    expect(outcome.ok).toBe(true);
    expect(JSON.parse(writes()[0]!.body)).toEqual({
      attribute_map: { '/email': '/mail', '/name/givenName': '/first', '/displayName': null, '/verifiedEmail': null },
    });
    expect(emulator.provider(APP_ID, SAML_ID)!.attribute_map).toEqual({ '/email': '/mail', '/name/givenName': '/first' });
  });

  it('refuses a member of another protocol before any call (checked on the snapshot)', async () => {
    const outcome = await update(SAML_ID, { clientId: 'x', scopes: null });
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        fieldErrors: [
          { path: ['clientId'], message: 'clientId is only for OpenID Connect and OAuth 2.0 providers, not SAML 2' },
          { path: ['scopes'], message: 'scopes is only for OpenID Connect and OAuth 2.0 providers, not SAML 2' },
        ],
      },
    });
    // The snapshot from the last test answered the rule: not even a read went out.
    expect(emulator.requests).toEqual([]);
  });

  it.each([
    ['an empty update', {}, [], 'give at least one field to change'],
    ['removing a required member', { authUrl: null }, ['authUrl'], 'authUrl cannot be removed; leave it out to keep its value'],
    ['a bad token auth method', { tokenAuthMethod: 'private_key_jwt' }, ['tokenAuthMethod'], undefined],
  ])('refuses %s with no vendor call', async (_label, input, path, message) => {
    const outcome = await update(OAUTH_ID, input);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((outcome.error as unknown as { fieldErrors: Array<{ path: string[]; message: string }> }).fieldErrors[0]).toMatchObject(
      message ? { path, message } : { path },
    );
    expect(emulator.requests).toEqual([]);
  });

  it('sets OAuth-only members on an OAuth provider', async () => {
    const outcome = await update(OAUTH_ID, { tokenAuthMethod: null, identifierAttribute: '/uid' });
    expect(outcome.ok).toBe(true);
    expect(JSON.parse(writes()[0]!.body)).toEqual({ token_auth_method: null, identifier_attribute: '/uid' });
    expect(emulator.provider(APP_ID, OAUTH_ID)!.token_auth_method).toBeUndefined();
  });

  it('sets and disables authn_context on a SAML provider, passing the object through', async () => {
    const on = await update(SAML_ID, { authnContext: { class: 'PasswordProtectedTransport', comparison: 'exact' } });
    expect(on.ok).toBe(true);
    expect(JSON.parse(writes()[0]!.body)).toEqual({ authn_context: { class: 'PasswordProtectedTransport', comparison: 'exact' } });
    if (on.ok) expect(on.provider.details.authnContext).toEqual({ class: 'PasswordProtectedTransport', comparison: 'exact' });
    emulator.clearRequests();
    const off = await update(SAML_ID, { authnContext: null });
    expect(JSON.parse(writes()[0]!.body)).toEqual({ authn_context: null });
    if (off.ok) expect(off.provider.details.authnContext).toBeNull();
    const bad = await update(SAML_ID, { authnContext: ['exact'] });
    expect(bad).toMatchObject({
      ok: false,
      error: { fieldErrors: [{ path: ['authnContext'], message: 'authnContext must be a JSON object (or null to disable it)' }] },
    });
  });

  it('says NOT_FOUND for an unknown provider', async () => {
    const outcome = await update('00000000-0000-4000-8000-000000000000', { title: 'x' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('records a vendor refusal as a FAILED audit row with the VendorError', async () => {
    emulator.failNext('PATCH', 422, 'unknown-field', 'The field "auth_url" does not exist on a custom provider.');
    const outcome = await update(OIDC_ID, { authUrl: 'https://login.contoso.example/authorize2' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({
      code: 'VENDOR_ERROR',
      vendor: 'akamai',
      httpStatus: 422,
      vendorCode: 'unknown-field',
      retryable: false,
    });
    expect(outcome.error.message).toBe(
      `Akamai Identity Cloud refused to modify custom provider ${OIDC_ID} (HTTP 422): Unprocessable Entity: The field "auth_url" does not exist on a custom provider.`,
    );
    expect(outcome.auditEvent).toMatchObject({ status: 'FAILED', error: { vendorCode: 'unknown-field' } });
    expect(outcome.auditEvent!.vendorRequests).toEqual([
      expect.objectContaining({ method: 'PATCH', path: `${PROVIDERS_PATH}/${OIDC_ID}`, status: 422 }),
    ]);
  });

  it('marks a vendor outage retryable', async () => {
    // The merge-patch PATCH is idempotent: an outage must outlast the client's three attempts to fail it.
    for (let attempt = 0; attempt < 3; attempt += 1) emulator.failNext('PATCH', 503, 'unavailable', 'Try again later.');
    const outcome = await update(OIDC_ID, { authUrl: 'https://login.contoso.example/authorize2' });
    expect(outcome).toMatchObject({ ok: false, error: { httpStatus: 503, vendorCode: 'unavailable', retryable: true } });
  });

  it('retries a brief outage of the (idempotent) PATCH away', async () => {
    emulator.failNext('PATCH', 503, 'unavailable', 'Try again later.');
    const outcome = await update(OIDC_ID, { authUrl: 'https://login.contoso.example/authorize3' });
    expect(outcome).toMatchObject({ ok: true });
  });

  it('renews an expired token once inside a mutation', async () => {
    emulator.expireTokens();
    const outcome = await update(OIDC_ID, { authUrl: 'https://login.contoso.example/authorize2' });
    expect(outcome.ok).toBe(true);
    expect(emulator.requests.map((r) => `${r.method} ${r.path.replace(PROVIDERS_PATH, '…')}`)).toEqual([
      `GET …/${OIDC_ID}`,
      `POST /${CUSTOMER_ID}/login/token`,
      `GET …/${OIDC_ID}`,
      `PATCH …/${OIDC_ID}`,
      `GET …/${OIDC_ID}`,
    ]);
  });
});

describe('dry run through the pipeline', () => {
  it('plans an update and a create without any vendor write, the secret absent from the shown requests', async () => {
    const stored = structuredClone(emulator.provider(APP_ID, OAUTH_ID));
    const updated = await pipeline.run({
      ...command(updateAkamaiCustomProvider as never, OAUTH_ID, { title: 'Dry', clientSecret: NEW_SECRET }),
      dryRun: true,
    });
    expect(updated).toMatchObject({ ok: true, dryRun: true, provider: { key: OAUTH_ID, displayName: 'Dry' } });
    if (!updated.ok) return;
    expect(updated.changes.map((c) => c.path)).toEqual(['clientSecret', 'details.title', 'displayName']);
    expect(updated.vendorRequests).toMatchObject([{ method: 'PATCH', path: `${PROVIDERS_PATH}/${OAUTH_ID}` }]);
    expect(JSON.stringify(updated.vendorRequests)).not.toContain(NEW_SECRET);
    const created = await pipeline.run({
      ...command(createAkamaiCustomProvider as never, null, {
        title: 'Dry SAML',
        protocol: 'saml2',
        authUrl: 'https://idp.acme.example/sso',
        idpCertificate: SAMPLE_IDP_CERTIFICATE,
      }),
      dryRun: true,
    });
    expect(created).toMatchObject({ ok: true, dryRun: true, vendorRequests: [{ method: 'POST', path: PROVIDERS_PATH }] });
    expect(writes()).toEqual([]);
    expect(emulator.provider(APP_ID, OAUTH_ID)).toEqual(stored);
    expect(emulator.providers(APP_ID).map((p) => p.title)).not.toContain('Dry SAML');
  });
});

describe('secrets', () => {
  it('no secret value is in any audit row or snapshot', async () => {
    const rows = await store.db.execute(
      sql`select (select coalesce(json_agg(a), '[]') from audit_events a)::text as audit, (select coalesce(json_agg(s), '[]') from provider_snapshots s)::text as snaps`,
    );
    const dump = JSON.stringify(rows);
    expect(dump).toContain('hmac-sha256:');
    for (const secret of [NEW_SECRET, CREATE_SECRET, OIDC_SECRET, CLIENT_SECRET]) expect(dump).not.toContain(secret);
  });
});
