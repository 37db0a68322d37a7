// The guarded fetcher over real TLS on loopback: what it refuses (SSRF: schemes, refused addresses as literals,
// through DNS and through redirects) without a connection, what it stops (redirect loops, bodies over the cap,
// slow bodies: the connection closed, little written), how TLS failures read, and the happy path. The loopback
// servers are reached the way an internal IdP would be: listed in allowedHosts, their CA in trustedCertificates.
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchOptions, OutboundFetchError } from '../../src/core/outbound/fetcher.js';
import { createGuardedFetcher, type GuardedFetchOptions, type HostLookup } from '../../src/core/outbound/guarded-fetch.js';
import { makeCertificate, makeTlsPair } from '../support/certificates.js';
import { type HttpsTestServer, startHttpsTestServer } from '../support/https-test-server.js';

const MB = 1_048_576;
const ALLOW_HINT = 'If this host is yours, list it in outboundFetch.allowedHosts.';

let server: HttpsTestServer;
/** Serves a certificate for idp.example.test only (signed by the same CA). */
let namedServer: HttpsTestServer;
/** Serves a certificate that expired yesterday (signed by the same CA). */
let expiredServer: HttpsTestServer;
let ca: string;
let leafValidTo: Date;

beforeAll(async () => {
  const pair = await makeTlsPair();
  ca = pair.ca.certPem;
  leafValidTo = new Date(new X509Certificate(pair.server.certPem).validTo);
  const tls = { certPem: pair.server.certPem, keyPem: pair.server.keyPem, ca };
  server = await startHttpsTestServer(
    {
      '/doc': { headers: { 'content-type': 'application/xml' }, body: '<EntityDescriptor/>' },
      '/start': { redirect: '/doc', headers: { 'set-cookie': 'session=abc; Path=/' } },
      '/loop-a': { redirect: '/loop-b' },
      '/loop-b': { redirect: '/loop-a' },
      '/to-private': { redirect: 'https://10.0.0.1/doc' },
      '/to-metadata': { redirect: 'https://169.254.169.254/latest/meta-data/' },
      '/to-file': { redirect: 'file:///etc/passwd' },
      '/no-location': { status: 302 },
      '/huge': { stream: { bytes: 5 * MB } },
      '/huge-declared': { stream: { bytes: 5 * MB, declareLength: true } },
      '/slow': { dribble: { body: 'x'.repeat(100), intervalMs: 100 } },
      '/silent': { silent: true },
      '/token': { status: 405 },
    },
    { tls },
  );
  // Routes that name the server's own port.
  server.routes['/to-http'] = { redirect: `http://127.0.0.1:${server.port}/doc` };
  server.routes['/to-localhost'] = { redirect: `https://localhost:${server.port}/doc` };

  const named = await makeCertificate({ commonName: 'idp.example.test', dnsNames: ['idp.example.test'], issuer: pair.ca });
  namedServer = await startHttpsTestServer({ '/doc': { body: 'named' } }, { tls: { certPem: named.certPem, keyPem: named.keyPem, ca } });
  const expired = await makeCertificate({
    commonName: 'localhost',
    ipAddresses: ['127.0.0.1'],
    issuer: pair.ca,
    notBeforeDays: -30,
    notAfterDays: -1,
  });
  expiredServer = await startHttpsTestServer(
    { '/doc': { body: 'stale' } },
    { tls: { certPem: expired.certPem, keyPem: expired.keyPem, ca } },
  );
});

afterAll(async () => {
  await Promise.all([server?.close(), namedServer?.close(), expiredServer?.close()]);
});

/** The fetcher an internal IdP on 127.0.0.1 would be fetched with. */
const trusting = (options: GuardedFetchOptions = {}) =>
  createGuardedFetcher({ allowedHosts: ['127.0.0.1'], trustedCertificates: [ca], ...options });

/** The error `fetch` rejects with (an OutboundFetchError, or the test fails). */
async function refusal(promise: Promise<unknown>): Promise<OutboundFetchError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(OutboundFetchError);
  return outcome.error as OutboundFetchError;
}

/** A lookup that answers from a table and counts its calls. */
function fakeLookup(table: Record<string, string[]>): HostLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

