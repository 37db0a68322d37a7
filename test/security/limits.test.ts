// Query limits: depth, aliases, cost, tokens and directives (graphql-armor), the request body size (413, also
// for a chunked body), page sizes, `nodes` ids and batch size. Each refusal names the limit and the value found,
// as a sentence, with a code in extensions.code.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LIMIT_CODES, QUERY_LIMITS } from '../../src/http/query-limits.js';
import { STORE_KINDS } from '../support/stores.js';
import { BATCH, cpanelId, servedSecurityGateway } from './support.js';

const AUDIT_FIELDS = `id occurredAt finishedAt kind status reason requestId actor operation connectionId vendor providerKey input error errorCode durationMs
  plannedRequests { method path query headers body purpose } changes { path before after secret } vendorRequests { method path query status durationMs }`;

describe.each(STORE_KINDS)('query limits on $name', (kind) => {
  const messages = (res: { errors?: Array<{ message: string }> }) => (res.errors ?? []).map((e) => e.message);
  /** The refusals of a query limit in an answer: message and extensions, with no graphql-armor "Syntax Error:". */
  const refusals = (res: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }, code: string) => {
    for (const message of messages(res)) expect(message).not.toMatch(/Syntax Error/);
    return (res.errors ?? []).filter((e) => e.extensions?.code === code).map((e) => ({ message: e.message, extensions: e.extensions }));
  };

  const served = servedSecurityGateway(kind);

  it(`refuses a query deeper than ${QUERY_LIMITS.maxDepth} levels`, async () => {
    const nested = (depth: number): string => (depth === 0 ? 'name' : `caller { ${nested(depth - 1)} }`);
    const res = await served.g.as('admin')(`{ ${nested(QUERY_LIMITS.maxDepth + 1)} }`);
    expect(res.data).toBeUndefined();
    expect(refusals(res, 'QUERY_DEPTH_LIMIT')).toEqual([
      {
        message: `The query is ${QUERY_LIMITS.maxDepth + 2} levels deep, deeper than the depth limit of ${QUERY_LIMITS.maxDepth}.`,
        extensions: { code: 'QUERY_DEPTH_LIMIT', limit: QUERY_LIMITS.maxDepth, found: QUERY_LIMITS.maxDepth + 2 },
      },
    ]);
    // The deepest query the schema allows is well inside the limit.
    const deep = await served.g.as('admin')(
      `{ identityProviders(first: 1) { edges { node { ... on CpanelIdentityProvider { display { service color } } } } } }`,
    );
    expect(deep.errors).toBeUndefined();
  });

  it(`refuses more than ${QUERY_LIMITS.maxAliases} aliases`, async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: caller { name }`).join(' ');
    const res = await served.g.as('admin')(`{ ${aliases(QUERY_LIMITS.maxAliases + 1)} }`);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      {
        message: `The query uses ${QUERY_LIMITS.maxAliases + 1} aliases, more than the alias limit of ${QUERY_LIMITS.maxAliases}.`,
        extensions: { code: 'QUERY_ALIAS_LIMIT', limit: QUERY_LIMITS.maxAliases, found: QUERY_LIMITS.maxAliases + 1 },
      },
    ]);
    expect((await served.g.as('admin')(`{ ${aliases(QUERY_LIMITS.maxAliases)} }`)).errors).toBeUndefined();
  });

  it(`refuses a query that costs more than ${QUERY_LIMITS.maxCost}, and lets one full page of everything through`, async () => {
    const page = (alias: string) =>
      `${alias}: auditEvents(first: 200) { edges { cursor node { ${AUDIT_FIELDS} } } pageInfo { hasNextPage endCursor } }`;
    const one = await served.g.as('admin')(`{ ${page('a')} }`);
    expect(one.errors).toBeUndefined();
    const two = await served.g.as('admin')(`{ ${page('a')} ${page('b')} }`);
    expect(two.data).toBeUndefined();
    expect(refusals(two, 'QUERY_COST_LIMIT')).toEqual([
      {
        message: expect.stringMatching(new RegExp(`^The query costs \\d+, more than the cost limit of ${QUERY_LIMITS.maxCost}\\.$`)),
        extensions: { code: 'QUERY_COST_LIMIT', limit: QUERY_LIMITS.maxCost, found: expect.any(Number) },
      },
    ]);
    const found = two.errors![0]!.extensions!.found as number;
    expect(found).toBeGreaterThan(QUERY_LIMITS.maxCost);
    expect(two.errors![0]!.message).toContain(`costs ${found},`);
  });

  it(`refuses a document of more than ${QUERY_LIMITS.maxTokens} tokens`, async () => {
    const res = await served.g.as('admin')(`{ caller { ${'name '.repeat(QUERY_LIMITS.maxTokens)} } }`);
    expect(res.data).toBeUndefined();
    // "{ caller {" + 1000 names + "} }": 1 005 tokens.
    expect(res.errors).toEqual([
      {
        message: `The document has ${QUERY_LIMITS.maxTokens + 5} tokens, more than the token limit of ${QUERY_LIMITS.maxTokens}.`,
        extensions: { code: 'QUERY_TOKEN_LIMIT', limit: QUERY_LIMITS.maxTokens, found: QUERY_LIMITS.maxTokens + 5 },
      },
    ]);
    // Counting stops at ten times the limit (lexing a whole 1 MB body would take a quarter of a second).
    const huge = await served.g.as('admin')(`{ caller { ${'name '.repeat(QUERY_LIMITS.maxTokens * 50)} } }`);
    expect(huge.errors).toEqual([
      {
        message: `The document has more than ${QUERY_LIMITS.maxTokens * 10} tokens, more than the token limit of ${QUERY_LIMITS.maxTokens}.`,
        extensions: { code: 'QUERY_TOKEN_LIMIT', limit: QUERY_LIMITS.maxTokens, foundAtLeast: QUERY_LIMITS.maxTokens * 10 + 1 },
      },
    ]);
    // Exactly at the limit passes, one more is refused (18 tokens around the list of statuses: commas are not tokens).
    const statuses = (n: number) => `{ auditEvents(first: 1, status: [${'SUCCEEDED '.repeat(n)}]) { edges { cursor } } }`;
    expect((await served.g.as('admin')(statuses(QUERY_LIMITS.maxTokens - 18))).errors).toBeUndefined();
    expect((await served.g.as('admin')(statuses(QUERY_LIMITS.maxTokens - 17))).errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'QUERY_TOKEN_LIMIT', limit: QUERY_LIMITS.maxTokens, found: QUERY_LIMITS.maxTokens + 1 },
      }),
    ]);
  });

  it(`refuses more than ${QUERY_LIMITS.maxDirectives} directives`, async () => {
    const fields = Array.from({ length: QUERY_LIMITS.maxDirectives + 1 }, (_, i) => `f${i}: __typename @include(if: true)`).join(' ');
    const res = await served.g.as('admin')(`{ ${fields} }`);
    expect(res.data).toBeUndefined();
    expect(refusals(res, 'QUERY_DIRECTIVE_LIMIT')).toEqual([
      {
        message: `The query uses ${QUERY_LIMITS.maxDirectives + 1} directives, more than the directive limit of ${QUERY_LIMITS.maxDirectives}.`,
        extensions: { code: 'QUERY_DIRECTIVE_LIMIT', limit: QUERY_LIMITS.maxDirectives, found: QUERY_LIMITS.maxDirectives + 1 },
      },
    ]);
  });

  it('answers a limit refusal as a request error: 400 with application/graphql-response+json, 200 with application/json, nothing run', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: caller { name }`).join(' ');
    const cases: Array<[string, string]> = [
      [`{ ${aliases} }`, LIMIT_CODES.aliases],
      [`{ caller { ${'name '.repeat(QUERY_LIMITS.maxTokens)} } }`, LIMIT_CODES.tokens],
      [
        `{ ${Array.from({ length: QUERY_LIMITS.maxDirectives + 1 }, (_, i) => `f${i}: __typename @include(if: true)`).join(' ')} }`,
        LIMIT_CODES.directives,
      ],
    ];
    for (const [query, code] of cases) {
      for (const [accept, status] of [
        ['application/graphql-response+json', 400],
        ['application/json', 200],
      ] as const) {
        const res = await fetch(`${served.server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${served.g.tokens.admin}` },
          body: JSON.stringify({ query }),
        });
        expect(res.status, `${code} ${accept}`).toBe(status);
        const body = await res.json();
        expect(body.data, code).toBeUndefined();
        expect(body.errors.map((e: any) => e.extensions.code)).toContain(code);
      }
    }
    expect(Object.values(LIMIT_CODES).sort()).toEqual([
      'QUERY_ALIAS_LIMIT',
      'QUERY_COST_LIMIT',
      'QUERY_DEPTH_LIMIT',
      'QUERY_DIRECTIVE_LIMIT',
      'QUERY_TOKEN_LIMIT',
    ]);
  });

  it(`answers 413 to a body over ${QUERY_LIMITS.maxBodyBytes} bytes, with or without Content-Length`, async () => {
    const body = JSON.stringify({
      query: 'query($pad: String) { caller { name } }',
      variables: { pad: 'x'.repeat(QUERY_LIMITS.maxBodyBytes) },
    });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${served.g.tokens.admin}` };
    const res = await fetch(`${served.server.url}/graphql`, { method: 'POST', headers, body });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0]).toMatchObject({
      message: 'Request body too large',
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
    });

    // Chunked: no Content-Length, the body is counted as it arrives.
    const sendChunked = (text: string, extraHeaders: Record<string, string> = {}) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          `${served.server.url}/graphql`,
          { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked', ...extraHeaders } },
          (answer) => {
            let received = '';
            answer.on('data', (chunk) => (received += chunk));
            answer.on('end', () => resolve({ status: answer.statusCode!, text: received }));
          },
        );
        req.on('error', reject);
        for (let at = 0; at < text.length; at += 64 * 1024) req.write(text.slice(at, at + 64 * 1024));
        req.end();
      });
    const chunked = await sendChunked(body);
    expect(chunked.status).toBe(413);
    expect(chunked.text).toContain('Request body too large');

    // Just under the limit is answered, with Content-Length and chunked.
    const small = JSON.stringify({
      query: 'query($pad: String) { caller { name } }',
      variables: { pad: 'x'.repeat(QUERY_LIMITS.maxBodyBytes - 200) },
    });
    expect((await fetch(`${served.server.url}/graphql`, { method: 'POST', headers, body: small })).status).toBe(200);
    const smallChunked = await sendChunked(small);
    expect(smallChunked.status).toBe(200);
    // Read whole and parsed: GraphQL itself answers (the padding variable is unused).
    expect(JSON.parse(smallChunked.text).errors[0].message).toBe('Variable "$pad" is never used.');
  });

  it('refuses a Content-Length that is not one number before reading the body', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${served.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${served.g.tokens.admin}`, 'content-length': '+12' },
      });
      req.on('response', (answer) => resolve(answer.statusCode!));
      req.on('error', reject);
      req.end('{"query":"{a}"}');
    });
    // Node's own parser refuses it (400) before yoga could; either way nothing of it is run.
    expect(status).toBe(400);
  });

  it('pages every list: first over 200 and more than 100 node ids are refused', async () => {
    for (const query of ['{ identityProviders(first: 201) { totalCount } }', '{ auditEvents(first: 1000) { edges { cursor } } }']) {
      const res = await served.g.as('admin')(query);
      expect(res.errors!.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['VALIDATION_FAILED', 'Invalid input: first: first must be between 1 and 200'],
      ]);
    }
    const ids = Array.from({ length: 101 }, () => cpanelId('whm', 'google'));
    const nodes = await served.g.as('admin')('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(nodes.errors!.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['VALIDATION_FAILED', 'Invalid input: ids: at most 100 ids per call'],
    ]);
    expect((await served.g.as('admin')('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids.slice(1) })).errors).toBeUndefined();
  });

  it('refuses a batch of more than 50 changes as a typed ValidationError', async () => {
    const change = {
      operation: 'setCpanelDisplayConfiguration',
      input: { id: cpanelId('whm', 'google'), service: 'CPANELD', color: '111111' },
    };
    const res = await served.g.as('operator')(BATCH, {
      input: { mode: 'BEST_EFFORT', dryRun: true, changes: Array.from({ length: 51 }, () => change) },
    });
    expect(res.data.applyIdentityProviderChanges).toEqual({
      __typename: 'ValidationError',
      message: 'Invalid input: changes: at most 50 changes per batch',
    });
  });
});
