// Control characters (U+0000-U+001F, U+007F) in the arguments of a query or a subscription, literal or variable,
// and in the query parameters of /audit.jsonl: refused up front with an error that names the argument (code
// BAD_USER_INPUT; a 400 JSON error for the export), never reaching the store (PostgreSQL refuses a NUL in text,
// which used to be a masked INTERNAL_SERVER_ERROR with the failed SQL and its parameters in the error log).
// Mutations are not covered: their inputs are the mutation pipeline's to check (a typed ValidationError).
import { describe, expect, it } from 'vitest';
import { SseReader } from '../support/sse.js';
import { withTimeout } from '../support/wait.js';
import { STORE_KINDS } from '../support/stores.js';
import { cpanelId, servedSecurityGateway } from './support.js';

const REFUSAL = (argument: string, codePoint: string) =>
  `The argument ${argument} contains a control character (${codePoint}); control characters (U+0000 to U+001F and U+007F) are not accepted in query arguments.`;

/** Queries with a control character somewhere in an argument, and the argument the refusal must name. */
const CASES: Array<{ name: string; query: string; variables?: Record<string, unknown>; argument: string; codePoint: string }> = [
  {
    name: 'literal NUL',
    query: '{ auditEvents(actor: "a\\u0000b") { edges { cursor } } }',
    argument: 'auditEvents(actor:)',
    codePoint: 'U+0000',
  },
  {
    name: 'variable',
    query: 'query($actor: String) { auditEvents(first: 5, actor: $actor) { edges { cursor } } }',
    variables: { actor: 'a\u0000b' },
    argument: 'auditEvents(actor:)',
    codePoint: 'U+0000',
  },
  {
    name: 'variable, another control character',
    query: 'query($c: String) { identityProviders(connectionId: $c) { totalCount } }',
    variables: { c: 'whm\u001f' },
    argument: 'identityProviders(connectionId:)',
    codePoint: 'U+001F',
  },
  {
    name: 'DEL',
    query: '{ auditEvents(operation: "set\\u007f") { edges { cursor } } }',
    argument: 'auditEvents(operation:)',
    codePoint: 'U+007F',
  },
  {
    name: 'inside a list variable',
    query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    variables: { ids: [cpanelId('whm', 'google'), 'bad\u0000id'] },
    argument: 'nodes(ids:)',
    codePoint: 'U+0000',
  },
  {
    name: 'in a fragment',
    query: 'query { ...F } fragment F on Query { caller { name } drift(connectionId: "whm\\n") { drifted } }',
    argument: 'drift(connectionId:)',
    codePoint: 'U+000A',
  },
  {
    name: "a variable's default",
    query: 'query($actor: String = "x\\u0000") { auditEvents(actor: $actor) { edges { cursor } } }',
    argument: 'auditEvents(actor:)',
    codePoint: 'U+0000',
  },
  {
    name: 'deeper in the selection, aliased',
    query:
      '{ caller { name } listed: identityProviders(first: 1) { totalCount } events: auditEvents(providerKey: "google\\t") { edges { cursor } } }',
    argument: 'auditEvents(providerKey:)',
    codePoint: 'U+0009',
  },
];