describe('refused before anything is sent (SSRF)', () => {
  it.each<[string, (port: number) => string, string, RegExp]>([
    ['http:', (port) => `http://127.0.0.1:${port}/doc`, 'SCHEME', /a http: URL: only https: URLs are fetched/],
    ['file:', () => 'file:///etc/passwd', 'SCHEME', /a file: URL/],
    ['data:', () => 'data:text/plain,hello', 'SCHEME', /a data: URL/],
    ['not a URL', () => 'idp.example.com/metadata', 'SCHEME', /not a valid absolute URL/],
    ['credentials in the URL', () => 'https://admin:pw@idp.example.com/', 'SCHEME', /user name or password/],
    ['loopback', (port) => `https://127.0.0.1:${port}/doc`, 'ADDRESS', /is 127\.0\.0\.1, a loopback address: refused/],
    ['cloud metadata', () => 'https://169.254.169.254/latest/meta-data/', 'ADDRESS', /169\.254\.169\.254, a link-local \(cloud metadata\)/],
    ['private', () => 'https://10.0.0.1/', 'ADDRESS', /is 10\.0\.0\.1, a private address/],
    ['IPv6 loopback', (port) => `https://[::1]:${port}/doc`, 'ADDRESS', /is ::1, a loopback address/],
    ['IPv4-mapped IPv6', (port) => `https://[::ffff:127.0.0.1]:${port}/doc`, 'ADDRESS', /\(IPv4 127\.0\.0\.1\), a loopback address/],
    ['a decimal IPv4 address', (port) => `https://2130706433:${port}/doc`, 'ADDRESS', /is 127\.0\.0\.1, a loopback address/],
    ['unspecified', (port) => `https://0.0.0.0:${port}/doc`, 'ADDRESS', /0\.0\.0\.0, an unspecified/],
    ['AWS metadata over IPv6', () => 'https://[fd00:ec2::254]/', 'ADDRESS', /fd00:ec2::254, a cloud metadata \(AWS\) address/],
    ['localhost, not allowed', (port) => `https://localhost:${port}/doc`, 'ADDRESS', /localhost:\d+\/doc resolves to .*loopback address/],
  ])('%s', async (_name, urlOf, code, message) => {
    const connections = server.connections;
    const error = await refusal(createGuardedFetcher().fetch(urlOf(server.port)));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    if (code === 'ADDRESS') expect(error.message).toContain(ALLOW_HINT);
    expect(server.connections).toBe(connections);
  });

  it('names the URL without its query or fragment', async () => {
    const error = await refusal(createGuardedFetcher().fetch('https://10.0.0.1/metadata?token=s3cret#part'));
    expect(error.message).toBe(`https://10.0.0.1/metadata is 10.0.0.1, a private address: refused. ${ALLOW_HINT}`);
    expect(error.url).toBe('https://10.0.0.1/metadata');
    expect(error.message).not.toContain('s3cret');
  });

  it('refuses a name that resolves to a private address', async () => {
    const lookup = fakeLookup({ 'idp.example.test': ['10.0.0.1'] });
    const error = await refusal(createGuardedFetcher({ lookup }).fetch('https://idp.example.test/metadata'));
    expect(error.code).toBe('ADDRESS');
    expect(error.message).toBe(`https://idp.example.test/metadata resolves to 10.0.0.1, a private address: refused. ${ALLOW_HINT}`);
    expect(lookup.calls).toEqual(['idp.example.test']);
  });

  it('refuses a name when any one of its addresses is refused, and connects to none', async () => {
    const lookup = fakeLookup({ 'idp.example.test': ['93.184.215.14', '127.0.0.1'] });
    const connections = server.connections;
    const error = await refusal(createGuardedFetcher({ lookup }).fetch(`https://idp.example.test:${server.port}/doc`));
    expect(error.code).toBe('ADDRESS');
    expect(error.message).toContain('resolves to 127.0.0.1, a loopback address');
    expect(server.connections).toBe(connections);
  });

  it('says when a name does not resolve', async () => {
    const error = await refusal(createGuardedFetcher({ lookup: fakeLookup({}) }).fetch('https://nowhere.example.test/'));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/the host nowhere\.example\.test could not be resolved \(ENOTFOUND\): check the host name/);
  });
});

