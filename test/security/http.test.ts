// The HTTP edge: 401 without a valid token, GraphiQL's page, the production switch (introspection, GraphiQL,
// "Did you mean" suggestions everywhere), CSRF prevention, no CORS, masked errors without stack traces, request
// bodies never quoted back (a body that is not JSON: 400), a 415 that says what is accepted, a 406 before anything
// runs when the Accept header takes no answer, and the sandbox's
// loopback-only Host check. Real HTTP to the gateway and to cPanel emulators.
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { serve, servedForSuite } from '../support/serve.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { cpanelId, type SecurityGateway, servedSecurityGateway, startSecurityGateway, WHM_TOKEN } from './support.js';

/** Mistakes graphql-js answers with a "Did you mean ...?" suggestion: every kind of them. */
const SUGGESTION_CASES: Array<{ name: string; query: string; variables?: Record<string, unknown> }> = [
  { name: 'unknown field', query: '{ caller { nam } }' },
  { name: 'unknown argument', query: '{ auditEvents(firs: 1) { edges { cursor } } }' },
  { name: 'unknown type of a variable', query: 'query($v: Vendr) { identityProviders(vendor: $v) { totalCount } }' },
  { name: 'unknown type of a fragment', query: '{ identityProviders { edges { node { ... on CpanelIdentityProvide { id } } } } }' },
  { name: 'field of a union (inline fragment)', query: '{ identityProviders { edges { node { key } } } }' },
  { name: 'enum value, literal', query: '{ identityProviders(vendor: CPANE) { totalCount } }' },
  { name: 'enum value, variable', query: 'query($v: Vendor) { identityProviders(vendor: $v) { totalCount } }', variables: { v: 'CPANE' } },
  {
    name: 'input field, literal',
    query: 'mutation { setCpanelDisplayConfiguration(input: { id: "x", service: CPANELD, colr: "111111" }) { __typename } }',
  },
  {
    name: 'input field, variable',
    query: 'mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename } }',
    variables: { input: { id: 'x', service: 'CPANELD', colr: '111111' } },
  },
];

