// The 2sms emulator over raw HTTP: it must refuse what 2sms (ASP.NET Web API + OWIN OAuth) refuses, in the
// vendor's own shapes, or the adapter tests prove nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelope, identityProviderApi, listDetail, tokenResponse, writeDetail } from '../../src/vendors/twosms/wire.js';
import { FABRIKAM_CERT } from '../../src/vendors/twosms/emulator/sample-data.js';
import { CLIENT_ID, CLIENT_SECRET, CONTOSO_ID, FABRIKAM_ID, NORTHWIND_ID, startFixture, type Fixture } from './support.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await startFixture();
});
afterEach(async () => {
  await fx.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function http(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await fetch(`${fx.emulator.url}${path}`, { method, headers: init.headers, body: init.body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function token(): Promise<string> {
  const res = await http('POST', '/Token', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
  });
  expect(res.status).toBe(200);
  return tokenResponse.parse(res.body).access_token;
}

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const bearer = await token();
  return http(method, path, {
    headers: {
      Authorization: `Bearer ${bearer}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const validBody = {
  Name: 'Tailwind SSO',
  Provider: 'tailwind.example',
  LoginUrl: 'https://login.tailwind.example/saml/sso',
  LogoutUrl: 'https://login.tailwind.example/saml/slo',
  Certificate: FABRIKAM_CERT,
};

describe('token endpoint (OWIN)', () => {
  it('issues an 8-hour bearer token for the right client credentials', async () => {
    const res = await http('POST', '/Token', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 28_800 });
    expect(res.body.refresh_token).toEqual(expect.any(String));
  });

  it('answers RFC 6749 errors: bad secret, unknown grant, non-form body', async () => {
    const post = (body: string, type = 'application/x-www-form-urlencoded') =>
      http('POST', '/Token', { headers: { 'Content-Type': type }, body });
    const badSecret = await post(form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'nope' }));
    expect(badSecret).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    const badGrant = await post(form({ grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }));
    expect(badGrant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const json = await post(JSON.stringify({ grant_type: 'client_credentials' }), 'application/json');
    expect(json).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('accepts a refresh token once', async () => {
    const first = await http('POST', '/Token', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    });
    const refresh = (refresh_token: string) =>
      http('POST', '/Token', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form({ grant_type: 'refresh_token', refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
      });
    expect((await refresh(first.body.refresh_token)).status).toBe(200);
    expect(await refresh(first.body.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('authorization', () => {
  it('401s without a token, with a made-up one, and with an expired one', async () => {
    const denied = { status: 401, body: { Message: 'Authorization has been denied for this request.' } };
    expect(await http('GET', '/api/v1/admin/identityproviders?Name=')).toMatchObject(denied);
    expect(await http('GET', '/api/v1/admin/identityproviders?Name=', { headers: { Authorization: 'Bearer made-up' } })).toMatchObject(
      denied,
    );
    const bearer = await token();
    fx.clock.now += 8 * 3_600_000;
    expect(await http('GET', '/api/v1/admin/identityproviders?Name=', { headers: { Authorization: `Bearer ${bearer}` } })).toMatchObject(
      denied,
    );
  });
});

describe('routing, as ASP.NET does it', () => {
  it('needs the Name query parameter on the list (blank lists all)', async () => {
    const missing = await api('GET', '/api/v1/admin/identityproviders');
    expect(missing.status).toBe(404);
    expect(missing.body.Message).toMatch(/^No HTTP resource was found/);
    const all = await api('GET', '/api/v1/admin/identityproviders?Name=');
    expect(all.status).toBe(200);
    const parsed = envelope(listDetail).parse(all.body);
    expect(parsed.Error).toBeNull();
    expect(parsed.ResponseData?.Detail?.map((p) => p.ID)).toEqual([NORTHWIND_ID, CONTOSO_ID, FABRIKAM_ID]);
  });

  it('filters by exact name, case-insensitively, and matches paths case-insensitively', async () => {
    const res = await api('GET', '/API/v1/Admin/IdentityProviders?Name=northwind%20traders%20sso');
    expect(res.body.ResponseData.Detail.map((p: { ID: string }) => p.ID)).toEqual([NORTHWIND_ID]);
    expect((await api('GET', '/api/v1/admin/identityproviders?Name=Northwind')).body.ResponseData.Detail).toEqual([]);
  });

  it('writes the read model with the vendor names and .NET values', async () => {
    const res = await api('GET', '/api/v1/admin/identityproviders?Name=');
    const [northwind, , fabrikam] = res.body.ResponseData.Detail;
    expect(Object.keys(northwind)).toEqual([
      'ID',
      'Name',
      'Provider',
      'Domain',
      'Enabled',
      'Certificate',
      'Expiry',
      'SignOnURL',
      'LogoutURL',
      'SignAuthnRequest',
      'SAMLResponseSigned',
      'SAMLAssertionSigned',
      'SAMLAssertionEncrypted',
      'ClockSkew',
      'Verified',
      'DomainTXTrecord',
    ]);
    expect(northwind.Expiry).toBe('2031-11-23T04:39:14+00:00');
    expect(fabrikam.Expiry).toBe('0001-01-01T00:00:00+00:00');
    expect(res.body.ResponseData).toMatchObject({ Result: 'Success', Identification: { UserId: expect.any(String) } });
  });

  it('405s an unsupported method and 404s an unknown path with Web API messages', async () => {
    const patch = await api('PATCH', `/api/v2/admin/identityproviders/${NORTHWIND_ID}`, validBody);
    expect(patch).toMatchObject({ status: 405, body: { Message: "The requested resource does not support http method 'PATCH'." } });
    expect((await api('GET', '/api/v2/admin/identityproviders/x/y')).status).toBe(404);
  });

  it('does not have a v1 create or a get by id', async () => {
    expect((await api('POST', '/api/v1/admin/identityproviders', validBody)).status).toBe(405);
    expect((await api('GET', `/api/v1/admin/identityproviders/${NORTHWIND_ID}`)).status).toBe(405);
  });
});

describe('create (POST v2, BaseSSO)', () => {
  it('creates an unverified provider, derives the domain and returns IdentityProviderDetails without an ID', async () => {
    const res = await api('POST', '/api/v2/admin/identityproviders', validBody);
    expect(res.status).toBe(200);
    const detail = envelope(writeDetail).parse(res.body).ResponseData?.Detail;
    expect(detail).toEqual({
      EntityID: `${fx.emulator.url}/Saml2`,
      ReplyURL: `${fx.emulator.url}/Saml2/Acs`,
      Domain: 'tailwind.example',
      DomainTXTString: expect.stringMatching(/^2sms-domain-verification=[0-9a-f]{32}$/),
      errorIDP: { InvalidCert: false, ProviderDup: false, SignonUrl: false, LogoutURL: false },
    });
    const stored = fx.emulator.state.list('Tailwind SSO')[0]!;
    expect(stored).toMatchObject({ Domain: 'tailwind.example', Verified: false, Enabled: false, SignOnURL: validBody.LoginUrl });
    expect(stored.DomainTXTrecord).toBe(detail?.DomainTXTString);
  });

  it("takes a URL provider's host as the domain, and bare base64 DER as a certificate", async () => {
    const der = FABRIKAM_CERT.split('\n')
      .filter((l) => !l.startsWith('-----'))
      .join('');
    const res = await api('POST', '/api/v2/admin/identityproviders', {
      ...validBody,
      Provider: 'https://idp.tailwind.example/saml',
      Certificate: der,
    });
    expect(res.body.ResponseData.Detail.Domain).toBe('idp.tailwind.example');
  });

  it('415s a body that is not JSON (form or XML is not emulated)', async () => {
    const res = await api('POST', '/api/v2/admin/identityproviders', form(validBody), {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(res.body.ExceptionType).toBe('System.Net.Http.UnsupportedMediaTypeException');
    expect(fx.emulator.state.list('Tailwind SSO')).toEqual([]);
  });

  it('rejects missing required fields in the envelope; binds names case-insensitively; ignores unknown ones', async () => {
    const missing = await api('POST', '/api/v2/admin/identityproviders', {
      Name: 'x',
      Provider: 'x.example',
      SignOnURL: 'https://a.example/',
      LogoutUrl: 'https://a.example/',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.Error).toEqual({ ErrorCode: 'InvalidRequest', ErrorReason: 'The LoginUrl field is required.' });
    expect(missing.body.ResponseData.Result).toBe('Failed');
    const lower = await api('POST', '/api/v2/admin/identityproviders', {
      name: 'Lower',
      provider: 'lower.example',
      loginurl: 'https://a.example/',
      logouturl: 'https://a.example/',
      Extra: 1,
    });
    expect(lower.status).toBe(200);
  });

  it('flags every problem in errorIDP at once', async () => {
    const res = await api('POST', '/api/v2/admin/identityproviders', {
      ...validBody,
      Provider: 'northwind.example',
      LoginUrl: 'login-page',
      LogoutUrl: 'ftp://x.example/',
      Certificate: 'not a certificate',
    });
    expect(res.status).toBe(400);
    expect(res.body.Error.ErrorCode).toBe('IdentityProviderInvalid');
    expect(res.body.ResponseData.Detail.errorIDP).toEqual({ InvalidCert: true, ProviderDup: true, SignonUrl: true, LogoutURL: true });
    expect(fx.emulator.state.providers.size).toBe(3);
  });

  it('holds a domain unique across the platform (other accounts too)', async () => {
    const res = await api('POST', '/api/v2/admin/identityproviders', { ...validBody, Provider: 'TAILSPIN.example' });
    expect(res.body.ResponseData.Detail.errorIDP).toMatchObject({ ProviderDup: true, InvalidCert: false });
  });
});

describe('update (PUT v2, SSO)', () => {
  const path = `/api/v2/admin/identityproviders/${CONTOSO_ID}`;
  const sso = {
    ID: CONTOSO_ID,
    Name: 'Contoso',
    Provider: 'contoso-research.example',
    LoginUrl: 'https://a.example/sso',
    LogoutUrl: 'https://a.example/slo',
  };

  it('replaces the whole object: a left-out certificate is removed; the domain and its verification stay', async () => {
    const res = await api('PUT', path, sso);
    expect(res.status).toBe(200);
    expect(res.body.ResponseData.Detail.Domain).toBe('contoso-research.example');
    const stored = fx.emulator.state.find(CONTOSO_ID)!;
    expect(stored).toMatchObject({ Name: 'Contoso', Certificate: null, SignOnURL: 'https://a.example/sso', SAMLAssertionEncrypted: true });
  });

  it('a new domain gets a new TXT value and needs a new verification', async () => {
    const before = fx.emulator.state.find(NORTHWIND_ID)!.DomainTXTrecord;
    const res = await api('PUT', `/api/v2/admin/identityproviders/${NORTHWIND_ID}`, {
      ...sso,
      ID: NORTHWIND_ID,
      Provider: 'northwind-eu.example',
    });
    expect(res.body.ResponseData.Detail.DomainTXTString).not.toBe(before);
    expect(fx.emulator.state.find(NORTHWIND_ID)).toMatchObject({ Verified: false, Enabled: false, Domain: 'northwind-eu.example' });
  });

  it('requires the body ID to equal the path id, a GUID path, and an existing provider', async () => {
    expect((await api('PUT', path, { ...sso, ID: NORTHWIND_ID })).body.Error.ErrorCode).toBe('IdMismatch');
    const bad = await api('PUT', '/api/v2/admin/identityproviders/not-a-guid', sso);
    expect(bad).toMatchObject({ status: 400, body: { Message: 'The request is invalid.' } });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await api('PUT', `/api/v2/admin/identityproviders/${unknown}`, { ...sso, ID: unknown });
    expect(missing).toMatchObject({ status: 404, body: { Error: { ErrorCode: 'IdentityProviderNotFound' } } });
  });

  it("does not count the provider's own domain as a duplicate, but another one's", async () => {
    expect((await api('PUT', path, sso)).status).toBe(200);
    const dup = await api('PUT', path, { ...sso, Provider: 'fabrikam.example' });
    expect(dup.body.ResponseData.Detail.errorIDP.ProviderDup).toBe(true);
  });
});

describe('delete (v1) and verification (v1)', () => {
  it('deletes by id and then knows it no more', async () => {
    const res = await api('DELETE', `/api/v1/admin/identityproviders/${CONTOSO_ID}`);
    expect(res).toMatchObject({
      status: 200,
      body: { Error: null, ResponseData: { Result: 'Success', Detail: 'Identity provider deleted.' } },
    });
    expect((await api('DELETE', `/api/v1/admin/identityproviders/${CONTOSO_ID}`)).body.Error.ErrorCode).toBe('IdentityProviderNotFound');
    expect((await api('DELETE', '/api/v1/admin/identityproviders/anything')).status).toBe(404);
  });

  it('verifies when the TXT value is published on the domain, and enables the provider', async () => {
    const res = await api('GET', `/api/v1/admin/identityproviders/${FABRIKAM_ID}/verification`);
    expect(res.status).toBe(200);
    const detail = envelope(identityProviderApi).parse(res.body).ResponseData?.Detail;
    expect(detail).toMatchObject({ ID: FABRIKAM_ID, Verified: true, Enabled: true });
  });

  it('answers VerificationFailed with the unverified provider when the TXT value is missing', async () => {
    const res = await api('GET', `/api/v1/admin/identityproviders/${CONTOSO_ID}/verification`);
    expect(res.status).toBe(200);
    expect(res.body.Error.ErrorCode).toBe('VerificationFailed');
    expect(res.body.ResponseData.Detail).toMatchObject({ ID: CONTOSO_ID, Verified: false });
    fx.emulator.state.publishTxt('contoso-research.example', fx.emulator.state.find(CONTOSO_ID)!.DomainTXTrecord);
    expect((await api('GET', `/api/v1/admin/identityproviders/${CONTOSO_ID}/verification`)).body.Error).toBeNull();
  });
});

describe('success Error part', () => {
  it('can write empty strings instead of null', async () => {
    await fx.close();
    fx = await startFixture({ successError: 'empty' });
    const res = await api('GET', '/api/v1/admin/identityproviders?Name=');
    expect(res.body.Error).toEqual({ ErrorCode: '', ErrorReason: '' });
  });
});
