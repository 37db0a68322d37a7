// The adapter's reads and its auth over real HTTP: the exact requests, the normalized providers, token
// caching and renewal, and every error shape mapped to a VendorError with the vendor's code.
import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/core/errors.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { HuaweiAdapter } from '../../src/vendors/huawei/adapter.js';
import { SAMPLE_OKTA_JWKS } from '../../src/vendors/huawei/emulator/sandbox.js';
import { DOMAIN, PASSWORD, STATIC_TOKEN, USER, apiCalls, calls, connection, startFixture, type Fixture } from './support.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function caught(promise: Promise<unknown>): Promise<VendorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VendorError);
  return error as VendorError;
}

describe('reads', () => {
  it("lists: token, IdPs, each IdP's protocols, and the OIDC configuration of the oidc ones", async () => {
    fx = await startFixture();
    const providers = await fx.adapter.list();
    const sent = calls(fx.emulator);
    expect(sent.slice(0, 2)).toEqual(['POST /v3/auth/tokens', 'GET /v3/OS-FEDERATION/identity_providers']);
    // The IdPs are described in parallel (at most four at once): the order between them is not fixed.
    expect(sent.slice(2).sort()).toEqual([
      'GET /v3.0/OS-FEDERATION/identity-providers/github-actions-ci/openid-connect-config',
      'GET /v3.0/OS-FEDERATION/identity-providers/okta-workforce/openid-connect-config',
      'GET /v3/OS-FEDERATION/identity_providers/adfs-legacy/protocols',
      'GET /v3/OS-FEDERATION/identity_providers/github-actions-ci/protocols',
      'GET /v3/OS-FEDERATION/identity_providers/okta-workforce/protocols',
    ]);
    const [tokenRequest, ...rest] = fx.emulator.requests;
    expect(tokenRequest!.headers['content-type']).toBe('application/json;charset=utf8');
    expect(tokenRequest!.headers['x-auth-token']).toBeUndefined();
    expect(JSON.parse(tokenRequest!.body)).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { domain: { name: DOMAIN }, name: USER, password: PASSWORD } } },
        scope: { domain: { name: DOMAIN } },
      },
    });
    const issued = fx.emulator.issuedTokens[0];
    for (const request of rest) {
      expect(request.headers['x-auth-token']).toBe(issued);
      expect(request.headers['content-type']).toBe('application/json;charset=utf8');
      expect(request.body).toBe('');
      expect(request.rawQuery).toBe('');
    }

    expect(providers).toEqual([
      {
        key: 'okta-workforce',
        displayName: 'okta-workforce',
        protocol: 'OIDC',
        enabled: true,
        clientId: '0oa9x2kq7hVb1cD3e4F5',
        secretFingerprints: { clientSecret: null },
        details: {
          ssoType: 'virtual_user_sso',
          description: 'Okta workforce SSO for the console and APIs',
          remoteIds: [],
          protocols: [{ protocolId: 'oidc', mappingId: 'mapping_okta-workforce' }],
          oidcConfig: {
            accessMode: 'program_console',
            idpUrl: 'https://acme.okta.com',
            clientId: '0oa9x2kq7hVb1cD3e4F5',
            authorizationEndpoint: 'https://acme.okta.com/oauth2/v1/authorize',
            scope: 'openid profile email',
            responseType: 'id_token',
            responseMode: 'form_post',
            signingKey: SAMPLE_OKTA_JWKS,
          },
        },
      },
      expect.objectContaining({
        key: 'github-actions-ci',
        protocol: 'OIDC',
        details: expect.objectContaining({
          // Console fields come back empty under program access: shown as null.
          oidcConfig: expect.objectContaining({ accessMode: 'program', authorizationEndpoint: null, scope: null, responseMode: null }),
        }),
      }),
      expect.objectContaining({
        key: 'adfs-legacy',
        protocol: 'SAML',
        enabled: false,
        clientId: null,
        details: expect.objectContaining({ protocols: [{ protocolId: 'saml', mappingId: 'mapping_adfs-legacy' }], oidcConfig: null }),
      }),
    ]);
  });

  it('gets one provider, and null for an unknown one', async () => {
    fx = await startFixture();
    expect((await fx.adapter.get('adfs-legacy'))?.protocol).toBe('SAML');
    expect(await fx.adapter.get('ghost')).toBeNull();
    expect(apiCalls(fx.emulator)).toEqual([
      'GET /v3/OS-FEDERATION/identity_providers/adfs-legacy',
      'GET /v3/OS-FEDERATION/identity_providers/adfs-legacy/protocols',
      'GET /v3/OS-FEDERATION/identity_providers/ghost',
    ]);
  });

  it('treats "" / null sso_type as virtual_user_sso and an empty configuration as none', async () => {
    fx = await startFixture();
    fx.emulator.state.identityProviders.get('okta-workforce')!.sso_type = '';
    fx.emulator.state.oidcConfigs.set('github-actions-ci', {
      access_mode: '',
      idp_url: '',
      client_id: '',
      authorization_endpoint: '',
      scope: '',
      response_type: '',
      response_mode: '',
      signing_key: '',
    });
    const [okta, github] = await fx.adapter.list();
    expect(okta!.details.ssoType).toBe('virtual_user_sso');
    expect(github!.details.oidcConfig).toBeNull();
    expect(github!.clientId).toBeNull();
  });
});

