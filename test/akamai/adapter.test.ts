// The Akamai adapter over real HTTP to the emulator: every request asserted exactly, the token life cycle,
// both list envelopes, normalization without secrets, and each error shape as a VendorError.
import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/core/errors.js';
import { AkamaiAdapter } from '../../src/vendors/akamai/adapter.js';
import { SAMPLE_IDP_CERTIFICATE } from '../../src/vendors/akamai/emulator/sandbox.js';
import {
  APP_ID,
  bearerOf,
  connectionFor,
  type Fixture,
  OAUTH_ID,
  OIDC_ID,
  OIDC_SECRET,
  PROVIDERS_PATH,
  SAML_ID,
  sent,
  startFixture,
  summary,
  tokenRequest,
} from './support.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, accept: 'application/json' });

describe('reads', () => {
  it('gets a token once, lists the summaries, then views each provider', async () => {
    fx = await startFixture();
    const providers = await fx.adapter.list();
    expect(providers.map((p) => [p.key, p.protocol, p.displayName])).toEqual([
      [OIDC_ID, 'OIDC', 'Contoso Workforce OIDC'],
      [SAML_ID, 'SAML', 'Northwind SAML'],
      [OAUTH_ID, 'OAUTH2', 'Fabrikam Community OAuth'],
    ]);
    const requests = fx.emulator.requests.map(sent);
    expect(requests[0]).toEqual(tokenRequest());
    const token = bearerOf(fx.emulator.requests[1]!);
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(requests[1]).toEqual({ method: 'GET', path: PROVIDERS_PATH, query: '', headers: bearer(token), body: '' });
    // Views run in parallel: compare as a set.
    expect(requests.slice(2).sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      [OIDC_ID, SAML_ID, OAUTH_ID]
        .sort()
        .map((id) => ({ method: 'GET', path: `${PROVIDERS_PATH}/${id}`, query: '', headers: bearer(token), body: '' })),
    );
    expect(fx.emulator.tokensIssued()).toBe(1);
  });

  it('normalizes an OIDC provider with the client secret fingerprinted, never kept', async () => {
    fx = await startFixture();
    const oidc = await fx.adapter.get(OIDC_ID);
    expect(oidc).toEqual({
      key: OIDC_ID,
      displayName: 'Contoso Workforce OIDC',
      protocol: 'OIDC',
      enabled: null,
      clientId: '339fdbdb-f17c-4ce6-a7d8-0b2c770412de',
      secretFingerprints: { clientSecret: fx.fingerprinter.fingerprint(OIDC_SECRET) },
      details: {
        title: 'Contoso Workforce OIDC',
        wireProtocol: 'openidconnect',
        uiTitle: 'Contoso',
        iconUrl: 'https://assets.contoso.example/brand/icon-128.png',
        authUrl: 'https://login.contoso.example/oauth2/v2.0/authorize',
        tokenUrl: 'https://login.contoso.example/oauth2/v2.0/token',
        profileUrl: 'https://graph.contoso.example/oidc/userinfo',
        tokenAuthMethod: null,
        scopes: ['openid', 'profile', 'email'],
        identifierAttribute: null,
        attributeMap: { '/email': '/email', '/name/givenName': '/given_name', '/name/familyName': '/family_name' },
        idpCertificate: null,
        idpCertificateInfo: null,
        idpCertificateChain: null,
        authnContext: null,
        createdAt: '2021-01-23T00:00:00.000000000Z',
        updatedAt: '2021-02-14T00:00:00.000000000Z',
      },
    });
    expect(JSON.stringify(oidc)).not.toContain(OIDC_SECRET);
    // Seen, so registered: any text that echoes it is scrubbed.
    expect(fx.secrets.scrub(`x ${OIDC_SECRET} y`)).toBe('x [REDACTED] y');
  });

  it('normalizes SAML (certificate shown and read, no client secret) and OAuth 2.0', async () => {
    fx = await startFixture();
    const saml = (await fx.adapter.get(SAML_ID))!;
    expect(saml.protocol).toBe('SAML');
    expect(saml.secretFingerprints).toEqual({ clientSecret: null });
    expect(saml.details.idpCertificate).toBe(SAMPLE_IDP_CERTIFICATE);
    expect(saml.details.idpCertificateInfo).toMatchObject({
      subject: 'O=Northwind Traders, CN=sso.northwind.example',
      issuer: 'O=Example Federation, CN=Example Federation Root CA',
      validTo: '2036-11-21T04:40:13.000Z',
    });
    const oauth = (await fx.adapter.get(OAUTH_ID))!;
    expect(oauth).toMatchObject({
      protocol: 'OAUTH2',
      clientId: 'fabrikam-idcloud-client',
      details: { tokenAuthMethod: 'client_secret_basic', identifierAttribute: '/user/id', wireProtocol: 'oauth2' },
    });
    expect(oauth.secretFingerprints.clientSecret).toMatch(/^hmac-sha256:/);
  });

  it('reads a bare-array list envelope as well', async () => {
    fx = await startFixture({ listStyle: 'array' });
    expect((await fx.adapter.list()).map((p) => p.key)).toEqual([OIDC_ID, SAML_ID, OAUTH_ID]);
  });

  it('lists an empty app', async () => {
    fx = await startFixture();
    const adapter = new AkamaiAdapter(
      { ...connectionFor(fx.emulator), appId: 'emptyappxxxxxxxxxxx' },
      { fingerprinter: fx.fingerprinter, secrets: fx.secrets },
    );
    expect(await adapter.list()).toEqual([]);
    await adapter.close();
  });

  it('answers null for an unknown provider (404)', async () => {
    fx = await startFixture();
    expect(await fx.adapter.get('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('reports a masked client secret as unknown rather than fingerprinting the mask', async () => {
    fx = await startFixture();
    fx.emulator.provider(APP_ID, OIDC_ID)!.client_secret = '********';
    expect((await fx.adapter.get(OIDC_ID))!.secretFingerprints).toEqual({});
  });
});

describe('token life cycle', () => {
  it('reuses the token until shortly before expires_in, then fetches a new one', async () => {
    fx = await startFixture();
    await fx.adapter.get(OIDC_ID);
    fx.clock.now += 3_000 * 1000; // 50 minutes: still well before expiry
    await fx.adapter.get(OIDC_ID);
    expect(fx.emulator.tokensIssued()).toBe(1);
    fx.clock.now += 550 * 1000; // 59m10s: inside the renewal minute
    await fx.adapter.get(OIDC_ID);
    expect(fx.emulator.tokensIssued()).toBe(2);
  });

  it('after a 403 on an expired token fetches a token again, once, and repeats the call', async () => {
    fx = await startFixture();
    await fx.adapter.get(OIDC_ID);
    fx.emulator.expireTokens();
    fx.emulator.clearRequests();
    expect((await fx.adapter.get(OIDC_ID))!.key).toBe(OIDC_ID);
    const path = `GET ${PROVIDERS_PATH}/${OIDC_ID}`;
    expect(summary(fx.emulator)).toEqual([path, `POST ${tokenRequest().path}`, path]);
    const [first, , second] = fx.emulator.requests;
    expect(bearerOf(first!)).not.toBe(bearerOf(second!));
  });

  it('gives up after the second 403 with the vendor code and text', async () => {
    // The emulator's clock jumps 2 s at every look: each 1-second token is dead by the time it is used.
    let t = Date.now();
    fx = await startFixture({ tokenLifetimeSeconds: 1, now: () => (t += 2_000) });
    const error = await fx.adapter.get(OIDC_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ vendor: 'akamai', httpStatus: 403, vendorCode: 'access-denied', retryable: false });
    expect((error as Error).message).toBe(
      `Akamai Identity Cloud refused to view custom provider ${OIDC_ID} (HTTP 403): Forbidden: Access denied: the access token is missing, invalid or expired.`,
    );
    expect(summary(fx.emulator)).toEqual([
      `POST ${tokenRequest().path}`,
      `GET ${PROVIDERS_PATH}/${OIDC_ID}`,
      `POST ${tokenRequest().path}`,
      `GET ${PROVIDERS_PATH}/${OIDC_ID}`,
    ]);
  });

  it('maps a refused client (OAuth error body) to a VendorError without the secret', async () => {
    fx = await startFixture({ clientSecret: 'the-real-one-differs' });
    const error = await fx.adapter.list().catch((e: unknown) => e);
    expect(error).toMatchObject({ vendor: 'akamai', httpStatus: 401, vendorCode: 'invalid_client', retryable: false });
    expect((error as Error).message).toBe(
      'Akamai Identity Cloud refused to issue a configuration access token for client config-client-7c1d (HTTP 401): Client authentication failed.',
    );
  });
});

describe('writes', () => {
  it('creates with POST application/json and returns the new id', async () => {
    fx = await startFixture();
    const body = {
      title: 'Acme SAML',
      protocol: 'saml2' as const,
      auth_url: 'https://idp.acme.example/sso',
      idp_certificate: SAMPLE_IDP_CERTIFICATE,
    };
    const id = await fx.adapter.sendCreate(fx.adapter.createRequest(body));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const post = fx.emulator.requests.at(-1)!;
    expect(sent(post)).toEqual({
      method: 'POST',
      path: PROVIDERS_PATH,
      query: '',
      headers: { ...bearer(bearerOf(post)), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(fx.emulator.provider(APP_ID, id)).toMatchObject(body);
  });

  it('modifies with PATCH application/merge-patch+json (204)', async () => {
    fx = await startFixture();
    await fx.adapter.sendModify(fx.adapter.modifyRequest(OIDC_ID, { title: 'Contoso OIDC', ui: { icon_url: null }, scopes: ['openid'] }));
    const patch = fx.emulator.requests.at(-1)!;
    expect(sent(patch)).toEqual({
      method: 'PATCH',
      path: `${PROVIDERS_PATH}/${OIDC_ID}`,
      query: '',
      headers: { ...bearer(bearerOf(patch)), 'content-type': 'application/merge-patch+json' },
      body: '{"title":"Contoso OIDC","ui":{"icon_url":null},"scopes":["openid"]}',
    });
    const stored = fx.emulator.provider(APP_ID, OIDC_ID)!;
    expect(stored).toMatchObject({ title: 'Contoso OIDC', ui: { title: 'Contoso' }, scopes: ['openid'], client_secret: OIDC_SECRET });
    expect(stored.ui).toEqual({ title: 'Contoso' });
  });

  it('maps a 422 (problem+json) to a VendorError with the vendor code and text', async () => {
    fx = await startFixture();
    const error = await fx.adapter
      .sendModify(fx.adapter.modifyRequest(OIDC_ID, { idp_certificate: SAMPLE_IDP_CERTIFICATE }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ httpStatus: 422, vendorCode: 'field-not-allowed', retryable: false });
    expect((error as Error).message).toBe(
      `Akamai Identity Cloud refused to modify custom provider ${OIDC_ID} (HTTP 422): Unprocessable Entity: The field "idp_certificate" does not exist on a openidconnect custom provider.`,
    );
  });

  it('maps the Engage error body ({stat, err}) the same way', async () => {
    fx = await startFixture({ errorStyle: 'engage' });
    const error = await fx.adapter
      .sendModify(fx.adapter.modifyRequest(OIDC_ID, { auth_url: 'http://plain.example/authorize' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 400, vendorCode: 'invalid-url' });
    expect((error as Error).message).toContain('(HTTP 400): auth_url must use the HTTPS scheme');
  });

  it('maps a 404 on modify', async () => {
    fx = await startFixture();
    const error = await fx.adapter.sendModify(fx.adapter.modifyRequest('no-such-provider', { title: 'x' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 404, vendorCode: 'provider-not-found' });
    expect((error as Error).message).toContain('Custom provider no-such-provider was not found.');
  });

  it('maps an unreadable answer to BAD_RESPONSE', async () => {
    fx = await startFixture();
    fx.emulator.provider(APP_ID, OIDC_ID)!.scopes = 'openid profile';
    await expect(fx.adapter.get(OIDC_ID)).rejects.toMatchObject({ vendorCode: 'BAD_RESPONSE' });
  });
});
