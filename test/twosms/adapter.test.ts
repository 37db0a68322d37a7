// The 2sms adapter against the emulator over real HTTP: the exact requests it sends, the token cache, the
// normalized providers, and every vendor failure shape turned into a typed error with no secret in it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError, VendorError } from '../../src/core/errors.js';
import { recordVendorCalls } from '../../src/core/vendor-http/client.js';
import { startEmulatorServer } from '../../src/emulation/http.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { TwoSmsAdapter } from '../../src/vendors/twosms/adapter.js';
import { CONTOSO_CERT, FABRIKAM_CERT } from '../../src/vendors/twosms/emulator/sample-data.js';
import { calls, CLIENT_ID, CLIENT_SECRET, CONTOSO_ID, FABRIKAM_ID, NORTHWIND_ID, startFixture, type Fixture } from './support.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await startFixture();
});
afterEach(async () => {
  await fx.close();
});

const LIST = 'GET /api/v1/admin/identityproviders?Name=';
const TOKEN = 'POST /Token';

/** The bearer token the emulator issued first (read from the token reply the adapter got). */
function bearerOf(index: number): string {
  return fx.emulator.requests[index]!.headers.authorization!;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const newProvider = {
  name: 'Tailwind SSO',
  provider: 'tailwind.example',
  loginUrl: 'https://login.tailwind.example/saml/sso',
  logoutUrl: 'https://login.tailwind.example/saml/slo',
  certificate: FABRIKAM_CERT,
};

describe('token', () => {
  it('fetches one token with a form post and reuses it; the API calls carry it with JSON headers', async () => {
    await fx.adapter.list();
    await fx.adapter.get(NORTHWIND_ID);
    expect(calls(fx.emulator)).toEqual([TOKEN, LIST, LIST]);
    const [tokenReq, listReq] = fx.emulator.requests;
    expect(tokenReq!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenReq!.headers.accept).toBe('application/json');
    expect(tokenReq!.body).toBe(`grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${encodeURIComponent(CLIENT_SECRET)}`);
    expect(listReq!.headers.authorization).toMatch(/^Bearer [A-Za-z0-9_-]{64}$/);
    expect(listReq!.headers.accept).toBe('application/json');
    expect(listReq!.headers['content-type']).toBeUndefined();
    expect(listReq!.body).toBe('');
    expect(fx.emulator.requests[2]!.headers.authorization).toBe(listReq!.headers.authorization);
  });

  it('asks for one token when calls start together (single flight)', async () => {
    await Promise.all([fx.adapter.list(), fx.adapter.list(), fx.adapter.get(CONTOSO_ID)]);
    expect(calls(fx.emulator).filter((c) => c === TOKEN)).toHaveLength(1);
  });

  it('renews the token shortly before its 8 hours are up', async () => {
    await fx.adapter.list();
    fx.clock.now += 8 * 3_600_000 - 4 * 60_000;
    await fx.adapter.list();
    expect(calls(fx.emulator)).toEqual([TOKEN, LIST, TOKEN, LIST]);
    expect(bearerOf(3)).not.toBe(bearerOf(1));
  });

  it('fetches a new token once after a 401 and repeats the call', async () => {
    await fx.adapter.list();
    fx.emulator.state.revokeTokens();
    const providers = await fx.adapter.list();
    expect(providers).toHaveLength(3);
    expect(calls(fx.emulator)).toEqual([TOKEN, LIST, LIST, TOKEN, LIST]);
    expect(fx.emulator.requests[2]!.body).toBe('');
  });

  it('gives up after the second 401 with the ASP.NET message', async () => {
    const server = await startEmulatorServer((req) =>
      req.path === '/Token'
        ? { status: 200, body: { access_token: 'tok-abcdef-123456', token_type: 'bearer', expires_in: 28_800 } }
        : { status: 401, body: { Message: 'Authorization has been denied for this request.' } },
    );
    const adapter = new TwoSmsAdapter(
      { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets: new SecretRegistry() },
    );
    const error = await rejection(adapter.list());
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ httpStatus: 401, vendorCode: 'HTTP_401', retryable: false });
    expect((error as Error).message).toBe('2sms answered 401: Authorization has been denied for this request.');
    expect(server.requests.map((r) => r.path)).toEqual([
      '/Token',
      '/api/v1/admin/identityproviders',
      '/Token',
      '/api/v1/admin/identityproviders',
    ]);
    await adapter.close();
    await server.close();
  });

  it('maps a refused token request to the OAuth error code, without the secret', async () => {
    const adapter = new TwoSmsAdapter(
      { baseUrl: fx.emulator.url, clientId: CLIENT_ID, clientSecret: 'wrong-secret-value-9981' },
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets: fx.secrets },
    );
    const error = await rejection(adapter.list());
    expect(error).toMatchObject({ vendor: 'twosms', httpStatus: 400, vendorCode: 'invalid_client', retryable: false });
    expect((error as Error).message).toBe('2sms refused the token request: invalid_client (The client credentials are invalid.)');
    await adapter.close();
  });

  it('registers the client secret and the tokens it receives for scrubbing', async () => {
    await fx.adapter.list();
    const bearer = bearerOf(1).replace('Bearer ', '');
    expect(fx.secrets.scrub(`x ${CLIENT_SECRET} ${bearer} y`)).toBe('x [REDACTED] [REDACTED] y');
  });
});

