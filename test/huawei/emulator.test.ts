// The emulator refuses what Huawei IAM refuses, with the vendor's status codes and both error shapes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOMAIN, JWKS, PASSWORD, STATIC_TOKEN, USER, raw, startFixture, type Fixture } from './support.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await startFixture();
});
afterEach(async () => {
  await fx.close();
});

const passwordBody = (password = PASSWORD) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { domain: { name: DOMAIN }, name: USER, password } } },
    scope: { domain: { name: DOMAIN } },
  },
});

const OIDC = (id: string) => `/v3.0/OS-FEDERATION/identity-providers/${id}/openid-connect-config`;
const IDP = (id: string) => `/v3/OS-FEDERATION/identity_providers/${id}`;

/** An IdP with its mapping and oidc protocol, ready for an OIDC configuration. */
async function idpWithOidcProtocol(id: string) {
  expect((await raw(fx.emulator, 'PUT', IDP(id), { token: STATIC_TOKEN, body: { identity_provider: {} } })).status).toBe(201);
  const rules = [{ local: [{ user: { name: 'FederationUser' } }], remote: [{ type: '__NAMEID__' }] }];
  expect(
    (await raw(fx.emulator, 'PUT', `/v3/OS-FEDERATION/mappings/mapping_${id}`, { token: STATIC_TOKEN, body: { mapping: { rules } } }))
      .status,
  ).toBe(201);
  expect(
    (
      await raw(fx.emulator, 'PUT', `${IDP(id)}/protocols/oidc`, {
        token: STATIC_TOKEN,
        body: { protocol: { mapping_id: `mapping_${id}` } },
      })
    ).status,
  ).toBe(201);
}

const programConfig = { access_mode: 'program', idp_url: 'https://idp.example.com', client_id: 'client-1', signing_key: JWKS };