describe.each(STORE_KINDS)('control characters in arguments on $name', (kind) => {
  const statements: string[] = [];
  const served = servedSecurityGateway(kind, { onQuery: (sql) => statements.push(sql) });

  const post = (body: unknown, accept: string) =>
    fetch(`${served.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${served.g.tokens.admin}` },
      body: JSON.stringify(body),
    });

  it('refuses each with a BAD_USER_INPUT error naming the argument, below 500, before any SQL', async () => {
    for (const { name, query, variables, argument, codePoint } of CASES) {
      for (const [accept, status] of [
        ['application/graphql-response+json', 400],
        ['application/json', 200],
      ] as const) {
        const logsBefore = served.g.h.logLines.length;
        const statementsBefore = statements.length;
        const res = await post({ query, variables }, accept);
        expect(res.status, `${name} ${accept}`).toBe(status);
        const answer = await res.json();
        expect(answer.data, name).toBeUndefined();
        expect(answer.errors, name).toEqual([
          { message: REFUSAL(argument, codePoint), locations: [expect.any(Object)], extensions: { code: 'BAD_USER_INPUT', argument } },
        ]);
        expect(statements.slice(statementsBefore), `${name}: SQL`).toEqual([]);
        const written = served.g.h.logLines.slice(logsBefore);
        expect(
          written.filter((line) => JSON.parse(line).level === 'error'),
          name,
        ).toEqual([]);
        expect(written.join(''), name).not.toMatch(/params|Failed query/);
      }
    }
  });

  it('refuses them in a GET query too', async () => {
    const url = `${served.server.url}/graphql?query=${encodeURIComponent('{ auditEvents(actor: "a\\u0000b") { edges { cursor } } }')}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${served.g.tokens.viewer}`, 'x-graphql-csrf': '1' } });
    expect(res.status).toBeLessThan(500);
    expect((await res.json()).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'auditEvents(actor:)' });
  });

  it('answers the same arguments without control characters as before (nothing else is refused)', async () => {
    const res = await served.g.as('admin')(
      'query($actor: String) { auditEvents(first: 5, actor: $actor, operation: "x y-z_\u00e9") { edges { cursor } } }',
      { actor: 'admin \u00e9\u202e' },
    );
    expect(res).toEqual({ data: { auditEvents: { edges: [] } } });
    const ids = await served.g.as('admin')('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [cpanelId('whm', 'google')] });
    expect(ids.errors).toBeUndefined();
  });

  it('refuses a subscription with one, as one SSE error event, without subscribing it', async () => {
    const res = await fetch(`${served.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${served.g.tokens.admin}` },
      body: JSON.stringify({
        query: 'subscription($actor: String) { auditEventAdded(actor: $actor) { id } }',
        variables: { actor: 'a\u0000' },
      }),
    });
    expect(res.status).toBeLessThan(500);
    const sse = new SseReader(res.body!.getReader());
    const first = await withTimeout(sse.next(), 5_000, 'the SSE error event');
    expect(first?.event).toBe('next');
    expect(first?.data.errors).toEqual([
      {
        message: REFUSAL('auditEventAdded(actor:)', 'U+0000'),
        locations: [expect.any(Object)],
        extensions: { code: 'BAD_USER_INPUT', argument: 'auditEventAdded(actor:)' },
      },
    ]);
    expect((await withTimeout(sse.next(), 5_000, 'the end of the stream'))?.event).toBe('complete');
    expect(served.g.h.services.auditFeed.subscriberCount).toBe(0);
  });

  it('leaves mutations to the mutation pipeline: a typed result, not a BAD_USER_INPUT error', async () => {
    // U+0001 (a NUL in a mutation input is the pipeline's to keep out of the audit row).
    const res = await served.g.as('operator')(
      `mutation { setCpanelDisplayConfiguration(input: { id: "${cpanelId('whm', 'google')}", service: CPANELD, color: "1a\\u00013e8", dryRun: true }) {
        __typename ... on ValidationError { fieldErrors { path } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.setCpanelDisplayConfiguration.__typename).toBe('ValidationError');
  });

  it('refuses them in /audit.jsonl query parameters: a 400 naming the parameter, no SQL, no error log', async () => {
    for (const [query, parameter, codePoint] of [
      ['actor=a%00b', 'actor', 'U+0000'],
      ['connectionId=whm%0A', 'connectionId', 'U+000A'],
      ['providerKey=google&operation=set%7F', 'operation', 'U+007F'],
      ['since=2026-01-01T00:00:00Z%00', 'since', 'U+0000'],
      ['status=SUCCEEDED&status=FAILED%01', 'status', 'U+0001'],
    ] as const) {
      const logsBefore = served.g.h.logLines.length;
      const statementsBefore = statements.length;
      const res = await fetch(`${served.server.url}/audit.jsonl?${query}`, {
        headers: { authorization: `Bearer ${served.g.tokens.admin}` },
      });
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({
        error: {
          code: 'BAD_REQUEST',
          parameter,
          message: `${parameter} contains a control character (${codePoint}); no audit field holds one`,
        },
      });
      expect(statements.slice(statementsBefore), `${query}: SQL`).toEqual([]);
      const written = served.g.h.logLines.slice(logsBefore);
      expect(
        written.filter((line) => JSON.parse(line).level === 'error'),
        query,
      ).toEqual([]);
    }
    const fine = await fetch(`${served.server.url}/audit.jsonl?actor=${encodeURIComponent('admin \u00e9')}`, {
      headers: { authorization: `Bearer ${served.g.tokens.admin}` },
    });
    expect(fine.status).toBe(200);
  });
});