describe('reads', () => {
  it('normalizes the read model (SignOnURL, DomainTXTrecord, Expiry, ClockSkew)', async () => {
    const [northwind, contoso, fabrikam] = await fx.adapter.list();
    expect(northwind).toEqual({
      key: NORTHWIND_ID,
      displayName: 'Northwind Traders SSO',
      protocol: 'SAML',
      enabled: true,
      clientId: null,
      secretFingerprints: { clientSecret: null },
      details: {
        name: 'Northwind Traders SSO',
        provider: 'northwind.example',
        domain: 'northwind.example',
        domainTxtRecord: '2sms-domain-verification=5d41402abc4b2a76b9719d911017c592',
        verified: true,
        signOnUrl: 'https://idp.northwind.example/saml2/sso',
        logoutUrl: 'https://idp.northwind.example/saml2/slo',
        certificate: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/),
        certificateExpiry: '2031-11-23T04:39:14.000Z',
        signAuthnRequest: true,
        samlResponseSigned: true,
        samlAssertionSigned: true,
        samlAssertionEncrypted: false,
        clockSkewSeconds: 300,
      },
    });
    expect(contoso!.details).toMatchObject({ certificate: CONTOSO_CERT, clockSkewSeconds: 150, verified: false });
    expect(fabrikam!.details).toMatchObject({ certificate: null, certificateExpiry: null, clockSkewSeconds: 0 });
  });

  it('gets by listing and picking (no get-by-id at 2sms), case-insensitively; null when absent', async () => {
    expect((await fx.adapter.get(CONTOSO_ID.toUpperCase()))?.key).toBe(CONTOSO_ID);
    expect(await fx.adapter.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(calls(fx.emulator)).toEqual([TOKEN, LIST, LIST]);
  });

  it('records each call for the audit trail without headers or bodies', async () => {
    const { calls: recorded } = await recordVendorCalls(() => fx.adapter.list());
    expect(recorded.map((c) => [c.method, c.path, c.query, c.status])).toEqual([
      ['POST', '/Token', {}, 200],
      ['GET', '/api/v1/admin/identityproviders', { Name: '' }, 200],
    ]);
  });
});