describe('redirects, each target checked again', () => {
  it.each<[string, string, string, RegExp]>([
    ['to http:', '/to-http', 'SCHEME', /redirected to http:\/\/127\.0\.0\.1:\d+\/doc, a http: URL: only https: redirects are followed/],
    ['to a private address', '/to-private', 'ADDRESS', /https:\/\/10\.0\.0\.1\/doc is 10\.0\.0\.1, a private address/],
    ['to cloud metadata', '/to-metadata', 'ADDRESS', /link-local \(cloud metadata\)/],
    ['to another host on loopback, not allowed', '/to-localhost', 'ADDRESS', /https:\/\/localhost:\d+\/doc resolves to/],
    ['to file:', '/to-file', 'SCHEME', /redirected to file:\/\/\/etc\/passwd, a file: URL/],
    ['without a Location', '/no-location', 'REDIRECTS', /answered 302 \(a redirect\) without a Location/],
  ])('%s: refused, nothing sent there', async (_name, path, code, message) => {
    const before = { requests: server.requests.length, connections: server.connections };
    const error = await refusal(trusting().fetch(`${server.origin}${path}`));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    // Only the request that answered with the redirect reached the server.
    expect(server.requests.length).toBe(before.requests + 1);
    expect(server.connections).toBe(before.connections + 1);
  });

  it('stops a redirect loop after maxRedirects', async () => {
    const before = server.requests.length;
    const error = await refusal(trusting({ maxRedirects: 3 }).fetch(`${server.origin}/loop-a`));
    expect(error.code).toBe('REDIRECTS');
    expect(error.message).toMatch(/redirected once more after 3 redirects .*redirect loop/);
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/loop-a', '/loop-b', '/loop-a', '/loop-b']);
  });
});

describe('the body cap and the deadline', () => {
  it('stops a 5 MB body soon after the 1 MiB cap, and closes the connection', async () => {
    const before = server.requests.length;
    const error = await refusal(trusting().fetch(`${server.origin}/huge`));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toContain('sent more than the 1048576 bytes allowed');
    const seen = server.requests[before]!;
    await seen.closed;
    expect(seen.completed).toBe(false);
    // What the server managed to write before the connection went: the cap plus what sat in socket buffers.
    expect(seen.bytesWritten).toBeGreaterThan(MB);
    expect(seen.bytesWritten).toBeLessThan(2.5 * MB);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const before = server.requests.length;
    const error = await refusal(trusting().fetch(`${server.origin}/huge-declared`));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/announces 5242880 bytes \(Content-Length\), more than the 1048576 allowed: refused, nothing read/);
    const seen = server.requests[before]!;
    await seen.closed;
    expect(seen.completed).toBe(false);
  });

  it('takes the smaller of the call cap and the fetcher cap; a body exactly at the cap is fine', async () => {
    const length = '<EntityDescriptor/>'.length;
    expect((await trusting().fetch(`${server.origin}/doc`, { maxBytes: length })).body).toBe('<EntityDescriptor/>');
    expect((await refusal(trusting().fetch(`${server.origin}/doc`, { maxBytes: length - 1 }))).code).toBe('TOO_LARGE');
    expect((await refusal(trusting({ maxBytes: length - 1 }).fetch(`${server.origin}/doc`, { maxBytes: MB }))).code).toBe('TOO_LARGE');
  });

  it('times out a body that dribbles a byte per 100 ms, and closes the socket', async () => {
    const before = server.requests.length;
    const error = await refusal(trusting({ timeoutMs: 700 }).fetch(`${server.origin}/slow`));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(
      `${server.origin}/slow did not answer in full within 700 ms: check the server, or raise outboundFetch.timeoutMs.`,
    );
    const seen = server.requests[before]!;
    await seen.closed;
    expect(seen.completed).toBe(false);
    expect(seen.bytesWritten).toBeLessThan(100);
  });

  it('times out a server that never sends its headers', async () => {
    const before = server.requests.length;
    const error = await refusal(trusting({ timeoutMs: 300 }).fetch(`${server.origin}/silent`));
    expect(error.code).toBe('TIMEOUT');
    await server.requests[before]!.closed;
  });

  it('counts DNS in the deadline', async () => {
    const hanging: HostLookup = () => new Promise(() => {});
    const error = await refusal(createGuardedFetcher({ lookup: hanging, timeoutMs: 200 }).fetch('https://idp.example.test/'));
    expect(error.code).toBe('TIMEOUT');
  });
});