/** Request bodies that are not JSON, each with a marker that must never come back. */
const NOT_JSON = [
  '{"query": "{ caller { name } }", MARKER-one-7c2a',
  'MARKER-two-7c2a',
  '{"query": "{ caller { name } }" "MARKER-three-7c2a": 1}',
  '{"query": "MARKER-four-7c2a',
];

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe.each(STORE_KINDS)('the HTTP edge on $name', (kind) => {
  const { g, server } = servedSecurityGateway(kind);

  describe('authentication', () => {
    it('answers 401 with a GraphQL JSON error and a Bearer challenge when no token is sent', async () => {
      const res = await fetch(`${server.url}/graphql`, json({ query: '{ caller { name } }' }));
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="idp-gateway"');
      expect(await res.json()).toEqual({
        errors: [
          {
            message: 'Authentication required: send "Authorization: Bearer <token>" with an API token of this gateway.',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
    });

    it('answers 401 to a wrong token, a malformed header and a token sent as Basic', async () => {
      for (const [authorization, message] of [
        ['Bearer not-the-token', 'The API token is not valid.'],
        [`Bearer ${g.tokens.admin}x`, 'The API token is not valid.'],
        ['Bearer', 'The Authorization header must be "Bearer <token>".'],
        [`Basic ${Buffer.from(`admin:${g.tokens.admin}`).toString('base64')}`, 'The Authorization header must be "Bearer <token>".'],
      ] as const) {
        const res = await fetch(`${server.url}/graphql`, json({ query: '{ caller { name } }' }, { authorization }));
        expect(res.status, authorization).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="idp-gateway", error="invalid_token"');
        expect((await res.json()).errors[0].message).toBe(message);
      }
    });

    it('answers a valid token, whatever the case of "Bearer"', async () => {
      const res = await fetch(
        `${server.url}/graphql`,
        json({ query: '{ caller { name role } }' }, { authorization: `bearer ${g.tokens.viewer}` }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { caller: { name: 'viewer', role: 'VIEWER' } } });
    });

    it("serves GraphiQL's page without a token (it holds no data), telling how to send one", async () => {
      const res = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<div id="root">');
      expect(html).toContain('Every request needs an API token');
      expect(html).toContain('Bearer <your API token>');
      // Its queries are requests like any other.
      const query = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ caller { name } }')}`, {
        headers: { 'x-graphql-csrf': '1' },
      });
      expect(query.status).toBe(401);
    });
  });

  describe('CSRF prevention', () => {
    const auth = () => ({ authorization: `Bearer ${g.tokens.admin}` });

    it(`refuses a GET without the x-graphql-csrf header, and answers it with the header`, async () => {
      const url = `${server.url}/graphql?query=${encodeURIComponent('{ caller { name } }')}`;
      const refused = await fetch(url, { headers: auth() });
      expect(refused.status).toBe(403);
      expect((await refused.json()).errors[0].message).toBe('Required CSRF header(s) not present');
      const answered = await fetch(url, { headers: { ...auth(), 'x-graphql-csrf': '1' } });
      expect(answered.status).toBe(200);
      expect(await answered.json()).toEqual({ data: { caller: { name: 'admin' } } });
    });

    it('refuses the POSTs a browser sends cross-site without asking (form, multipart, text/plain)', async () => {
      const mutation = `mutation { setCpanelDisplayConfiguration(input: { id: "${cpanelId('whm', 'google')}", service: CPANELD, color: "666666" }) { __typename } }`;
      const form = new URLSearchParams({ query: mutation });
      const multipart = new FormData();
      multipart.set('operations', JSON.stringify({ query: mutation }));
      for (const init of [
        { body: form },
        { body: multipart },
        { body: JSON.stringify({ query: mutation }), headers: { 'content-type': 'text/plain' } },
      ]) {
        const res = await fetch(`${server.url}/graphql`, { method: 'POST', ...init, headers: { ...auth(), ...init.headers } });
        expect(res.status).toBe(403);
      }
      expect(g.whm.requests.filter((r) => r.path.includes('set_provider'))).toHaveLength(0);
    });

    it('sends no CORS headers: a page on another origin can neither read answers nor send JSON', async () => {
      const preflight = await fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const res = await fetch(
        `${server.url}/graphql`,
        json({ query: '{ caller { name } }' }, { ...auth(), origin: 'https://evil.example' }),
      );
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('errors', () => {
    it('masks an unexpected error: a generic message, no stack, no internal detail, even with NODE_ENV=development', async () => {
      const reader = g.h.services.reader;
      const original = reader.read;
      const nodeEnv = process.env.NODE_ENV;
      reader.read = async () => {
        throw new Error('internal detail: /srv/secret/path at line 42');
      };
      process.env.NODE_ENV = 'development';
      try {
        const res = await fetch(
          `${server.url}/graphql`,
          json({ query: '{ identityProviders(first: 1) { totalCount } }' }, { authorization: `Bearer ${g.tokens.admin}` }),
        );
        const text = await res.text();
        expect(text).not.toMatch(/internal detail|secret\/path|stack|at .*\.ts/);
        expect(JSON.parse(text).errors).toEqual([
          {
            message: 'Unexpected error.',
            locations: expect.any(Array),
            path: ['identityProviders'],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ]);
      } finally {
        reader.read = original;
        process.env.NODE_ENV = nodeEnv;
      }
    });

    it('drops an originalError extension from any error, whatever raised it', async () => {
      const reader = g.h.services.reader;
      const original = reader.read;
      reader.read = async () => {
        throw new GraphQLError('Bad input.', {
          extensions: { code: 'BAD_REQUEST', originalError: { name: 'SyntaxError', message: 'MARKER-six-7c2a is not valid JSON' } },
        });
      };
      try {
        const res = await fetch(
          `${server.url}/graphql`,
          json({ query: '{ identityProviders(first: 1) { totalCount } }' }, { authorization: `Bearer ${g.tokens.admin}` }),
        );
        const text = await res.text();
        expect(text).not.toContain('MARKER');
        expect(text).not.toContain('originalError');
        expect(JSON.parse(text).errors).toEqual([
          { message: 'Bad input.', locations: expect.any(Array), path: ['identityProviders'], extensions: { code: 'BAD_REQUEST' } },
        ]);
      } finally {
        reader.read = original;
      }
    });

    it('keeps field suggestions outside production', async () => {
      const res = await g.as('admin')('{ caller { nam } }');
      expect(res.errors![0]!.message).toMatch(/Did you mean "name"\?/);
      // Every case the production switch must mask has one here.
      for (const { name, query, variables } of SUGGESTION_CASES) {
        const answer = await g.as('admin')(query, variables);
        expect(answer.errors?.map((e) => e.message).join(' '), name).toMatch(/Did you mean .*\?/);
      }
    });

    it('answers a body that is not JSON with a 400 and a code, never quoting the body', async () => {
      for (const contentType of ['application/json', 'application/graphql+json']) {
        for (const accept of ['application/json', 'application/graphql-response+json']) {
          for (const body of NOT_JSON) {
            const res = await fetch(`${server.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': contentType, accept, authorization: `Bearer ${g.tokens.admin}` },
              body,
            });
            const text = await res.text();
            expect(res.status, `${contentType} ${accept} ${body}`).toBe(400);
            expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
            expect(text).not.toContain('MARKER');
            expect(text).not.toContain('originalError');
            const answer = JSON.parse(text);
            expect(answer.errors).toEqual([
              { message: expect.stringMatching(/^The request body is not valid JSON\b/), extensions: { code: 'BAD_REQUEST' } },
            ]);
          }
        }
      }
      // A GET's variables too.
      const get = await fetch(
        `${server.url}/graphql?query=${encodeURIComponent('{ caller { name } }')}&variables=${encodeURIComponent('{MARKER-five-7c2a')}`,
        {
          headers: { authorization: `Bearer ${g.tokens.admin}`, 'x-graphql-csrf': '1' },
        },
      );
      const text = await get.text();
      expect(get.status).toBe(400);
      expect(text).not.toContain('MARKER');
      expect(JSON.parse(text).errors).toEqual([
        { message: 'The "variables" parameter of the GET request is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
      ]);
      // Nothing of it in the log either.
      expect(g.h.logLines.join('')).not.toContain('MARKER');
    });

    it('answers a POST of another content type 415 with a JSON error that says what is accepted', async () => {
      for (const [contentType, extra] of [
        ['text/plain', { 'x-graphql-csrf': '1' }],
        ['application/xml', {}],
        ['application/graphql-response+json', {}],
      ] as const) {
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': contentType, authorization: `Bearer ${g.tokens.admin}`, ...extra },
          body: JSON.stringify({ query: '{ caller { name } }' }),
        });
        expect(res.status, contentType).toBe(415);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const answer = await res.json();
        expect(answer.errors).toHaveLength(1);
        const [error] = answer.errors;
        expect(error.extensions).toMatchObject({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          acceptedContentTypes: ['application/json', 'application/graphql+json'],
          responseContentTypes: ['application/json', 'application/graphql-response+json'],
        });
        expect(error.message).toContain(`Content-Type "${contentType}" is not accepted`);
        for (const mentioned of ['application/json', 'application/graphql-response+json', 'GET'])
          expect(error.message).toContain(mentioned);
      }
      // Without the CSRF header, a text/plain POST is still a 403 first.
      const csrf = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${g.tokens.admin}` },
        body: '{}',
      });
      expect(csrf.status).toBe(403);
    });

    it('refuses an Accept header that takes no answer with a 406 saying what would, before anything runs (a mutation too)', async () => {
      const id = cpanelId('whm', 'google');
      const mutation = `mutation { setCpanelDisplayConfiguration(input: { id: "${id}", service: CPANELD, color: "0a0b0c" }) { __typename } }`;
      g.whm.clearRequests();
      for (const accept of [
        'text/plain',
        'text/html, image/*',
        'application/json;q=0, application/graphql-response+json;q=0',
        'application/xml',
      ]) {
        const res = await fetch(`${server.url}/graphql`, json({ query: mutation }, { authorization: `Bearer ${g.tokens.admin}`, accept }));
        expect(res.status, accept).toBe(406);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const [error] = (await res.json()).errors;
        expect(error.extensions).toEqual({
          code: 'NOT_ACCEPTABLE',
          responseContentTypes: ['application/json', 'application/graphql-response+json', 'text/event-stream', 'multipart/mixed'],
        });
        expect(error.message).toContain('nothing was run');
      }
      // Nothing reached WHM, and no change was recorded.
      expect(g.whm.requests).toEqual([]);
      const audit = await g.as('admin')('{ auditEvents(first: 10, operation: "setCpanelDisplayConfiguration") { edges { cursor } } }');
      expect(audit.data.auditEvents.edges).toEqual([]);
      // What any client sends is answered: wildcards, a type among several, a q above 0, no header at all.
      for (const accept of ['*/*', 'application/*', 'text/html, application/json;q=0.1', 'application/graphql-response+json', '']) {
        const res = await fetch(
          `${server.url}/graphql`,
          json({ query: '{ caller { name } }' }, { authorization: `Bearer ${g.tokens.admin}`, accept }),
        );
        expect(res.status, accept).toBe(200);
      }
    });
  });
});

describe.each(STORE_KINDS)('the production switch on $name', (kind) => {
  let store: Store;
  let production: SecurityGateway;
  let server: { url: string; close(): Promise<void> };
  let opened: SecurityGateway;

  beforeAll(async () => {
    store = await kind.open();
    // As securitySettings makes it for NODE_ENV=production or "production": true without overrides ...
    production = await startSecurityGateway(store, { production: true, graphiql: false, introspection: false });
    server = await serve(production.h);
    // ... and with "graphiql": true and "introspection": true in the config.
    opened = await startSecurityGateway(store, { production: true, graphiql: true, introspection: true });
  });
  afterAll(async () => {
    await server?.close();
    await production?.close();
    await opened?.close();
    await store?.close();
  });

  it('refuses introspection, also to an admin, and still answers __typename', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
      const res = await production.as('admin')(query);
      expect(res.data).toBeUndefined();
      expect(res.errors![0]!.message).toMatch(/GraphQL introspection has been disabled/);
    }
    expect((await production.as('admin')('{ __typename caller { name } }')).data).toEqual({
      __typename: 'Query',
      caller: { name: 'admin' },
    });
  });

  it('serves no GraphiQL page', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      headers: { accept: 'text/html', authorization: `Bearer ${production.tokens.admin}` },
    });
    expect(await res.text()).not.toContain('<div id="root">');
  });

  it('masks field suggestions', async () => {
    const res = await production.as('admin')('{ caller { nam } }');
    expect(res.errors![0]!.message).not.toMatch(/Did you mean/);
    expect(res.errors![0]!.message).toBe('Cannot query field "nam" on type "Caller".');
  });

  it('masks every "Did you mean" suggestion: arguments, types, enum values, input fields, in literals and variables', async () => {
    for (const gateway of [production, opened]) {
      for (const { name, query, variables } of SUGGESTION_CASES) {
        const res = await gateway.as('admin')(query, variables);
        expect(res.errors?.length, name).toBeGreaterThan(0);
        for (const error of res.errors!) {
          expect(error.message, name).not.toMatch(/Did you mean|Suggestion hidden/);
          expect(error.message, name).toMatch(/\.$/);
        }
      }
    }
    const enumValue = await production.as('admin')('{ identityProviders(vendor: CPANE) { totalCount } }');
    expect(enumValue.errors![0]!.message).toBe('Value "CPANE" does not exist in "Vendor" enum.');
  });

  it('never quotes a body that is not JSON, in production either', async () => {
    for (const body of NOT_JSON) {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${production.tokens.admin}` },
        body,
      });
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(text).not.toContain('MARKER');
      expect(text).not.toContain('originalError');
      expect(JSON.parse(text).errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
    }
  });

  it('turns GraphiQL and introspection back on when the config says so', async () => {
    const res = await opened.as('viewer')('{ __schema { queryType { name } } }');
    expect(res).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const page = await opened.h.yoga.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<div id="root">');
  });
});

describe.each(STORE_KINDS)('the sandbox (no tokens) on $name', (kind) => {
  const h = vendorGateway('cpanel', {
    kind,
    secret: WHM_TOKEN,
    actor: 'sandbox',
    gateway: { loopbackHostOnly: true, graphiqlBanner: '# SANDBOX: anonymous admin' },
  });
  const server = servedForSuite(h);

  it('treats every request as the anonymous admin, and says so in GraphiQL', async () => {
    const res = await fetch(`${server.url}/graphql`, json({ query: '{ caller { name role anonymous } }' }));
    expect(await res.json()).toEqual({ data: { caller: { name: 'sandbox', role: 'ADMIN', anonymous: true } } });
    const page = await (await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('# SANDBOX: anonymous admin');
  });

  it('still refuses a cross-site form POST (CSRF), which is what could reach a loopback sandbox', async () => {
    const mutation = `mutation { setCpanelDisplayConfiguration(input: { id: "${h.globalId('google')}", service: CPANELD, color: "666666" }) { __typename } }`;
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', body: new URLSearchParams({ query: mutation }) });
    expect(res.status).toBe(403);
    expect(h.emulator.requests.filter((r) => r.path.includes('set_provider'))).toHaveLength(0);
  });

  it('answers only requests addressed to a loopback name (no DNS rebinding)', async () => {
    const refused = await h.yoga.fetch('http://rebound.example/graphql', json({ query: '{ caller { name } }' }));
    expect(refused.status).toBe(403);
    expect((await refused.json()).errors[0].message).toMatch(/only requests to a loopback address/);
    for (const host of ['127.0.0.1:4000', 'localhost:4000', '[::1]:4000']) {
      const res = await h.yoga.fetch(`http://${host}/graphql`, json({ query: '{ caller { name } }' }));
      expect(res.status, host).toBe(200);
    }
  });
});
