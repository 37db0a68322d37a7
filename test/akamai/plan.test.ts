// Plan-first Akamai mutations, on a live adapter over real HTTP to the emulator: `plan` sends nothing at all,
// `apply` sends exactly the planned request (method, path, query, headers but the bearer token, body), and
// the provider read back afterwards is the one the plan predicted: on every path the change touches, and
// everywhere else too except what Akamai stamps itself (the id and timestamps of a new provider, the
// `updatedAt` of a modified one).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterContext, MutationSpec, NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { diffProviders } from '../../src/core/mutations/changes.js';
import type { RecordedRequest } from '../../src/emulation/http.js';
import { VendorError } from '../../src/core/errors.js';
import type { AkamaiAdapter } from '../../src/vendors/akamai/adapter.js';
import { createAkamaiCustomProvider, updateAkamaiCustomProvider } from '../../src/vendors/akamai/mutations.js';
import { normalizeProvider, toWire } from '../../src/vendors/akamai/normalize.js';
import { KEY_ASSIGNED_ON_CREATE } from '../../src/vendors/akamai/predict.js';
import { SAMPLE_CA_CERTIFICATE, SAMPLE_IDP_CERTIFICATE } from '../../src/vendors/akamai/emulator/sandbox.js';
import { customProvider } from '../../src/vendors/akamai/wire.js';
import { plannedAsReceived, receivedAsPlanned } from '../support/planned-shape.js';
import {
  acmeOidcInput,
  APP_ID,
  type Fixture,
  OAUTH_ID,
  OIDC_ID,
  OIDC_SECRET,
  PROVIDERS_PATH,
  SAML_ID,
  startFixture,
  TOKEN_PATH,
} from './support.js';

