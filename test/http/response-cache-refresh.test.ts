// The response cache leaves `refresh: true` reads alone (issue 15.7): told from the parsed operation and its
// variables before it runs (http/response-cache.ts readsVendorsNow), such an answer is neither walked nor
// stored. What shows it: a stored answer carries the cache's ETag header; a refresh's answer has none, while
// the same page without `refresh` has one.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isCacheableRead, readsVendorsNow } from '../../src/http/response-cache.js';
import { vendorGateway } from '../support/vendor-gateway.js';

describe('readsVendorsNow', () => {
  const asks = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
    readsVendorsNow(parse(query), operationName, variables);

  it('sees `refresh: true` on a root field, as a literal or a variable', () => {
    expect(asks('{ identityProviders(refresh: true) { totalCount } }')).toBe(true);
    expect(asks('query ($r: Boolean) { identityProviders(refresh: $r) { totalCount } }', { r: true })).toBe(true);
    expect(asks('{ a: connections { id } b: identityProviders(first: 5, refresh: true) { totalCount } }')).toBe(true);
  });

  it('sees it through fragments at the root', () => {
    expect(asks('{ ... on Query { identityProviders(refresh: true) { totalCount } } }')).toBe(true);
    expect(asks('query { ...F } fragment F on Query { identityProviders(refresh: true) { totalCount } }')).toBe(true);
  });

  it('is false without it, with it false, below the root, or for another operation of the document', () => {
    expect(asks('{ identityProviders { totalCount } }')).toBe(false);
    expect(asks('{ identityProviders(refresh: false) { totalCount } }')).toBe(false);
    expect(asks('query ($r: Boolean) { identityProviders(refresh: $r) { totalCount } }', { r: false })).toBe(false);
    expect(asks('query ($r: Boolean) { identityProviders(refresh: $r) { totalCount } }', {})).toBe(false);
    expect(asks('{ connections { health(refresh: true) { status } } }')).toBe(false);
    const two = 'query Fresh { identityProviders(refresh: true) { totalCount } } query Cached { identityProviders { totalCount } }';
    expect(asks(two, {}, 'Cached')).toBe(false);
    expect(asks(two, {}, 'Fresh')).toBe(true);
  });
});

describe('isCacheableRead', () => {
  const cacheable = (query: string, variables: Record<string, unknown> = {}) => isCacheableRead(parse(query), undefined, variables);

  it('takes queries of provider reads only, through fragments, `__typename` beside them', () => {
    expect(cacheable('{ identityProviders { totalCount } }')).toBe(true);
    expect(cacheable('{ __typename a: identityProvider(id: "x") { __typename } b: nodes(ids: []) { id } }')).toBe(true);
    expect(cacheable('query { ...F } fragment F on Query { node(id: "x") { id } }')).toBe(true);
  });

  it('refuses anything else at the root, a refresh, a mutation or a query of nothing cached', () => {
    expect(cacheable('{ identityProviders { totalCount } caller { name } }')).toBe(false);
    expect(cacheable('{ ... on Query { auditEvents { totalCount } } identityProviders { totalCount } }')).toBe(false);
    expect(cacheable('{ identityProviders(refresh: true) { totalCount } }')).toBe(false);
    expect(cacheable('{ __typename }')).toBe(false);
    expect(cacheable('mutation { __typename }')).toBe(false);
  });
});

describe('response cache and refresh: true', () => {
  const h = vendorGateway('twosms', { connection: { minRefreshIntervalSeconds: 0, cacheTtlSeconds: 3_600, readBudgetMs: 60_000 } });

  const post = async (query: string, variables?: Record<string, unknown>) => {
    const res = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.identityProviders.totalCount).toBeGreaterThan(0);
    return res.headers.get('etag');
  };

  it('answers If-None-Match with 304 while the answer is cached, and in full once anything changed', async () => {
    const PAGE = '{ identityProviders { totalCount } }';
    await post(PAGE); // the connection's first read changes the snapshots: that answer is not stored
    const etag = await post(PAGE);
    expect(etag).toEqual(expect.any(String));
    const conditional = () =>
      h.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'if-none-match': etag! },
        body: JSON.stringify({ query: PAGE }),
      });
    const unchanged = await conditional();
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(await unchanged.text()).toBe('');
    h.services.reader.cache.forceRead(); // what every change of a snapshot does to the cache's version
    const changed = await conditional();
    expect(changed.status).toBe(200);
    expect((await changed.json()).data.identityProviders.totalCount).toBeGreaterThan(0);
  });

  it('does not store a streamed answer (@stream) nor one that also asks for something else', async () => {
    const streamed = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
      body: JSON.stringify({ query: '{ identityProviders { ... @defer { totalCount } } }' }),
    });
    expect(streamed.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    expect(streamed.headers.get('etag')).toBeNull();
    expect(await streamed.text()).toContain('totalCount');
    const mixed = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ identityProviders { totalCount } caller { name } }' }),
    });
    expect(mixed.status).toBe(200);
    expect(mixed.headers.get('etag')).toBeNull();
  });

  it('stores a plain read (ETag) and not a refresh (no ETag), literal or variable', async () => {
    const PAGE = 'query ($r: Boolean) { identityProviders(refresh: $r) { totalCount } }';
    expect(await post('{ identityProviders(refresh: true) { totalCount } }')).toBeNull();
    expect(await post(PAGE, { r: true })).toBeNull();
    expect(await post(PAGE, { r: false })).toEqual(expect.any(String));
    expect(await post('{ identityProviders { totalCount } }')).toEqual(expect.any(String));
  });
});