describe('writes', () => {
  it('creates with BaseSSO request names, then finds the new ID by name and domain', async () => {
    const result = await fx.adapter.createProvider(newProvider);
    expect(calls(fx.emulator)).toEqual([
      TOKEN,
      'POST /api/v2/admin/identityproviders',
      'GET /api/v1/admin/identityproviders?Name=Tailwind%20SSO',
    ]);
    const post = fx.emulator.requests[1]!;
    expect(post.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post.body)).toEqual({
      Name: 'Tailwind SSO',
      Provider: 'tailwind.example',
      LoginUrl: 'https://login.tailwind.example/saml/sso',
      LogoutUrl: 'https://login.tailwind.example/saml/slo',
      Certificate: FABRIKAM_CERT,
    });
    const stored = fx.emulator.state.list('Tailwind SSO')[0]!;
    expect(result.key).toBe(stored.ID);
    expect(result.details).toMatchObject({
      Domain: 'tailwind.example',
      DomainTXTString: stored.DomainTXTrecord,
      ReplyURL: `${fx.emulator.url}/Saml2/Acs`,
    });
  });

  it('falls back to the full list when the Name filter does not find the new provider', async () => {
    const created = { ID: 'd2f1e0c9-0000-4000-8000-00000000abcd', Name: 'Tailwind SSO', Domain: 'tailwind.example' };
    const ok = (Detail: unknown) => ({
      status: 200,
      body: { Error: null, ResponseData: { Identification: { UserId: 'u' }, Result: 'Success', Detail } },
    });
    const server = await startEmulatorServer((req) => {
      if (req.path === '/Token')
        return { status: 200, body: { access_token: 'tok-abcdef-123456', token_type: 'bearer', expires_in: 28_800 } };
      if (req.method === 'POST')
        return ok({ EntityID: 'e', ReplyURL: 'r', Domain: 'Tailwind.example', DomainTXTString: 't', errorIDP: {} });
      return ok(req.query.get('Name') === '' ? [created] : []);
    });
    const adapter = new TwoSmsAdapter(
      { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets: new SecretRegistry() },
    );
    expect((await adapter.createProvider(newProvider)).key).toBe(created.ID);
    expect(server.requests.map((r) => `${r.method} ${r.path}?${r.rawQuery}`).slice(2)).toEqual([
      'GET /api/v1/admin/identityproviders?Name=Tailwind%20SSO',
      'GET /api/v1/admin/identityproviders?Name=',
    ]);
    await adapter.close();
    await server.close();
  });

  it('updates with the whole SSO object whose ID is the path id', async () => {
    await fx.adapter.updateProvider(CONTOSO_ID, { ...newProvider, provider: 'contoso-research.example', certificate: null });
    expect(calls(fx.emulator)).toEqual([TOKEN, `PUT /api/v2/admin/identityproviders/${CONTOSO_ID}`]);
    expect(JSON.parse(fx.emulator.requests[1]!.body)).toEqual({
      ID: CONTOSO_ID,
      Name: 'Tailwind SSO',
      Provider: 'contoso-research.example',
      LoginUrl: 'https://login.tailwind.example/saml/sso',
      LogoutUrl: 'https://login.tailwind.example/saml/slo',
      Certificate: null,
    });
    expect(fx.emulator.state.find(CONTOSO_ID)).toMatchObject({ Name: 'Tailwind SSO', Certificate: null });
  });

  it('deletes on v1 with no body', async () => {
    await fx.adapter.deleteProvider(FABRIKAM_ID);
    expect(calls(fx.emulator)).toEqual([TOKEN, `DELETE /api/v1/admin/identityproviders/${FABRIKAM_ID}`]);
    expect(fx.emulator.requests[1]!.body).toBe('');
    expect(fx.emulator.state.find(FABRIKAM_ID)).toBeUndefined();
  });

  it('verifies the domain and returns the provider as 2sms now sees it', async () => {
    const provider = await fx.adapter.verifyDomain(FABRIKAM_ID);
    expect(calls(fx.emulator)).toEqual([TOKEN, `GET /api/v1/admin/identityproviders/${FABRIKAM_ID}/verification`]);
    expect(provider).toMatchObject({ key: FABRIKAM_ID, enabled: true, details: { verified: true } });
  });
});

