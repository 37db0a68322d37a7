// Outbound safety: the gateway sends requests only to the base URL origin of each configured connection; a
// URL that comes back from a vendor (a redirect, a Location header, any URL in a provider's data) or from user
// input is never fetched; base URLs must be HTTPS except on a loopback host.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { VendorError } from '../../src/core/errors.js';
import { isLoopbackHost } from '../../src/core/inputs/loopback.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import type { BaseConnectionConfig } from '../../src/core/vendor-contract/vendor-module.js';
import { VendorHttpClient } from '../../src/core/vendor-http/client.js';
import { vendorModules } from '../../src/vendors/index.js';
import { CONNECTION_IDS, distinctive, type FiveVendors, fiveVendorGateway, startFiveVendors } from './vendors.js';

/** A server that counts every TCP connection (a TLS attempt included) and every HTTP request it gets. */
async function startCanary(
  answer: (url: string) => { status: number; headers?: Record<string, string>; body?: string } = () => ({ status: 200, body: '{}' }),
) {
  let connections = 0;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const reply = answer(req.url ?? '/');
    res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type Canary = Awaited<ReturnType<typeof startCanary>>;

function configProblems(baseUrl: string): string[] {
  try {
    parseConfig({ connections: [{ id: 'whm-main', vendor: 'cpanel', baseUrl, username: 'root', apiToken: { env: 'T' } }] }, 'test', {
      T: 'token-value',
    });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('base URLs: HTTPS, or HTTP on a loopback host only', () => {
  it.each([
    'https://whm.example.com:2087',
    'https://203.0.113.7/',
    'http://127.0.0.1:2087',
    'http://127.10.20.30/',
    'http://localhost:8080',
    'http://api.localhost/',
    'http://[::1]:9000/',
    'http://[::ffff:127.0.0.1]/',
  ])('accepts %s', (baseUrl) => {
    expect(configProblems(baseUrl)).toEqual([]);
  });

  it.each([
    [
      'http://whm.example.com:2087',
      /connections\[0\]\.baseUrl: must be an https:\/\/ URL: plain http:\/\/ is allowed only on a loopback host .*whm\.example\.com/,
    ],
    ['http://10.0.0.5/', /connections\[0\]\.baseUrl: .*not 10\.0\.0\.5/],
    ['http://128.0.0.1/', /connections\[0\]\.baseUrl: .*not 128\.0\.0\.1/],
    ['http://127.0.0.1.nip.io/', /connections\[0\]\.baseUrl: .*not 127\.0\.0\.1\.nip\.io/],
    ['http://[::2]/', /connections\[0\]\.baseUrl: .*not \[::2\]/],
    ['ftp://whm.example.com/', /connections\[0\]\.baseUrl: must be an https:\/\/ URL/],
    ['whm.example.com', /connections\[0\]\.baseUrl: must be an https:\/\/ URL/],
    ['https://root:hunter2@whm.example.com/', /connections\[0\]\.baseUrl: must not contain a user name or password/],
  ])('refuses %s, naming the key', (baseUrl, message) => {
    const problems = configProblems(baseUrl);
    expect(problems.join('\n')).toMatch(message);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('knows the loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.255.255.254', 'localhost', 'LOCALHOST', 'a.localhost', '[::1]', '::1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['128.0.0.1', '0.0.0.0', 'localhost.example.com', '[::2]', 'example.com', '10.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('the vendor HTTP client talks to its base URL origin only', () => {
  let vendor: Canary;
  let elsewhere: Canary;
  let client: VendorHttpClient;

  beforeAll(async () => {
    elsewhere = await startCanary();
    vendor = await startCanary((url) => {
      const redirect = /\/redirect\/(\d+)$/.exec(url);
      if (redirect) {
        const status = Number(redirect[1]);
        return { status, headers: { location: `${elsewhere.url}/stolen${url}` }, body: '' };
      }
      return { status: 200, body: '{"ok":true}' };
    });
    client = new VendorHttpClient({ vendor: 'cpanel', baseUrl: `${vendor.url}/api`, secrets: new SecretRegistry(), maxAttempts: 1 });
  });
  afterAll(async () => {
    await client.close();
    await vendor.close();
    await elsewhere.close();
  });

  it('sends a relative path to the base URL, keeping its path prefix', async () => {
    const res = await client.send({ method: 'GET', path: '/json-api/version' });
    expect(res.status).toBe(200);
    expect(vendor.requests.at(-1)).toBe('GET /api/json-api/version');
  });

  it.each([
    (base: string) => `${base}/x`, // an absolute URL as the path
    (base: string) => `\\\\${new URL(base).host}/x`, // "\\host", which URL resolution reads as "//host"
    (base: string) => `${base.replace('http:', 'https:')}/x`, // another scheme
    () => 'http://169.254.169.254/latest/meta-data/',
  ])('refuses a path that resolves to another origin (%#), before sending anything', async (path) => {
    const before = { vendor: vendor.connections(), elsewhere: elsewhere.connections() };
    const attempt = client.send({ method: 'GET', path: path(elsewhere.url) });
    await expect(attempt).rejects.toBeInstanceOf(VendorError);
    await expect(attempt).rejects.toMatchObject({ vendorCode: 'OFF_ORIGIN_URL', httpStatus: null, requestSent: false, retryable: false });
    expect(elsewhere.connections()).toBe(before.elsewhere);
    expect(vendor.connections()).toBe(before.vendor);
  });

  it.each([301, 302, 303, 307, 308])('does not follow a %i redirect: the answer is returned as it is', async (status) => {
    const res = await client.send({ method: 'GET', path: `/redirect/${status}` });
    expect(res.status).toBe(status);
    expect(res.headers.location).toContain(elsewhere.url);
    expect(elsewhere.requests).toEqual([]);
    expect(elsewhere.connections()).toBe(0);
  });
});

describe('no adapter follows a vendor redirect', () => {
  let redirector: Canary;
  let target: Canary;
  let vendors: FiveVendors;

  beforeAll(async () => {
    target = await startCanary();
    // Every request, the token requests included, is redirected to the target with a 307 (which keeps the method and body).
    redirector = await startCanary((url) => ({ status: 307, headers: { location: `${target.url}${url}` } }));
    vendors = await startFiveVendors({
      cpanelApiToken: distinctive('rc'),
      akamaiClientSecret: distinctive('ra'),
      twosmsClientSecret: distinctive('rt'),
      huaweiPassword: distinctive('rh'),
      slashidApiKey: distinctive('rs'),
    });
  });
  afterAll(async () => {
    await vendors.close();
    await redirector.close();
    await target.close();
  });

  it.each(vendorModules.map((module) => module.vendor))(
    '%s: reading through a redirecting base URL fails, and the redirect target is never called',
    async (vendor) => {
      const module = vendorModules.find((m) => m.vendor === vendor)!;
      const config = parseConfig(
        { connections: vendors.connections.filter((c) => (c as { vendor: string }).vendor === vendor) },
        'test',
        vendors.env,
      );
      const connection = { ...config.connections[0]!, baseUrl: redirector.url, maxAttempts: 1 } as BaseConnectionConfig;
      const adapter = module.createAdapter(connection as never, {
        secrets: new SecretRegistry(),
        fingerprinter: new Fingerprinter(Buffer.from('k')),
      });
      try {
        await expect(adapter.list()).rejects.toBeInstanceOf(VendorError);
        await expect(adapter.get('some-provider')).rejects.toBeInstanceOf(VendorError);
      } finally {
        await adapter.close?.();
      }
      expect(redirector.requests.length).toBeGreaterThan(0);
      expect(target.requests).toEqual([]);
      expect(target.connections()).toBe(0);
    },
  );
});

describe('URLs in vendor data and in user input are never fetched', () => {
  let canary: Canary;
  beforeAll(async () => {
    canary = await startCanary();
  });
  afterAll(async () => {
    await canary.close();
  });
  // Every URL the vendors hold (icons, endpoints, documentation, issuers) points at the canary, over HTTPS
  // and HTTP: a fetch of any of them would show as a connection there.
  let n = 0;
  const h = fiveVendorGateway({
    credentials: {
      cpanelApiToken: distinctive('uc'),
      akamaiClientSecret: distinctive('ua'),
      twosmsClientSecret: distinctive('ut'),
      huaweiPassword: distinctive('uh'),
      slashidApiKey: distinctive('us'),
    },
    rewriteUrl: (url) => `${n++ % 2 ? 'https' : 'http'}://127.0.0.1:${canary.port}${new URL(url).pathname}`,
  });

  it('reads, refreshes, checks drift and changes providers without touching a single URL they hold or are given', async () => {
    const listed = await h.gql(
      '{ identityProviders(first: 200, refresh: true) { edges { node { __typename ... on ManagedIdentityProvider { id key vendor } } } connectionErrors { connectionId message } } }',
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data.identityProviders.connectionErrors).toEqual([]);
    expect(listed.data.identityProviders.edges.length).toBeGreaterThan(10);
    for (const connectionId of Object.values(CONNECTION_IDS)) {
      expect((await h.gql('query($c: String!) { drift(connectionId: $c) { drifted } }', { c: connectionId })).errors).toBeUndefined();
    }
    const canaryUrl = `https://127.0.0.1:${canary.port}`;
    const created = await h.gql(
      `mutation($input: CreateAkamaiCustomProviderInput!) { createAkamaiCustomProvider(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          connectionId: CONNECTION_IDS.akamai,
          title: 'Canary OIDC',
          protocol: 'OPENID_CONNECT',
          authUrl: `${canaryUrl}/authorize`,
          tokenUrl: `${canaryUrl}/token`,
          profileUrl: `${canaryUrl}/userinfo`,
          clientId: 'canary-client',
          clientSecret: 'canary-secret-value',
          ui: { title: 'Canary', iconUrl: `${canaryUrl}/icon.png` },
        },
      },
    );
    expect(created.data.createAkamaiCustomProvider, JSON.stringify(created)).toMatchObject({
      __typename: 'CreateAkamaiCustomProviderPayload',
    });
    const huawei = await h.gql(
      `mutation($input: CreateHuaweiIdentityProviderInput!) { createHuaweiIdentityProvider(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          connectionId: CONNECTION_IDS.huawei,
          name: 'canary-idp',
          enabled: true,
          accessMode: 'PROGRAM_CONSOLE',
          idpUrl: canaryUrl,
          clientId: 'canary-client-id',
          authorizationEndpoint: `${canaryUrl}/authorize`,
          scope: 'openid',
          responseMode: 'FORM_POST',
          signingKey: '{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB"}]}',
        },
      },
    );
    expect(huawei.data.createHuaweiIdentityProvider, JSON.stringify(huawei)).toMatchObject({
      __typename: 'CreateHuaweiIdentityProviderPayload',
    });
    const twosms = await h.gql(
      `mutation($input: CreateTwoSmsIdentityProviderInput!) { createTwoSmsIdentityProvider(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          connectionId: CONNECTION_IDS.twosms,
          name: 'Canary',
          provider: `https://canary.example`,
          loginUrl: `${canaryUrl}/login`,
          logoutUrl: `${canaryUrl}/logout`,
        },
      },
    );
    expect(twosms.data.createTwoSmsIdentityProvider, JSON.stringify(twosms)).toMatchObject({
      __typename: 'CreateTwoSmsIdentityProviderPayload',
    });
    const refreshed = await h.gql('{ identityProviders(first: 200, refresh: true) { edges { node { __typename } } } }');
    expect(refreshed.errors).toBeUndefined();
    expect(canary.requests).toEqual([]);
    expect(canary.connections()).toBe(0);
  });
});