describe('tokens', () => {
  it('issues a 24 h token in X-Subject-Token for a known user, scoped to the domain', async () => {
    const res = await raw(fx.emulator, 'POST', '/v3/auth/tokens', { body: passwordBody() });
    expect(res.status).toBe(201);
    const token = res.headers.get('x-subject-token');
    expect(token).toMatch(/^MII/);
    expect(Date.parse(res.body.token.expires_at) - fx.clock.now).toBe(24 * 3600 * 1000);
    expect(res.body.token.domain.name).toBe(DOMAIN);
    expect((await raw(fx.emulator, 'GET', IDP(''), { token })).status).toBe(200);
  });

  it('refuses a wrong password with a Keystone 401 and a body that is not JSON with a 400', async () => {
    const wrong = await raw(fx.emulator, 'POST', '/v3/auth/tokens', { body: passwordBody('nope-nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 401, title: 'Unauthorized' } });
    const notJson = await raw(fx.emulator, 'POST', '/v3/auth/tokens', { body: '{auth:' });
    expect(notJson.status).toBe(400);
    const wrongType = await raw(fx.emulator, 'POST', '/v3/auth/tokens', { body: passwordBody(), contentType: 'text/plain' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toContain('application/json');
  });

  it('answers 401 APIGW.0301 for a missing, unknown or expired X-Auth-Token', async () => {
    for (const token of [null, 'MIIforged']) {
      const res = await raw(fx.emulator, 'GET', '/v3/OS-FEDERATION/identity_providers', { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        error_code: 'APIGW.0301',
        error_msg: expect.stringContaining('Incorrect IAM authentication information'),
      });
    }
    fx.clock.now += 24 * 3600 * 1000;
    const expired = await raw(fx.emulator, 'GET', '/v3/OS-FEDERATION/identity_providers', { token: STATIC_TOKEN });
    expect(expired.status).toBe(401);
    expect(expired.body.error_msg).toContain('token expires');
  });
});

describe('identity providers (Keystone style)', () => {
  it('lists with the Keystone envelope and null paging links', async () => {
    const res = await raw(fx.emulator, 'GET', '/v3/OS-FEDERATION/identity_providers', { token: STATIC_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body.identity_providers.map((i: { id: string }) => i.id)).toEqual(['okta-workforce', 'github-actions-ci', 'adfs-legacy']);
    expect(res.body.links).toMatchObject({ previous: null, next: null });
    expect(res.body.identity_providers[0]).toMatchObject({
      enabled: true,
      sso_type: 'virtual_user_sso',
      remote_ids: [],
      links: { protocols: expect.stringContaining('/protocols') },
    });
  });

  it('creates with PUT -> 201 (disabled by default) and answers a duplicate with the observed 409 body', async () => {
    const created = await raw(fx.emulator, 'PUT', IDP('new-idp'), {
      token: STATIC_TOKEN,
      body: { identity_provider: { description: 'x' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.identity_provider).toMatchObject({ id: 'new-idp', enabled: false, description: 'x' });
    const dup = await raw(fx.emulator, 'PUT', IDP('new-idp'), { token: STATIC_TOKEN, body: { identity_provider: {} } });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({
      error: {
        code: 409,
        title: 'Conflict',
        message: 'Conflict occurred attempting to store identity_provider - Duplicate entry: new-idp',
        error_code: null,
        error_msg: null,
      },
    });
  });

  it('refuses unknown keys, a wrong content type, a second SSO type and the 11th IdP', async () => {
    const extra = await raw(fx.emulator, 'PUT', IDP('a'), { token: STATIC_TOKEN, body: { identity_provider: { colour: 'red' } } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toContain("'colour' was unexpected");
    const text = await raw(fx.emulator, 'PUT', IDP('a'), {
      token: STATIC_TOKEN,
      body: '{"identity_provider":{}}',
      contentType: 'text/plain',
    });
    expect(text.status).toBe(400);
    const iamUser = await raw(fx.emulator, 'PUT', IDP('a'), {
      token: STATIC_TOKEN,
      body: { identity_provider: { sso_type: 'iam_user_sso' } },
    });
    expect(iamUser.status).toBe(400);
    for (let i = 0; i < 7; i++) {
      expect((await raw(fx.emulator, 'PUT', IDP(`idp-${i}`), { token: STATIC_TOKEN, body: { identity_provider: {} } })).status).toBe(201);
    }
    const eleventh = await raw(fx.emulator, 'PUT', IDP('idp-11'), { token: STATIC_TOKEN, body: { identity_provider: {} } });
    expect(eleventh.status).toBe(403);
  });

  it('PATCH changes only description and enabled; sso_type cannot be changed', async () => {
    const ok = await raw(fx.emulator, 'PATCH', IDP('adfs-legacy'), { token: STATIC_TOKEN, body: { identity_provider: { enabled: true } } });
    expect(ok.status).toBe(200);
    expect(ok.body.identity_provider).toMatchObject({ enabled: true, description: 'On-premises ADFS, being retired' });
    const sso = await raw(fx.emulator, 'PATCH', IDP('adfs-legacy'), {
      token: STATIC_TOKEN,
      body: { identity_provider: { sso_type: 'iam_user_sso' } },
    });
    expect(sso.status).toBe(400);
    const missing = await raw(fx.emulator, 'PATCH', IDP('nope'), { token: STATIC_TOKEN, body: { identity_provider: { enabled: true } } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 404, title: 'Not Found', message: 'Could not find identity_provider: nope.' });
  });

  it('DELETE -> 204 takes the protocols and OIDC configuration along, but not the mapping', async () => {
    expect((await raw(fx.emulator, 'DELETE', IDP('okta-workforce'), { token: STATIC_TOKEN })).status).toBe(204);
    expect(fx.emulator.state.protocols.has('okta-workforce')).toBe(false);
    expect(fx.emulator.state.oidcConfigs.has('okta-workforce')).toBe(false);
    expect(fx.emulator.state.mappings.has('mapping_okta-workforce')).toBe(true);
    expect((await raw(fx.emulator, 'DELETE', IDP('okta-workforce'), { token: STATIC_TOKEN })).status).toBe(404);
  });

  it('registers a protocol only for saml/oidc and an existing mapping', async () => {
    await raw(fx.emulator, 'PUT', IDP('p'), { token: STATIC_TOKEN, body: { identity_provider: {} } });
    const noMapping = await raw(fx.emulator, 'PUT', `${IDP('p')}/protocols/oidc`, {
      token: STATIC_TOKEN,
      body: { protocol: { mapping_id: 'mapping_p' } },
    });
    expect(noMapping.status).toBe(404);
    const badRules = await raw(fx.emulator, 'PUT', '/v3/OS-FEDERATION/mappings/mapping_p', {
      token: STATIC_TOKEN,
      body: { mapping: { rules: [{ local: [] }] } },
    });
    expect(badRules.status).toBe(400);
    const wrongProtocol = await raw(fx.emulator, 'PUT', `${IDP('p')}/protocols/cas`, {
      token: STATIC_TOKEN,
      body: { protocol: { mapping_id: 'mapping_okta-workforce' } },
    });
    expect(wrongProtocol.status).toBe(400);
  });
});

describe('OpenID Connect configuration (v3.0)', () => {
  it('needs the oidc protocol, then creates (201), refuses a second create and updates with PUT (200)', async () => {
    await raw(fx.emulator, 'PUT', IDP('bare'), { token: STATIC_TOKEN, body: { identity_provider: {} } });
    const noProtocol = await raw(fx.emulator, 'POST', OIDC('bare'), {
      token: STATIC_TOKEN,
      body: { openid_connect_config: programConfig },
    });
    expect(noProtocol.status).toBe(404);
    expect(noProtocol.body.error_code).toBe('IAM.0004');

    await idpWithOidcProtocol('fresh');
    const created = await raw(fx.emulator, 'POST', OIDC('fresh'), { token: STATIC_TOKEN, body: { openid_connect_config: programConfig } });
    expect(created.status).toBe(201);
    // Reads return all eight fields, the console ones empty under program.
    expect(created.body.openid_connect_config).toEqual({
      ...programConfig,
      authorization_endpoint: '',
      scope: '',
      response_type: '',
      response_mode: '',
    });
    const again = await raw(fx.emulator, 'POST', OIDC('fresh'), { token: STATIC_TOKEN, body: { openid_connect_config: programConfig } });
    expect(again.status).toBe(409);
    const updated = await raw(fx.emulator, 'PUT', OIDC('fresh'), {
      token: STATIC_TOKEN,
      body: { openid_connect_config: { client_id: 'client-2' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.openid_connect_config).toMatchObject({ client_id: 'client-2', idp_url: 'https://idp.example.com' });
  });

  it.each([
    ['access_mode', { access_mode: 'console' }],
    ['idp_url', { idp_url: 'https://x' }],
    ['client_id', { client_id: 'abcd' }],
    ['scope', { access_mode: 'program_console', scope: 'profile email' }],
    ['scope', { scope: 'openid e-mail' }],
    ['scope', { scope: 'openid a b c d e f g h i j' }],
    ['response_type', { response_type: 'code' }],
    ['response_mode', { response_mode: 'query' }],
    ['signing_key', { signing_key: 'not-json-at-all' }],
    ['signing_key', { signing_key: '{"no_keys":[]}' }],
  ])('refuses a bad %s with 400 IAM.0007 naming the field', async (field, change) => {
    await idpWithOidcProtocol('v');
    const res = await raw(fx.emulator, 'POST', OIDC('v'), {
      token: STATIC_TOKEN,
      body: { openid_connect_config: { ...programConfig, ...change } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: 'IAM.0007', error_msg: `Request parameter ${field} is invalid.` });
  });

  it('requires the console fields under program_console (on create, and on the merged object on update)', async () => {
    await idpWithOidcProtocol('c');
    const res = await raw(fx.emulator, 'POST', OIDC('c'), {
      token: STATIC_TOKEN,
      body: { openid_connect_config: { ...programConfig, access_mode: 'program_console' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error_msg).toBe('Request parameter authorization_endpoint is invalid.');
    await raw(fx.emulator, 'POST', OIDC('c'), { token: STATIC_TOKEN, body: { openid_connect_config: programConfig } });
    const toConsole = await raw(fx.emulator, 'PUT', OIDC('c'), {
      token: STATIC_TOKEN,
      body: { openid_connect_config: { access_mode: 'program_console' } },
    });
    expect(toConsole.status).toBe(400);
  });

  it('answers a body without the wrapper or with a wrong content type with 400 IAM.0011', async () => {
    await idpWithOidcProtocol('w');
    const unwrapped = await raw(fx.emulator, 'POST', OIDC('w'), { token: STATIC_TOKEN, body: programConfig });
    expect(unwrapped.body).toEqual({ error_code: 'IAM.0011', error_msg: 'Request body is invalid.' });
    const form = await raw(fx.emulator, 'POST', OIDC('w'), {
      token: STATIC_TOKEN,
      body: 'a=b',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    expect(form.body.error_code).toBe('IAM.0011');
  });

  it('answers 404 IAM.0004 for an unknown IdP or a missing configuration', async () => {
    const unknown = await raw(fx.emulator, 'GET', OIDC('ghost'), { token: STATIC_TOKEN });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_code).toBe('IAM.0004');
    const none = await raw(fx.emulator, 'PUT', OIDC('adfs-legacy'), {
      token: STATIC_TOKEN,
      body: { openid_connect_config: { client_id: 'abcdef' } },
    });
    expect(none.status).toBe(404);
  });
});
