// Huawei access keys (issue 16.1): our AK/SK signer gives byte for byte the official SDK signer's
// Authorization header; the emulator verifies signatures the way Huawei's API gateway does (wrong secret,
// unknown key, clock skew, a tampered body, a missing X-Domain-Id or security token are refused); a gateway
// connection in access-key mode lists, creates, updates and deletes over loopback; the config refuses
// mixed or half-given modes naming the keys; no secret reaches a log line.
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/log.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { VendorError } from '../../src/core/errors.js';
import { vendorSecretRegistry } from '../../src/vendors/index.js';
import { HuaweiAdapter } from '../../src/vendors/huawei/adapter.js';
import { createHuaweiEmulator, type HuaweiEmulator } from '../../src/vendors/huawei/emulator/server.js';
import { SAMPLE_IDENTITY_PROVIDERS } from '../../src/vendors/huawei/emulator/sandbox.js';
import { signRequest } from '../../src/vendors/huawei/signing.js';
import { connection, JWKS } from '../huawei/support.js';
import { vendorGateway } from '../support/vendor-gateway.js';

// The SDK is CommonJS and a devDependency: only this test loads it.
const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as {
  AKSKSigner: { sign(request: Record<string, unknown>, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

/** Distinctive, so a leak is easy to search for. */
const AK = 'HPUAQWERTY7ZXCVBNM12';
const SK = 'sk-Tapir-Wombat-Kinkajou-0042-9f8e7d6c5b4a';
const TOKEN = 'sts-token-Quetzal-Axolotl-77-abcdefghijklmnop';
const DOMAIN_ID = '0c3b5f4e2a1d4c6b8e9f0a1b2c3d4e5f';
const NOW = Date.parse('2025-03-01T08:00:00Z');
const ENDPOINT = 'https://iam.myhuaweicloud.com';

describe('the signer, against the official SDK signer', () => {
  const cases = [
    {
      name: 'GET with a query',
      method: 'GET',
      path: '/v3/OS-FEDERATION/identity_providers',
      query: { b: 'x y', a: "q*'()!~", 'c d': 'ü+/' },
    },
    {
      name: 'PUT with a JSON body',
      method: 'PUT',
      path: '/v3/OS-FEDERATION/identity_providers/okta',
      data: { identity_provider: { description: 'Okta – "staff" ü', enabled: true } },
    },
    {
      name: 'POST to a path with characters to encode',
      method: 'POST',
      path: `/v3.0/OS-FEDERATION/identity-providers/${encodeURIComponent('a:b@c!$&()*+,;=é')}/openid-connect-config`,
      sdkPath: '/v3.0/OS-FEDERATION/identity-providers/a:b@c!$&()*+,;=é/openid-connect-config',
      data: { openid_connect_config: { client_id: 'x', scope: 'openid email' } },
    },
    { name: 'DELETE with a security token', method: 'DELETE', path: '/v3/OS-FEDERATION/mappings/mapping_okta', securityToken: TOKEN },
  ];

  for (const c of cases) {
    it(`gives the SDK's Authorization header: ${c.name}`, () => {
      const headers: Record<string, string> = { 'content-type': 'application/json;charset=utf8', 'X-Domain-Id': DOMAIN_ID };
      if (c.securityToken) headers['X-Security-Token'] = c.securityToken;
      const sdk = AKSKSigner.sign(
        {
          method: c.method,
          // The SDK puts path values in raw (url.parse leaves these characters as they are); we send them encoded.
          endpoint: `${ENDPOINT}${c.sdkPath ?? c.path}`,
          headers: { ...headers, 'X-Sdk-Date': '20250301T080000Z' },
          queryParams: c.query ?? {},
          data: c.data,
        },
        { getAk: () => AK, getSk: () => SK },
      );
      const ours = signRequest(
        { method: c.method, url: `${ENDPOINT}${c.path}`, query: c.query ?? {}, headers, body: c.data ? JSON.stringify(c.data) : '' },
        { accessKey: AK, secretKey: SK },
        NOW,
      );
      expect(ours['X-Sdk-Date']).toBe('20250301T080000Z');
      expect(ours.Authorization).toBe(sdk.Authorization);
      expect(ours.Authorization).toMatch(
        /^SDK-HMAC-SHA256 Access=HPUAQWERTY7ZXCVBNM12, SignedHeaders=content-type;host;x-domain-id;x-sdk-date/,
      );
    });
  }

  it('a different secret key, body or query gives a different signature', () => {
    const request = { method: 'GET', url: `${ENDPOINT}/v3/x`, query: { a: '1' }, headers: {}, body: '' };
    const base = signRequest(request, { accessKey: AK, secretKey: SK }, NOW).Authorization;
    expect(signRequest(request, { accessKey: AK, secretKey: `${SK}x` }, NOW).Authorization).not.toBe(base);
    expect(signRequest({ ...request, query: { a: '2' } }, { accessKey: AK, secretKey: SK }, NOW).Authorization).not.toBe(base);
    expect(signRequest({ ...request, body: '{}' }, { accessKey: AK, secretKey: SK }, NOW).Authorization).not.toBe(base);
  });
});

describe('an adapter with access keys, against the emulator', () => {
  let emulator: HuaweiEmulator;
  let secrets: SecretRegistry;
  const clock = { now: NOW };
  const adapters: HuaweiAdapter[] = [];
  const adapter = (keys: Record<string, string>) => {
    const made = new HuaweiAdapter(
      connection(emulator.url, { domainId: DOMAIN_ID, ...keys }),
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets },
      () => clock.now,
    );
    adapters.push(made);
    return made;
  };
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VendorError);
    return error as VendorError;
  };

  beforeEach(async () => {
    clock.now = NOW;
    secrets = new SecretRegistry();
    emulator = await createHuaweiEmulator({
      accessKeys: [
        { accessKey: AK, secretKey: SK },
        { accessKey: 'TEMPAKEXAMPLE0000001', secretKey: `${SK}-temp`, securityToken: TOKEN },
      ],
      domainId: DOMAIN_ID,
      identityProviders: SAMPLE_IDENTITY_PROVIDERS,
      now: () => clock.now,
    });
  });
  afterEach(async () => {
    for (const made of adapters.splice(0)) await made.close();
    await emulator.close();
  });

  it('signs every call: no token is issued, the emulator recomputes and accepts each signature', async () => {
    const providers = await adapter({ accessKey: AK, secretKey: SK }).list();
    expect(providers.map((p) => p.key).sort()).toEqual(['adfs-legacy', 'github-actions-ci', 'okta-workforce']);
    expect(emulator.requests.some((r) => r.path === '/v3/auth/tokens')).toBe(false);
    for (const request of emulator.requests) {
      expect(request.headers).toMatchObject({ 'x-sdk-date': '20250301T080000Z', 'x-domain-id': DOMAIN_ID });
      expect(request.headers.authorization).toMatch(
        /^SDK-HMAC-SHA256 Access=HPUAQWERTY7ZXCVBNM12, SignedHeaders=content-type;host;x-domain-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
      );
      expect(request.headers['x-auth-token']).toBeUndefined();
    }
  });

  it('a wrong secret key: 401 with the gateway code APIGW.0301, the key never in the message', async () => {
    const error = await failure(adapter({ accessKey: AK, secretKey: 'sk-wrong-Pangolin-0000-1111' }).list());
    expect(error).toMatchObject({ httpStatus: 401, vendorCode: 'APIGW.0301', retryable: false });
    expect(error.message).toContain('Incorrect IAM authentication information: verify aksk signature fail');
    expect(error.message).not.toContain('sk-wrong-Pangolin');
    expect(emulator.requests).toHaveLength(1); // a refused signature is not sent again
  });

  it('an unknown access key, and a clock more than 15 minutes off, are refused as the gateway does', async () => {
    expect((await failure(adapter({ accessKey: 'NOSUCHKEY00000000000', secretKey: SK }).list())).message).toContain(
      'ak NOSUCHKEY00000000000 not exist',
    );
    // The emulator's clock stays; the adapter's runs 16 minutes ahead, then 14 behind.
    const ahead = new HuaweiAdapter(
      connection(emulator.url, { domainId: DOMAIN_ID, accessKey: AK, secretKey: SK }),
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets },
      () => NOW + 16 * 60_000,
    );
    adapters.push(ahead);
    const error = await failure(ahead.list());
    expect(error).toMatchObject({ httpStatus: 401, vendorCode: 'APIGW.0301' });
    expect(error.message).toContain('signature expired, signature time:20250301T081600Z,server time:20250301T080000Z');
    const within = new HuaweiAdapter(
      connection(emulator.url, { domainId: DOMAIN_ID, accessKey: AK, secretKey: SK }),
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets },
      () => NOW - 14 * 60_000,
    );
    adapters.push(within);
    expect(await within.list()).toHaveLength(3);
  });

  it('a temporary key sends its security token (signed); without it the gateway refuses', async () => {
    const temp = adapter({ accessKey: 'TEMPAKEXAMPLE0000001', secretKey: `${SK}-temp`, securityToken: TOKEN });
    expect(await temp.list()).toHaveLength(3);
    const sent = emulator.requests.at(-1)!;
    expect(sent.headers['x-security-token']).toBe(TOKEN);
    expect(sent.headers.authorization).toContain('SignedHeaders=content-type;host;x-domain-id;x-sdk-date;x-security-token,');
    const error = await failure(adapter({ accessKey: 'TEMPAKEXAMPLE0000001', secretKey: `${SK}-temp` }).list());
    expect(error.message).toContain('verify security token fail');
    expect(secrets.scrub(`a ${TOKEN} b ${SK}-temp`)).toBe('a [REDACTED] b [REDACTED]');
  });

  it('the emulator verifies what arrived: a changed body, a missing X-Domain-Id or another account are refused', async () => {
    const send = async (body: string, headers: Record<string, string>) => {
      const res = await fetch(`${emulator.url}/v3/OS-FEDERATION/identity_providers/new-idp`, { method: 'PUT', headers, body });
      return { status: res.status, body: (await res.json()) as { error_code: string; error_msg: string } };
    };
    const body = JSON.stringify({ identity_provider: { enabled: true } });
    const signedFor = (headers: Record<string, string>, signedBody = body) => ({
      ...headers,
      ...signRequest(
        { method: 'PUT', url: `${emulator.url}/v3/OS-FEDERATION/identity_providers/new-idp`, query: {}, headers, body: signedBody },
        { accessKey: AK, secretKey: SK },
        NOW,
      ),
    });
    const json = { 'content-type': 'application/json;charset=utf8' };
    const tampered = await send(
      JSON.stringify({ identity_provider: { enabled: false } }),
      signedFor({ ...json, 'x-domain-id': DOMAIN_ID }),
    );
    expect(tampered).toEqual({
      status: 401,
      body: expect.objectContaining({ error_code: 'APIGW.0301', error_msg: expect.stringContaining('verify aksk signature fail') }),
    });
    const noDomain = await send(body, signedFor(json));
    expect(noDomain.status).toBe(401);
    expect(noDomain.body.error_msg).toContain('X-Domain-Id');
    const otherDomain = await send(body, signedFor({ ...json, 'x-domain-id': 'ffffffffffffffffffffffffffffffff' }));
    expect(otherDomain.status).toBe(401);
    expect(emulator.state.identityProviders.has('new-idp')).toBe(false);
    expect((await send(body, signedFor({ ...json, 'x-domain-id': DOMAIN_ID }))).status).toBe(201);
  });
});