describe('auth', () => {
  it('caches the password token and renews it before its 24 hours run out', async () => {
    fx = await startFixture();
    await fx.adapter.get('adfs-legacy');
    fx.clock.now += 23 * 3600 * 1000;
    await fx.adapter.get('adfs-legacy');
    expect(fx.emulator.issuedTokens).toHaveLength(1);
    fx.clock.now += 56 * 60 * 1000; // within the last five minutes: renewed before use
    await fx.adapter.get('adfs-legacy');
    expect(fx.emulator.issuedTokens).toHaveLength(2);
    expect(fx.emulator.requests.at(-1)!.headers['x-auth-token']).toBe(fx.emulator.issuedTokens[1]);
  });

  it('takes the lifetime from expires_at, not an assumed 24 hours', async () => {
    fx = await startFixture({ tokenTtlSeconds: 600 });
    await fx.adapter.get('adfs-legacy');
    fx.clock.now += 6 * 60 * 1000; // 4 minutes left: inside the renewal margin
    await fx.adapter.get('adfs-legacy');
    expect(fx.emulator.issuedTokens).toHaveLength(2);
  });

  it('fetches a new token once and repeats the call when the vendor says the token is no longer valid', async () => {
    fx = await startFixture();
    await fx.adapter.get('adfs-legacy');
    fx.emulator.expireTokens();
    fx.emulator.clearRequests();
    await fx.adapter.get('adfs-legacy');
    expect(calls(fx.emulator)).toEqual([
      'GET /v3/OS-FEDERATION/identity_providers/adfs-legacy',
      'POST /v3/auth/tokens',
      'GET /v3/OS-FEDERATION/identity_providers/adfs-legacy',
      'GET /v3/OS-FEDERATION/identity_providers/adfs-legacy/protocols',
    ]);
  });

  it('uses a configured authToken as is, and passes its 401 on without retrying', async () => {
    fx = await startFixture({}, 'token');
    await fx.adapter.get('adfs-legacy');
    expect(calls(fx.emulator)).toEqual([
      'GET /v3/OS-FEDERATION/identity_providers/adfs-legacy',
      'GET /v3/OS-FEDERATION/identity_providers/adfs-legacy/protocols',
    ]);
    expect(fx.emulator.requests[0]!.headers['x-auth-token']).toBe(STATIC_TOKEN);
    fx.emulator.expireTokens();
    const error = await caught(fx.adapter.list());
    expect(error).toMatchObject({ vendor: 'huawei', httpStatus: 401, vendorCode: 'APIGW.0301', retryable: false });
    expect(error.message).toContain('Incorrect IAM authentication information: token expires');
    expect(error.message).not.toContain(STATIC_TOKEN);
    expect(fx.emulator.requests.at(-1)!.method).toBe('GET');
  });

  it('turns a refused password into a VendorError that does not contain the password', async () => {
    fx = await startFixture({ users: [{ domainName: DOMAIN, userName: USER, password: 'another-password' }] });
    const error = await caught(fx.adapter.list());
    expect(error).toMatchObject({ httpStatus: 401, vendorCode: 'Unauthorized' });
    expect(error.message).toContain('The request you have made requires authentication.');
    expect(error.message).not.toContain(PASSWORD);
    expect(fx.secrets.scrub(`x ${PASSWORD} y`)).toBe('x [REDACTED] y');
  });

  it('refuses a connection with neither or both credential modes', () => {
    const deps = { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets: new SecretRegistry() };
    expect(() => new HuaweiAdapter(connection('http://127.0.0.1:1', { domainName: DOMAIN, userName: USER }), deps)).toThrow(
      /needs authToken, or all of domainName, userName and password/,
    );
    expect(() => new HuaweiAdapter(connection('http://127.0.0.1:1', { authToken: 'MIIx', password: 'p' }), deps)).toThrow(/not both/);
  });
});