describe('answers and TLS', () => {
  it('fetches through one redirect: the final URL, the body, the certificate end, no cookie carried', async () => {
    const before = server.requests.length;
    const options: FetchOptions = { accept: 'application/samlmetadata+xml' };
    const document = await trusting().fetch(`${server.origin}/start?tenant=a`, options);
    expect(document).toEqual({
      url: `${server.origin}/doc`,
      status: 200,
      contentType: 'application/xml',
      body: '<EntityDescriptor/>',
      certificateValidTo: leafValidTo,
    });
    const [first, second] = server.requests.slice(before);
    expect([first?.path, second?.path]).toEqual(['/start?tenant=a', '/doc']);
    for (const seen of [first!, second!]) {
      expect(seen.headers['user-agent']).toBe('idp-gateway');
      expect(seen.headers.accept).toBe('application/samlmetadata+xml');
      expect(seen.headers.cookie).toBeUndefined();
      expect(seen.headers.authorization).toBeUndefined();
    }
  });

  it('sends a HEAD; its body is empty', async () => {
    const before = server.requests.length;
    const document = await trusting().fetch(`${server.origin}/doc`, { method: 'HEAD' });
    expect(document).toMatchObject({ status: 200, body: '' });
    expect(server.requests[before]?.method).toBe('HEAD');
    // The Content-Length a HEAD announces is not a body over the cap.
    expect(await trusting().fetch(`${server.origin}/huge-declared`, { method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
  });

  it('reaches a host allowed by name (localhost), whichever of its addresses listens', async () => {
    const fetcher = createGuardedFetcher({ allowedHosts: ['localhost'], trustedCertificates: [ca] });
    expect((await fetcher.fetch(`https://localhost:${server.port}/doc`)).body).toBe('<EntityDescriptor/>');
  });

  it('connects to the address it checked, once resolved, and checks the certificate against the host name', async () => {
    const lookup = fakeLookup({ 'idp.example.test': ['127.0.0.1'] });
    const fetcher = createGuardedFetcher({ allowedHosts: ['IDP.example.test'], trustedCertificates: [ca], lookup });
    const document = await fetcher.fetch(`https://idp.example.test:${namedServer.port}/doc`);
    expect(document.body).toBe('named');
    expect(lookup.calls).toEqual(['idp.example.test']);
    expect(namedServer.requests.at(-1)?.headers.host).toBe(`idp.example.test:${namedServer.port}`);
  });

  it('reports a status that is not 2xx, with the status and the certificate', async () => {
    const error = await refusal(trusting().fetch(`${server.origin}/token?client_secret=hidden`));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.status).toBe(405);
    expect(error.certificateValidTo).toEqual(leafValidTo);
    expect(error.message).toBe(`${server.origin}/token answered HTTP 405, not a 2xx: check the URL (and that the server is up).`);
  });

  it('refuses a certificate from a CA it does not trust, before sending the request', async () => {
    const before = server.requests.length;
    const error = await refusal(createGuardedFetcher({ allowedHosts: ['127.0.0.1'] }).fetch(`${server.origin}/doc`));
    expect(error.code).toBe('TLS');
    expect(error.message).toContain('add its certificate to outboundFetch.trustedCertificates');
    expect(server.requests.length).toBe(before);
  });

  it('refuses an expired certificate', async () => {
    const error = await refusal(trusting().fetch(`${expiredServer.origin}/doc`));
    expect(error.code).toBe('TLS');
    expect(error.message).toMatch(/certificate has expired \(CERT_HAS_EXPIRED\)\. The server must renew its certificate\./);
    expect(expiredServer.requests).toHaveLength(0);
  });

  it('refuses a certificate made for another name', async () => {
    const lookup = fakeLookup({ 'idp.example.test': ['127.0.0.1'] });
    const fetcher = createGuardedFetcher({ allowedHosts: ['idp.example.test'], trustedCertificates: [ca], lookup });
    const error = await refusal(fetcher.fetch(`https://idp.example.test:${server.port}/doc`));
    expect(error.code).toBe('TLS');
    expect(error.message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID\)\. The certificate is not valid for idp\.example\.test/);
  });

  it('reads allowedHosts the way the URL parser writes hosts (case, IPv6 brackets and zeros)', async () => {
    // Nothing listens on [::1] at this port: allowed means a connection is tried (NETWORK), not refused (ADDRESS).
    const fetcher = createGuardedFetcher({ allowedHosts: ['[0:0::1]'] });
    expect((await refusal(fetcher.fetch(`https://[::1]:${server.port}/doc`))).code).toBe('NETWORK');
  });

  it('says when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await refusal(trusting().fetch(`https://127.0.0.1:${port}/doc`));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(
      new RegExp(`https://127\\.0\\.0\\.1:${port}/doc could not be reached \\(.*ECONNREFUSED.*\\): check the host and port`),
    );
  });
});
