// The logger (pino): JSON lines, secret-named keys redacted at any depth, every line scrubbed of every known
// secret; one line per HTTP request with its id, method, operation, status and duration; the request id in
// the X-Request-Id answer header and in the audit rows of the changes the request made. Errors are logged as
// describeError writes them: a failed SQL statement by the driver's code and message, never its parameters.
import { DrizzleQueryError } from 'drizzle-orm';
import { GraphQLError, locatedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { handleAuditExport } from '../../src/http/audit-export.js';
import { createLogger, describeError, logRedactPaths } from '../../src/core/log.js';
import { REDACTED, SecretRegistry } from '../../src/core/secrets.js';
import type { GatewayServices } from '../../src/core/services.js';
import { yogaLogging } from '../../src/http/request-log.js';
import { listAuditEvents } from '../../src/store/audit.js';
import { apiToken } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { vendorSecretRegistry } from '../../src/vendors/index.js';

describe('createLogger', () => {
  it('writes one JSON object per line with level, time and msg', () => {
    const lines: string[] = [];
    const logger = createLogger(new SecretRegistry(), (line) => lines.push(line));
    logger.log('warn', 'something happened', { count: 2 });
    logger.log('debug', 'not written at the default level');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      msg: 'something happened',
      count: 2,
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it("redacts secret-named keys (the vendors' auth headers too), by pino paths and at any depth", () => {
    const lines: string[] = [];
    const secrets = vendorSecretRegistry();
    const logger = createLogger(secrets, (line) => lines.push(line));
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
    expect(logRedactPaths(secrets)).toEqual(
      expect.arrayContaining(['clientSecret', 'client_secret', '["x-auth-token"]', '["SlashID-API-Key"]']),
    );
  });

  it('scrubs every known secret value from the message and every field, also JSON-escaped', () => {
    const secrets = new SecretRegistry();
    secrets.add('the-known-secret');
    secrets.add('multi\nline "secret"');
    const lines: string[] = [];
    createLogger(secrets, (line) => lines.push(line)).log('error', 'vendor said the-known-secret', {
      detail: 'echo: multi\nline "secret"',
      list: ['the-known-secret'],
    });
    expect(lines.join('')).not.toContain('the-known-secret');
    expect(lines.join('')).not.toContain('line \\"secret');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: `vendor said ${REDACTED}`, detail: `echo: ${REDACTED}`, list: [REDACTED] });
  });
});

describe('the request log', () => {
  const admin = apiToken('log-admin', 'admin');
  const h = vendorGateway('cpanel', { secret: 'LOGTESTTOKEN0123456789', tokens: [admin.config] });
  const lines = (): any[] => h.logLines.map((line) => JSON.parse(line));
  const requestLines = () => lines().filter((line) => line.msg === 'request');

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}`, ...headers },
      body: JSON.stringify(body),
    });

  it('logs each request once: id, method, path, operation, status, duration; never the query, variables or headers', async () => {
    const before = requestLines().length;
    const res = await post({
      query: 'query ListThem($v: Vendor) { identityProviders(first: 5, vendor: $v) { edges { cursor } } }',
      variables: { v: 'CPANEL' },
      operationName: 'ListThem',
    });
    expect(res.status).toBe(200);
    const logged = requestLines().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      operationName: 'ListThem',
      operationType: 'query',
      status: 200,
      durationMs: expect.any(Number),
    });
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
      const replaced = await post(
        { query: '{ connections { id } }' },
        { 'x-request-id': encodeURIComponent(hostile) === hostile ? hostile : hostile.replace(/[^\x20-\x7e]/g, '?') },
      );
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('logs a request refused before GraphQL (401) too', async () => {
    const res = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ connections { id } }"}',
    });
    expect(res.status).toBe(401);
    expect(requestLines().at(-1)).toMatchObject({ status: 401, method: 'POST', requestId: res.headers.get('x-request-id') });
  });

  it('gives the audit row of a change the id of the request that made it', async () => {
    const listed = await post({
      query: '{ identityProviders(first: 10) { edges { node { ... on ManagedIdentityProvider { id key } } } } }',
    });
    const google = ((await listed.json()) as any).data.identityProviders.edges.map((e: any) => e.node).find((n: any) => n.key === 'google');
    const res = await post({
      query:
        'mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename ... on SetCpanelDisplayConfigurationPayload { auditEvent { requestId status } } } }',
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
    expect(written.filter((line) => line.msg === 'request answered with an error').map((line) => line.code)).toEqual([
      'NOT_FOUND',
      'VALIDATION_FAILED',
    ]);
  });
});

// --- Errors in log lines ------------------------------------------------------------------------------------

const PARAM = 'param-value-3e9d';

/** A PGlite / postgres.js error as the drivers make them: `query` and the parameters on the error itself. */
function driverError(code: string, message: string, style: 'pglite' | 'postgres'): Error {
  const error = Object.assign(new Error(message), {
    code,
    severity: 'ERROR',
    detail: `Key (actor)=(${PARAM}) is the detail`,
    table: 'audit_events',
  });
  if (style === 'pglite') return Object.assign(error, { query: 'select "id" from "audit_events" where "actor" = $1', params: [PARAM] });
  // postgres.js defines them non-enumerable.
  return Object.defineProperties(error, {
    query: { value: `insert into "idempotency_keys" ("key") values ($1)`, enumerable: false },
    parameters: { value: [PARAM], enumerable: false },
  });
}

describe('describeError', () => {
  const query = 'select "id", "actor" from "audit_events" where "audit_events"."actor" = $1 limit $2';

  it("writes a failed statement as the driver's code and message and what it did: no parameters, no statement", () => {
    for (const style of ['pglite', 'postgres'] as const) {
      const failed = new DrizzleQueryError(
        query,
        [PARAM, 51],
        driverError('22021', 'invalid byte sequence for encoding "UTF8": 0x00', style),
      );
      expect(failed.message).toContain(PARAM); // what used to be logged
      const text = describeError(failed);
      expect(text).toBe('database error 22021: invalid byte sequence for encoding "UTF8": 0x00 (select from "audit_events")');
      // The driver's error on its own (postgres.js without drizzle around it).
      const alone = describeError(driverError('23505', 'duplicate key value violates unique constraint "idempotency_keys_pkey"', style));
      expect(alone).toMatch(
        /^database error 23505: duplicate key value violates unique constraint "idempotency_keys_pkey" \((select from "audit_events"|insert into "idempotency_keys")\)$/,
      );
      for (const written of [text, alone]) {
        expect(written).not.toContain(PARAM);
        expect(written).not.toMatch(/params|Failed query|\$1/);
      }
    }
  });

  it('looks through GraphQL errors and causes, and cuts a statement quoted inside another message', () => {
    const failed = new DrizzleQueryError(query, [PARAM], driverError('57014', 'canceling statement due to statement timeout', 'pglite'));
    expect(describeError(locatedError(failed, undefined, ['auditEvents']))).toBe(
      'database error 57014: canceling statement due to statement timeout (select from "audit_events")',
    );
    expect(describeError(new Error('the audit row could not be written', { cause: failed }))).toBe(
      'the audit row could not be written (cause: database error 57014: canceling statement due to statement timeout (select from "audit_events"))',
    );
    const quoted = describeError(new Error(`reconcile failed: ${failed.message}`));
    expect(quoted).toBe('reconcile failed: Failed query [statement and parameters not logged]');
    const noCause = describeError(new DrizzleQueryError(query, [PARAM], undefined as unknown as Error));
    expect(noCause).toBe('database query failed (select from "audit_events")');
  });

  it('keeps any other error as its message, and anything else as text', () => {
    expect(describeError(new Error('internal detail: /srv/secret/path at line 42'))).toBe('internal detail: /srv/secret/path at line 42');
    expect(describeError(new GraphQLError('Cannot query field "x"'))).toBe('Cannot query field "x"');
    expect(describeError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }))).toBe(
      'fetch failed (cause: connect ECONNREFUSED 127.0.0.1:9)',
    );
    expect(describeError('a string')).toBe('a string');
    expect(describeError(42)).toBe('42');
    expect(describeError(null)).toBe('null');
    expect(describeError(undefined)).toBe('undefined');
  });

  it("is what yoga's logger writes", () => {
    const lines: string[] = [];
    const logging = yogaLogging(createLogger(new SecretRegistry(), (line) => lines.push(line)));
    logging.error(
      locatedError(
        new DrizzleQueryError(query, [PARAM], driverError('22021', 'invalid byte sequence for encoding "UTF8": 0x00', 'pglite')),
        undefined,
        ['x'],
      ),
    );
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      msg: 'unexpected error',
      error: 'database error 22021: invalid byte sequence for encoding "UTF8": 0x00 (select from "audit_events")',
    });
    expect(lines[0]).not.toContain(PARAM);
  });
});

describe.each(STORE_KINDS)('a failed SQL statement in the logs on $name', (kind) => {
  const admin = apiToken('sql-log-admin', 'admin');
  const h = vendorGateway('cpanel', { kind, secret: 'SQLLOGTOKEN0123456789', tokens: [admin.config] });
  const marker = 'sql-param-marker-51c0';
  /** A real failure of this store's driver: a NUL in a text parameter (PostgreSQL refuses it). */
  const failingRead = () =>
    listAuditEvents(h.store.db, { actor: `a\u0000${marker}`, order: 'newest-first', limit: 5 } as Parameters<typeof listAuditEvents>[1]);

  it("the driver really fails, with the parameter in drizzle's message", async () => {
    const error = await failingRead().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain(marker);
    expect(describeError(error)).toMatch(/^database error 22021: .*\(select from "audit_events"\)$/);
  });

  it('is logged by the request path at "error" without its parameters', async () => {
    const reader = h.services.reader;
    const original = reader.read;
    reader.read = (async (...args: Parameters<typeof original>) => {
      await failingRead();
      return original.apply(reader, args);
    }) as typeof reader.read;
    const before = h.logLines.length;
    try {
      const res = await h.gql('{ identityProviders(first: 1) { totalCount } }', undefined, { token: admin.token });
      expect(res.errors![0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    } finally {
      reader.read = original;
    }
    const written = h.logLines.slice(before);
    const errors = written.map((line) => JSON.parse(line)).filter((line) => line.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        msg: 'unexpected error',
        error: expect.stringMatching(/^database error 22021: .*\(select from "audit_events"\)$/),
      }),
    ]);
    expect(written.join('')).not.toContain(marker);
    expect(written.join('')).not.toMatch(/params|Failed query/);
  });

  it('is logged by /audit.jsonl without its parameters', async () => {
    const failure = await failingRead().then(
      () => null,
      (e: unknown) => e,
    );
    const lines: string[] = [];
    const logger = createLogger(new SecretRegistry(), (line) => lines.push(line));
    // A store whose every use fails as this driver did.
    const services = {
      db: new Proxy(
        {},
        {
          get: () => {
            throw failure;
          },
        },
      ),
      secrets: new SecretRegistry(),
    } as unknown as GatewayServices;
    const res = await handleAuditExport(new Request('http://gateway.test/audit.jsonl'), services, logger);
    expect(res.status).toBe(500);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'audit export failed',
        error: expect.stringMatching(/^database error 22021: .*\(select from "audit_events"\)$/),
      }),
    ]);
    expect(lines.join('')).not.toContain(marker);
    expect(lines.join('')).not.toMatch(/params|Failed query/);
  });
});
