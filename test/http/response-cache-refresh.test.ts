// The response cache leaves `refresh: true` reads alone (issue 15.7): told from the parsed operation and its
// variables before it runs (http/response-cache.ts readsVendorsNow), such an answer is neither walked nor
// stored. What shows it: a stored answer carries the cache's ETag header; a refresh's answer has none, while
// the same page without `refresh` has one.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readsVendorsNow } from '../../src/http/response-cache.js';
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

  it('stores a plain read (ETag) and not a refresh (no ETag), literal or variable', async () => {
    const PAGE = 'query ($r: Boolean) { identityProviders(refresh: $r) { totalCount } }';
    expect(await post('{ identityProviders(refresh: true) { totalCount } }')).toBeNull();
    expect(await post(PAGE, { r: true })).toBeNull();
    expect(await post(PAGE, { r: false })).toEqual(expect.any(String));
    expect(await post('{ identityProviders { totalCount } }')).toEqual(expect.any(String));
  });
});
