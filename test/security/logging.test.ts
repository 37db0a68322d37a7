// The logger (pino): JSON lines, secret-named keys redacted at any depth, every line scrubbed of every known
// secret; one line per HTTP request with its id, method, operation, status and duration; the request id in
// the X-Request-Id answer header and in the audit rows of the changes the request made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, LOG_REDACT_PATHS } from '../../src/core/log.js';
import { REDACTED, SecretRegistry } from '../../src/core/secrets.js';
import { openStore, type Store } from '../../src/store/open.js';
import { startCpanelEmulator, type CpanelEmulator } from '../../src/vendors/cpanel/emulator.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/sandbox.js';
import { apiToken, type Harness, startHarness } from '../support/harness.js';

describe('createLogger', () => {
  it('writes one JSON object per line with level, time and msg', () => {
    const lines: string[] = [];
    const logger = createLogger(new SecretRegistry(), (line) => lines.push(line));
    logger.log('warn', 'something happened', { count: 2 });
    logger.log('debug', 'not written at the default level');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'something happened', count: 2, time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
  });

  it('redacts secret-named keys, by pino paths and at any depth', () => {
    const lines: string[] = [];
    const logger = createLogger(new SecretRegistry(), (line) => lines.push(line));
    logger.log('info', 'call', {
      password: 'pw-1',
      headers: { authorization: 'Bearer tok-1', 'X-Auth-Token': 'tok-2', 'SlashID-API-Key': 'key-1' },
      body: { client_secret: 'cs-1', options: { apple: { private_key: 'pk-1' } } },
      deep: { a: { b: { c: { d: { e: { apiToken: 'deep-1' } } } } } },
      // Objects and lists under a secret name are written as REDACTED whole, however deep.
      nested: { request: { headers: { Authorization: ['Bearer tok-3'] }, body: { clientSecret: { value: 'obj-1' } } } },
    });
    const line = lines.join('');
    for (const value of ['pw-1', 'tok-1', 'tok-2', 'key-1', 'cs-1', 'pk-1', 'deep-1', 'tok-3', 'obj-1']) expect(line).not.toContain(value);
    expect(JSON.parse(line).headers['X-Auth-Token']).toBe(REDACTED);
    expect(JSON.parse(line).nested.request.body.clientSecret).toBe(REDACTED);
    expect(LOG_REDACT_PATHS).toEqual(expect.arrayContaining(['clientSecret', 'client_secret', '["x-auth-token"]']));
  });

  it('scrubs every known secret value from the message and every field, also JSON-escaped', () => {
    const secrets = new SecretRegistry();
    secrets.add('the-known-secret');
    secrets.add('multi\nline "secret"');
    const lines: string[] = [];
    createLogger(secrets, (line) => lines.push(line)).log('error', 'vendor said the-known-secret', { detail: 'echo: multi\nline "secret"', list: ['the-known-secret'] });
    expect(lines.join('')).not.toContain('the-known-secret');
    expect(lines.join('')).not.toContain('line \\"secret');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: `vendor said ${REDACTED}`, detail: `echo: ${REDACTED}`, list: [REDACTED] });
  });
});

describe('the request log', () => {
  let store: Store;
  let emulator: CpanelEmulator;
  let h: Harness;
  const admin = apiToken('log-admin', 'admin');
  const lines = (): any[] => h.logLines.map((line) => JSON.parse(line));
  const requestLines = () => lines().filter((line) => line.msg === 'request');

  beforeAll(async () => {
    store = await openStore({ kind: 'pglite-memory' });
    emulator = await startCpanelEmulator({ username: 'root', apiToken: 'LOGTESTTOKEN0123456789', modules: structuredClone(CPANEL_SAMPLE_MODULES) });
    h = await startHarness({
      store,
      connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'T' } }],
      env: { T: 'LOGTESTTOKEN0123456789' },
      tokens: [admin.config],
    });
  });
  afterAll(async () => {
    await h.close();
    await emulator.close();
    await store.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}`, ...headers },
      body: JSON.stringify(body),
    });

  it('logs each request once: id, method, path, operation, status, duration; never the query, variables or headers', async () => {
    const before = requestLines().length;
    const res = await post({ query: 'query ListThem($v: Vendor) { identityProviders(first: 5, vendor: $v) { edges { cursor } } }', variables: { v: 'CPANEL' }, operationName: 'ListThem' });
    expect(res.status).toBe(200);
    const logged = requestLines().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'info', method: 'POST', path: '/graphql', operationName: 'ListThem', operationType: 'query', status: 200, durationMs: expect.any(Number) });
    expect(logged[0].requestId).toBe(res.headers.get('x-request-id'));
    expect(logged[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
    const text = h.logLines.join('');
    expect(text).not.toContain('identityProviders');
    expect(text).not.toContain(admin.token);
  });

  it('keeps a plain X-Request-Id from the caller and replaces one that is not plain', async () => {
    const kept = await post({ query: '{ connections { id } }' }, { 'x-request-id': 'proxy-1234.abc_def:9' });
    expect(kept.headers.get('x-request-id')).toBe('proxy-1234.abc_def:9');
    expect(requestLines().at(-1).requestId).toBe('proxy-1234.abc_def:9');
    for (const hostile of ['has space', 'a'.repeat(200), '"}{"level":"error"', 'x\u2028y']) {
      const replaced = await post({ query: '{ connections { id } }' }, { 'x-request-id': encodeURIComponent(hostile) === hostile ? hostile : hostile.replace(/[^\x20-\x7e]/g, '?') });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('logs a request refused before GraphQL (401) too', async () => {
    const res = await h.yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ connections { id } }"}' });
    expect(res.status).toBe(401);
    expect(requestLines().at(-1)).toMatchObject({ status: 401, method: 'POST', requestId: res.headers.get('x-request-id') });
  });

  it('gives the audit row of a change the id of the request that made it', async () => {
    const listed = await post({ query: '{ identityProviders(first: 10) { edges { node { ... on ManagedIdentityProvider { id key } } } } }' });
    const google = ((await listed.json()) as any).data.identityProviders.edges.map((e: any) => e.node).find((n: any) => n.key === 'google');
    const res = await post({
      query: 'mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename ... on SetCpanelDisplayConfigurationPayload { auditEvent { requestId status } } } }',
      variables: { input: { id: google.id, service: 'CPANELD', color: '123456' } },
    });
    const body = (await res.json()) as any;
    expect(body.data.setCpanelDisplayConfiguration.auditEvent).toEqual({ requestId: res.headers.get('x-request-id'), status: 'SUCCEEDED' });
  });

  it('writes typed errors answered to a client below the error level', async () => {
    const before = h.logLines.length;
    await post({ query: '{ drift(connectionId: "nope") { drifted } }' });
    await post({ query: '{ auditEvents(first: 0) { edges { cursor } } }' });
    const written = h.logLines.slice(before).map((line) => JSON.parse(line));
    expect(written.filter((line) => line.level === 'error')).toEqual([]);
    expect(written.filter((line) => line.msg === 'request answered with an error').map((line) => line.code)).toEqual(['NOT_FOUND', 'VALIDATION_FAILED']);
  });
});