const NEW_SECRET = 'plan-test-S3CRET-otter-4417';
const PEM = `-----BEGIN CERTIFICATE-----\n${SAMPLE_IDP_CERTIFICATE.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

let fx: Fixture;
let context: AdapterContext;

beforeEach(async () => {
  fx = await startFixture();
  // The pipeline hands plans the fingerprinter the adapters read with.
  context = { fingerprinter: fx.fingerprinter };
});
afterEach(async () => {
  await fx.close();
});

const isWrite = (r: RecordedRequest) => r.method !== 'GET' && r.path !== TOKEN_PATH;

/** A received request in the planned shape (test/support/planned-shape.ts). */
const received = (req: RecordedRequest) => receivedAsPlanned(req, fx.adapter.authHeaderNames);

const expected = plannedAsReceived;

/** The pipeline's order without its store: validate, read live, check, then plan, which must send nothing. */
async function planOnly<I>(spec: MutationSpec<AkamaiAdapter, I>, key: string | null, raw: unknown) {
  const input = spec.input.parse(raw);
  const before = key === null ? null : await fx.adapter.get(key);
  if (key !== null) expect(before).not.toBeNull();
  expect(spec.check?.(before, input) ?? []).toEqual([]);
  fx.emulator.clearRequests();
  const plan = await spec.plan(fx.adapter, before, input, context);
  // Akamai's plans need nothing beyond the live state the pipeline read: not even a GET goes out.
  expect(fx.emulator.requests).toEqual([]);
  return { input, before, plan };
}

/** What Akamai stamps itself and a plan cannot know. */
const UNPREDICTABLE = { create: ['details.createdAt', 'details.updatedAt'], update: ['details.updatedAt'] };

/** Plan, apply; then the writes received equal plan.requests exactly, and the read-back is plan.after. */
async function planAndApply<I>(spec: MutationSpec<AkamaiAdapter, I>, key: string | null, raw: unknown) {
  const { input, before, plan } = await planOnly(spec, key, raw);
  const applied = await spec.apply(fx.adapter, plan, before, input);
  if (plan.providerKey !== null) expect(applied.providerKey).toBe(plan.providerKey);
  const writes = fx.emulator.requests.filter(isWrite);
  expect(writes.map(received)).toEqual(plan.requests.map(expected));
  // Each write carried the bearer token of the token call made for it (the plan leaves auth out).
  for (const write of writes) expect(write.headers.authorization).toMatch(/^Bearer [\w-]{20,}$/);

  const readBack = await fx.adapter.get(applied.providerKey);
  expect(readBack).not.toBeNull();
  const touched = diffProviders(before, plan.after).map((change) => change.path);
  expect(touched.length).toBeGreaterThan(0);
  const mismatches = diffProviders(plan.after, readBack).map((change) => change.path);
  // The brief's rule: equal on every path the change touches ...
  expect(mismatches.filter((path) => touched.includes(path))).toEqual([]);
  // ... and here, everywhere but the vendor's own stamps.
  expect(mismatches.filter((path) => !UNPREDICTABLE[spec.kind as 'create' | 'update'].includes(path))).toEqual([]);
  expect(readBack!.secretFingerprints).toEqual(plan.after!.secretFingerprints);
  return { before, plan, applied, readBack: readBack!, touched };
}

describe('createAkamaiCustomProvider plan / apply', () => {
  const OIDC_INPUT = acmeOidcInput(NEW_SECRET);

  it('plans one POST with the real secret and the provider it will create, then sends exactly that', async () => {
    const { plan, applied, readBack } = await planAndApply(createAkamaiCustomProvider, null, OIDC_INPUT);
    expect(plan.providerKey).toBeNull();
    expect(plan.requests).toEqual([
      {
        method: 'POST',
        path: PROVIDERS_PATH,
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Acme Workforce',
          protocol: 'openidconnect',
          ui: { title: 'Acme', icon_url: 'https://acme.example/icon.png' },
          auth_url: 'https://login.acme.example/authorize',
          token_url: 'https://login.acme.example/token',
          client_id: 'acme-client',
          client_secret: NEW_SECRET,
          scopes: ['openid', 'email'],
          attribute_map: { '/email': '/mail' },
        }),
        purpose: `create a custom provider in app ${APP_ID}`,
        idempotent: false,
      },
    ]);
    // Akamai assigns the id and the timestamps: a placeholder key, unknown (null) stamps.
    expect(plan.after).toMatchObject({
      key: KEY_ASSIGNED_ON_CREATE,
      displayName: 'Acme Workforce',
      protocol: 'OIDC',
      enabled: null,
      clientId: 'acme-client',
      secretFingerprints: { clientSecret: context.fingerprinter.fingerprint(NEW_SECRET) },
      details: {
        uiTitle: 'Acme',
        iconUrl: 'https://acme.example/icon.png',
        profileUrl: null,
        attributeMap: { '/email': '/mail' },
        createdAt: null,
        updatedAt: null,
      },
    });
    expect(applied.providerKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(readBack.key).toBe(applied.providerKey);
    expect(fx.emulator.provider(APP_ID, applied.providerKey)).toMatchObject({ client_secret: NEW_SECRET });
  });

  it('plans a SAML create with the PEM sent as bare base64 and the certificate facts predicted', async () => {
    const { plan, readBack } = await planAndApply(createAkamaiCustomProvider, null, {
      title: 'Acme SAML',
      protocol: 'saml2',
      authUrl: 'https://idp.acme.example/sso',
      idpCertificate: PEM,
      idpCertificateChain: [SAMPLE_CA_CERTIFICATE],
      authnContext: { class: 'PasswordProtectedTransport', comparison: 'exact' },
      attributeMap: [{ identityCloudAttribute: '/email', providerAttribute: '/mail' }],
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toMatchObject({ idp_certificate: SAMPLE_IDP_CERTIFICATE });
    expect(plan.after!.secretFingerprints).toEqual({ clientSecret: null });
    expect(plan.after!.details.idpCertificateInfo).toEqual(readBack.details.idpCertificateInfo);
    expect(plan.after!.details.idpCertificateInfo).not.toBeNull();
  });

  it('plans an OAuth 2.0 create with its own members', async () => {
    const { plan } = await planAndApply(createAkamaiCustomProvider, null, {
      title: 'Acme OAuth',
      protocol: 'oauth2',
      ui: { title: 'Acme OAuth' },
      authUrl: 'https://oauth.acme.example/authorize',
      tokenUrl: 'https://oauth.acme.example/token',
      profileUrl: 'https://api.acme.example/me',
      clientId: 'acme-oauth',
      clientSecret: NEW_SECRET,
      tokenAuthMethod: 'client_secret_post',
      scopes: ['read:profile'],
      identifierAttribute: '/id',
    });
    expect(plan.after).toMatchObject({
      protocol: 'OAUTH2',
      details: { tokenAuthMethod: 'client_secret_post', identifierAttribute: '/id', wireProtocol: 'oauth2' },
    });
  });

  it('a plan alone changes nothing at the vendor', async () => {
    const count = fx.emulator.providers(APP_ID).length;
    await planOnly(createAkamaiCustomProvider, null, OIDC_INPUT);
    expect(fx.emulator.providers(APP_ID)).toHaveLength(count);
  });
});

describe('updateAkamaiCustomProvider plan / apply', () => {
  it('plans one merge-patch PATCH of the given members; the new secret is a fingerprint change', async () => {
    const { before, plan, touched } = await planAndApply(updateAkamaiCustomProvider, OIDC_ID, {
      title: 'Contoso OIDC',
      clientSecret: NEW_SECRET,
      profileUrl: null,
      ui: { iconUrl: null },
    });
    expect(plan.requests).toEqual([
      {
        method: 'PATCH',
        path: `${PROVIDERS_PATH}/${OIDC_ID}`,
        headers: { accept: 'application/json', 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ title: 'Contoso OIDC', ui: { icon_url: null }, profile_url: null, client_secret: NEW_SECRET }),
        purpose: `modify custom provider ${OIDC_ID}`,
        idempotent: true,
      },
    ]);
    expect(plan.providerKey).toBe(OIDC_ID);
    expect(before!.secretFingerprints.clientSecret).toBe(context.fingerprinter.fingerprint(OIDC_SECRET));
    expect(plan.after!.secretFingerprints.clientSecret).toBe(context.fingerprinter.fingerprint(NEW_SECRET));
    // Akamai's updatedAt is not predicted: the plan keeps the current one, so it is not a planned change.
    expect(plan.after!.details.updatedAt).toBe(before!.details.updatedAt);
    expect(touched).toEqual(['clientSecret', 'details.iconUrl', 'details.profileUrl', 'details.title', 'displayName']);
  });

  it('replaces the attribute map, the dropped entries sent as null', async () => {
    const { plan } = await planAndApply(updateAkamaiCustomProvider, SAML_ID, {
      attributeMap: [
        { identityCloudAttribute: '/email', providerAttribute: '/mail' },
        { identityCloudAttribute: '/name/givenName', providerAttribute: '/first' },
      ],
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({
      attribute_map: { '/email': '/mail', '/name/givenName': '/first', '/displayName': null, '/verifiedEmail': null },
    });
    expect(plan.after!.details.attributeMap).toEqual({ '/email': '/mail', '/name/givenName': '/first' });
  });

  it('removes members with null and keeps the secret it does not touch', async () => {
    const { before, plan } = await planAndApply(updateAkamaiCustomProvider, OAUTH_ID, {
      tokenAuthMethod: null,
      identifierAttribute: '/uid',
      scopes: null,
      attributeMap: null,
      ui: { title: null, iconUrl: 'https://static.fabrikam.example/i.png' },
    });
    expect(plan.after).toMatchObject({
      details: {
        tokenAuthMethod: null,
        identifierAttribute: '/uid',
        scopes: null,
        attributeMap: null,
        uiTitle: null,
        iconUrl: 'https://static.fabrikam.example/i.png',
      },
    });
    expect(plan.after!.secretFingerprints).toEqual(before!.secretFingerprints);
  });

  it('sets a new SAML certificate, drops the chain and sets authn_context', async () => {
    const { plan } = await planAndApply(updateAkamaiCustomProvider, SAML_ID, {
      idpCertificate: PEM,
      idpCertificateChain: null,
      authnContext: { class: 'PasswordProtectedTransport' },
      title: 'Northwind SAML (new)',
    });
    expect(JSON.parse(plan.requests[0]!.body!)).toEqual({
      title: 'Northwind SAML (new)',
      idp_certificate: SAMPLE_IDP_CERTIFICATE,
      idp_certificate_chain: null,
      authn_context: { class: 'PasswordProtectedTransport' },
    });
    expect(plan.after!.details).toMatchObject({ idpCertificateChain: null, authnContext: { class: 'PasswordProtectedTransport' } });
  });

  it('changes the client id alone', async () => {
    const { touched } = await planAndApply(updateAkamaiCustomProvider, OIDC_ID, { clientId: 'contoso-new-client', scopes: ['openid'] });
    expect(touched).toEqual(['clientId', 'details.scopes']);
  });

  it('a plan alone changes nothing at the vendor', async () => {
    const stored = structuredClone(fx.emulator.provider(APP_ID, OIDC_ID));
    await planOnly(updateAkamaiCustomProvider, OIDC_ID, { title: 'Not applied', clientSecret: NEW_SECRET });
    expect(fx.emulator.provider(APP_ID, OIDC_ID)).toEqual(stored);
  });

  it('a refused write is the planned request, and a VendorError that names its purpose', async () => {
    const { input, before, plan } = await planOnly(updateAkamaiCustomProvider, OIDC_ID, {
      authUrl: 'https://login.contoso.example/authorize2',
    });
    fx.emulator.failNext('PATCH', 422, 'unknown-field', 'The field "auth_url" does not exist on a custom provider.');
    const error = await updateAkamaiCustomProvider.apply(fx.adapter, plan, before, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect((error as Error).message).toBe(
      `Akamai Identity Cloud refused to modify custom provider ${OIDC_ID} (HTTP 422): Unprocessable Entity: The field "auth_url" does not exist on a custom provider.`,
    );
    expect(fx.emulator.requests.filter(isWrite).map(received)).toEqual(plan.requests.map(expected));
  });

  it('an expired token: the planned request is refused with 403 unapplied, then sent again unchanged with a new token', async () => {
    const { input, before, plan } = await planOnly(updateAkamaiCustomProvider, OIDC_ID, { title: 'After renewal' });
    fx.emulator.expireTokens();
    await updateAkamaiCustomProvider.apply(fx.adapter, plan, before, input);
    const writes = fx.emulator.requests.filter(isWrite);
    expect(writes.map(received)).toEqual([...plan.requests, ...plan.requests].map(expected));
    expect(writes[0]!.headers.authorization).not.toBe(writes[1]!.headers.authorization);
    expect(fx.emulator.requests.map((r) => r.method)).toEqual(['PATCH', 'POST', 'PATCH']);
    expect(fx.emulator.provider(APP_ID, OIDC_ID)!.title).toBe('After renewal');
  });
});

describe('the normalizer both ways', () => {
  it('toWire is the inverse of the normalizer for every sample provider', async () => {
    const providers: NormalizedProvider[] = await fx.adapter.list();
    expect(providers).toHaveLength(3);
    for (const provider of providers) {
      const again = normalizeProvider(toWire(provider), fx.fingerprinter);
      expect({ ...again, secretFingerprints: provider.secretFingerprints }).toEqual(provider);
    }
  });

  it('toWire leaves unset members out, as Akamai does', async () => {
    const wire = toWire((await fx.adapter.get(SAML_ID))!);
    expect(Object.keys(wire).sort()).toEqual(
      [
        'id',
        'createdAt',
        'updatedAt',
        'title',
        'protocol',
        'ui',
        'auth_url',
        'idp_certificate',
        'idp_certificate_chain',
        'attribute_map',
      ].sort(),
    );
    expect(customProvider.safeParse(wire).success).toBe(true);
  });
});