describe('vendor failures', () => {
  it('turns errorIDP flags into field errors on the inputs they concern', async () => {
    const error = await rejection(
      fx.adapter.createProvider({
        ...newProvider,
        provider: 'wingtip-toys.example',
        loginUrl: 'nope',
        logoutUrl: 'mailto:x@y',
        certificate: 'garbage',
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual([
      { path: ['certificate'], message: '2sms rejected the certificate (InvalidCert)' },
      {
        path: ['provider'],
        message: 'the domain "wingtip-toys.example" already belongs to an identity provider on the 2sms platform (ProviderDup)',
      },
      { path: ['loginUrl'], message: '2sms rejected the login URL (SignonUrl)' },
      { path: ['logoutUrl'], message: '2sms rejected the logout URL (LogoutURL)' },
    ]);
    // A rejected create is not followed by a list.
    expect(calls(fx.emulator)).toEqual([TOKEN, 'POST /api/v2/admin/identityproviders']);
  });

  it('flags a duplicate on update too', async () => {
    const error = await rejection(fx.adapter.updateProvider(CONTOSO_ID, { ...newProvider, provider: 'northwind.example' }));
    expect((error as ValidationError).fieldErrors.map((e) => e.path)).toEqual([['provider']]);
  });

  it('maps envelope errors to VendorErrors with the vendor code and reason', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const notFound = await rejection(fx.adapter.deleteProvider(unknown));
    expect(notFound).toMatchObject({ vendor: 'twosms', httpStatus: 404, vendorCode: 'IdentityProviderNotFound', retryable: false });
    expect((notFound as Error).message).toBe(
      `2sms could not delete the identity provider (IdentityProviderNotFound): No identity provider with ID ${unknown} exists on this account.`,
    );
    const failed = await rejection(fx.adapter.verifyDomain(CONTOSO_ID));
    expect(failed).toMatchObject({ httpStatus: 200, vendorCode: 'VerificationFailed' });
    expect((failed as Error).message).toMatch(/was not found on the domain contoso-research\.example\.$/);
    const update = await rejection(fx.adapter.updateProvider(unknown, newProvider));
    expect(update).toMatchObject({ httpStatus: 404, vendorCode: 'IdentityProviderNotFound' });
  });

  it('maps ASP.NET {Message} failures (bad GUID) to HTTP_<status>', async () => {
    const error = await rejection(fx.adapter.verifyDomain('not-a-guid'));
    expect(error).toMatchObject({ httpStatus: 400, vendorCode: 'HTTP_400' });
    expect((error as Error).message).toMatch(/^2sms answered 400: The request is invalid\. The parameters dictionary/);
  });

  it('reads an Error part with empty strings as success', async () => {
    await fx.close();
    fx = await startFixture({ successError: 'empty' });
    expect(await fx.adapter.list()).toHaveLength(3);
  });

  it('makes an unexpected shape a BAD_RESPONSE, and scrubs secrets echoed in vendor text', async () => {
    const server = await startEmulatorServer((req) => {
      if (req.path === '/Token')
        return { status: 200, body: { access_token: 'tok-abcdef-123456', token_type: 'bearer', expires_in: 28_800 } };
      if (req.method === 'GET')
        return { status: 200, body: { Error: null, ResponseData: { Result: 'Success', Detail: [{ Name: 'no id' }] } } };
      return { status: 500, body: { Error: { ErrorCode: 'ServerError', ErrorReason: `failed for ${CLIENT_SECRET}` }, ResponseData: null } };
    });
    const adapter = new TwoSmsAdapter(
      { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets: new SecretRegistry() },
    );
    const bad = await rejection(adapter.list());
    expect(bad).toMatchObject({ vendorCode: 'BAD_RESPONSE', httpStatus: 200 });
    expect((bad as Error).message).toMatch(/Detail\.0\.ID/);
    const echoed = await rejection(adapter.deleteProvider(NORTHWIND_ID));
    expect(echoed).toMatchObject({ vendorCode: 'ServerError', httpStatus: 500, retryable: true });
    expect((echoed as Error).message).toBe('2sms could not delete the identity provider (ServerError): failed for [REDACTED]');
    await adapter.close();
    await server.close();
  });

  it('makes an unreachable vendor a retryable VendorError', async () => {
    const server = await startEmulatorServer(() => ({ status: 200 }));
    const url = server.url;
    await server.close();
    const adapter = new TwoSmsAdapter(
      { baseUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets: new SecretRegistry() },
    );
    expect(await rejection(adapter.list())).toMatchObject({ vendorCode: 'UNAVAILABLE', retryable: true, httpStatus: null });
    await adapter.close();
  });
});