describe('access-key config', () => {
  const env = { HW_SK: SK, HW_STS: TOKEN, HW_PASSWORD: 'pw-0123456789' };
  const base = { id: 'hw', vendor: 'huawei', baseUrl: 'https://iam.ap-southeast-1.myhuaweicloud.com' };
  const problems = (conn: Record<string, unknown>): string[] => {
    try {
      parseConfig({ connections: [{ ...base, ...conn }] }, 'test', env);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
  };

  it('parses access keys with an optional security token', () => {
    const config = parseConfig(
      { connections: [{ ...base, accessKey: AK, secretKey: { env: 'HW_SK' }, securityToken: { env: 'HW_STS' }, domainId: DOMAIN_ID }] },
      'test',
      env,
    );
    expect(config.connections[0]).toMatchObject({ accessKey: AK, secretKey: SK, securityToken: TOKEN, domainId: DOMAIN_ID });
    expect(problems({ accessKey: AK, secretKey: { env: 'HW_SK' }, domainId: DOMAIN_ID })).toEqual([]);
  });

  it('refuses two modes, a half-given mode and an inline secret, naming the keys', () => {
    expect(problems({ accessKey: AK, secretKey: { env: 'HW_SK' }, domainId: DOMAIN_ID, authToken: { env: 'HW_STS' } })).toEqual([
      'connections[0]: give one credential mode: access keys (accessKey, secretKey, domainId) and authToken are both given',
    ]);
    expect(problems({ accessKey: AK, domainId: DOMAIN_ID, domainName: 'acme', userName: 'u', password: { env: 'HW_PASSWORD' } })).toEqual([
      'connections[0]: give one credential mode: access keys (accessKey, domainId) and domainName, userName, password are both given',
    ]);
    expect(problems({ accessKey: AK, domainId: DOMAIN_ID })).toEqual([
      'connections[0]: access keys need accessKey, secretKey and domainId (missing: secretKey)',
    ]);
    expect(problems({ accessKey: AK, secretKey: { env: 'HW_SK' } })).toEqual([
      'connections[0]: access keys need accessKey, secretKey and domainId (missing: domainId)',
    ]);
    expect(problems({ secretKey: { env: 'HW_SK' }, securityToken: { env: 'HW_STS' }, domainId: DOMAIN_ID })).toEqual([
      'connections[0]: access keys need accessKey, secretKey and domainId (missing: accessKey)',
    ]);
    const inline = problems({ accessKey: AK, secretKey: SK, domainId: DOMAIN_ID });
    expect(inline[0]).toMatch(/^connections\[0\]\.secretKey: must be \{ "env": "VARIABLE_NAME" \}/);
    expect(inline.join('\n')).not.toContain(SK);
    expect(problems({})).toEqual([
      'connections[0]: needs accessKey + secretKey + domainId, or authToken, or all of domainName, userName and password',
    ]);
  });

  it('keeps the signature, the security token and the secret key out of log lines', () => {
    const secrets = vendorSecretRegistry();
    secrets.add(SK);
    secrets.add(TOKEN);
    const lines: string[] = [];
    const logger = createLogger(secrets, (line) => lines.push(line));
    const signed = signRequest(
      { method: 'GET', url: `${ENDPOINT}/v3/x`, query: {}, headers: { 'X-Security-Token': TOKEN }, body: '' },
      { accessKey: AK, secretKey: SK },
      NOW,
    );
    logger.log('info', 'vendor call', {
      headers: { ...signed, 'X-Security-Token': TOKEN, 'X-Domain-Id': DOMAIN_ID },
      Authorization: signed.Authorization,
      'X-Security-Token': TOKEN,
      connection: { accessKey: AK, secretKey: SK, securityToken: TOKEN },
      note: `the key ${SK} and token ${TOKEN}`,
    });
    const line = lines.join('');
    const signature = signed.Authorization.split('Signature=')[1]!;
    for (const leaked of [SK, TOKEN, signature]) expect(line).not.toContain(leaked);
    expect(JSON.parse(line)).toMatchObject({
      headers: { Authorization: '[REDACTED]', 'X-Security-Token': '[REDACTED]', 'X-Domain-Id': DOMAIN_ID },
      Authorization: '[REDACTED]',
      'X-Security-Token': '[REDACTED]',
      connection: { secretKey: '[REDACTED]', securityToken: '[REDACTED]' },
    });
  });
});

describe('a gateway on access keys', () => {
  const h = vendorGateway('huawei', {
    connectionId: 'hw-ak',
    secret: SK,
    emulator: { accessKeys: [{ accessKey: AK, secretKey: SK }], domainId: DOMAIN_ID, users: [] },
    // The fixture's password keys left out; the secret key is read from the fixture's variable.
    connection: {
      minRefreshIntervalSeconds: 0,
      domainName: undefined,
      userName: undefined,
      password: undefined,
      accessKey: AK,
      secretKey: { env: 'HUAWEI_PASSWORD' },
      domainId: DOMAIN_ID,
    },
  });

  it('lists, creates, updates and deletes, every call signed; no secret in logs or responses', async () => {
    const list = await h.gql(
      '{ identityProviders(vendor: HUAWEI, first: 10, refresh: true) { edges { node { ... on ManagedIdentityProvider { key } } } connectionErrors { code } } }',
    );
    expect(list.errors).toBeUndefined();
    expect(list.data.identityProviders.connectionErrors).toEqual([]);
    expect(list.data.identityProviders.edges.map((e: any) => e.node.key).sort()).toEqual([
      'adfs-legacy',
      'github-actions-ci',
      'okta-workforce',
    ]);

    const create = await h.gql(
      `mutation($input: CreateHuaweiIdentityProviderInput!) { createHuaweiIdentityProvider(input: $input) { __typename
        ... on CreateHuaweiIdentityProviderPayload { provider { ... on ManagedIdentityProvider { key enabled } } auditEvent { status } } } }`,
      {
        input: {
          connectionId: 'hw-ak',
          name: 'keycloak',
          enabled: true,
          accessMode: 'PROGRAM',
          idpUrl: 'https://sso.example.org/realms/staff',
          clientId: 'huawei-api',
          signingKey: JWKS,
        },
      },
    );
    expect(create.data.createHuaweiIdentityProvider).toEqual({
      __typename: 'CreateHuaweiIdentityProviderPayload',
      provider: { key: 'keycloak', enabled: true },
      auditEvent: { status: 'SUCCEEDED' },
    });
    const update = await h.gql(
      `mutation($id: ID!) { updateHuaweiIdentityProvider(input: { id: $id, enabled: false, description: "staff realm" }) { __typename
        ... on UpdateHuaweiIdentityProviderPayload { provider { ... on ManagedIdentityProvider { enabled } } } } }`,
      { id: h.globalId('keycloak') },
    );
    expect(update.data.updateHuaweiIdentityProvider).toEqual({
      __typename: 'UpdateHuaweiIdentityProviderPayload',
      provider: { enabled: false },
    });
    expect(h.emulator.state.identityProviders.get('keycloak')).toMatchObject({ enabled: false, description: 'staff realm' });
    const del = await h.gql(
      `mutation($id: ID!) { deleteHuaweiIdentityProvider(input: { id: $id }) { __typename ... on DeleteHuaweiIdentityProviderPayload { auditEvent { status } } } }`,
      { id: h.globalId('keycloak') },
    );
    expect(del.data.deleteHuaweiIdentityProvider).toEqual({
      __typename: 'DeleteHuaweiIdentityProviderPayload',
      auditEvent: { status: 'SUCCEEDED' },
    });
    expect(h.emulator.state.identityProviders.has('keycloak')).toBe(false);

    expect(h.emulator.requests.length).toBeGreaterThan(8);
    expect(h.emulator.requests.every((r) => r.headers.authorization?.startsWith('SDK-HMAC-SHA256 Access=HPUAQWERTY7ZXCVBNM12'))).toBe(true);
    const everything = JSON.stringify([list, create, update, del]) + h.logLines.join('');
    expect(everything).not.toContain(SK);
  });

  it('a wrong secret key: the read gives a connection error with the vendor code', async () => {
    // The emulator's key pair changes under the gateway: its signatures are now wrong.
    const restore = rotateSecret(h.emulator, AK, 'sk-rotated-Okapi-5555-6666');
    try {
      const res = await h.gql(
        '{ identityProviders(vendor: HUAWEI, first: 10, refresh: true) { connectionErrors { connectionId code message } } }',
      );
      expect(res.data.identityProviders.connectionErrors).toEqual([
        {
          connectionId: 'hw-ak',
          code: 'APIGW.0301',
          message: expect.stringContaining('Incorrect IAM authentication information: verify aksk signature fail'),
        },
      ]);
    } finally {
      restore();
    }
  });
});

/** Changes the secret of an emulator's access key (as a key rotated in the console); returns the undo. */
function rotateSecret(emulator: HuaweiEmulator, accessKey: string, secretKey: string): () => void {
  const key = emulator.accessKeys.find((k) => k.accessKey === accessKey)!;
  const before = key.secretKey;
  key.secretKey = secretKey;
  return () => {
    key.secretKey = before;
  };
}