describe('errors', () => {
  it('maps the IAM shape {error_msg, error_code} to the vendor code', async () => {
    fx = await startFixture();
    fx.emulator.failNext('GET', '/v3.0/OS-FEDERATION/identity-providers/okta-workforce/openid-connect-config', {
      status: 403,
      body: { error_msg: "Policy doesn't allow iam:identityProviders:getOpenIDConnectConfig to be performed.", error_code: 'IAM.0003' },
    });
    const error = await caught(fx.adapter.get('okta-workforce'));
    expect(error).toMatchObject({ vendor: 'huawei', httpStatus: 403, vendorCode: 'IAM.0003', retryable: false });
    expect(error.message).toContain("Policy doesn't allow iam:identityProviders:getOpenIDConnectConfig to be performed.");
  });

  it('maps the Keystone shape {error: {code, title, message}} to its title', async () => {
    fx = await startFixture();
    // A read is retried (three attempts): the outage has to last through all of them.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      fx.emulator.failNext('GET', '/v3/OS-FEDERATION/identity_providers', {
        status: 503,
        body: { error: { code: 503, title: 'Service Unavailable', message: 'The service is temporarily unavailable.' } },
      });
    }
    const error = await caught(fx.adapter.list());
    expect(error).toMatchObject({ httpStatus: 503, vendorCode: 'Service Unavailable', retryable: true });
    expect(error.message).toContain('The service is temporarily unavailable.');
  });

  it('keeps a non-null error_code beside a Keystone error', async () => {
    fx = await startFixture();
    fx.emulator.failNext('GET', '/v3/OS-FEDERATION/identity_providers', {
      status: 400,
      body: { error: { code: 400, title: 'Bad Request', message: 'bad', error_code: 'IAM.1000', error_msg: 'bad' } },
    });
    expect(await caught(fx.adapter.list())).toMatchObject({ vendorCode: 'IAM.1000' });
  });

  it('maps an answer in neither shape to our code (UNAVAILABLE for a 5xx), scrubbed of secrets', async () => {
    fx = await startFixture();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      fx.emulator.failNext('GET', '/v3/OS-FEDERATION/identity_providers', {
        status: 502,
        body: `<html>bad gateway for ${PASSWORD}</html>`,
      });
    }
    const error = await caught(fx.adapter.list());
    expect(error).toMatchObject({ httpStatus: 502, vendorCode: 'UNAVAILABLE', retryable: true });
    expect(error.message).toContain('bad gateway');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('turns a success with an unexpected shape into BAD_RESPONSE', async () => {
    fx = await startFixture();
    fx.emulator.failNext('GET', '/v3/OS-FEDERATION/identity_providers', { status: 200, body: { providers: [] } });
    expect(await caught(fx.adapter.list())).toMatchObject({ vendorCode: 'BAD_RESPONSE', httpStatus: 200 });
  });

  it('says which IdP a 404 protocols read hides: it is left out of the list as gone', async () => {
    fx = await startFixture();
    fx.emulator.failNext('GET', '/v3/OS-FEDERATION/identity_providers/github-actions-ci/protocols', {
      status: 404,
      body: { error: { code: 404, title: 'Not Found', message: 'Could not find identity_provider: github-actions-ci.' } },
    });
    expect((await fx.adapter.list()).map((p) => p.key)).toEqual(['okta-workforce', 'adfs-legacy']);
  });
});
