// The paging rules around @pothos/plugin-relay's connection helpers (src/graphql/paging.ts): the page-size
// limits reach the helpers (their own maxSize of 100 would cut a page of 200), old offset cursors still
// work, other cursors are refused naming `after`, and an empty page has null cursors.
import { resolveArrayConnection, resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { forwardPage, offsetAfter, withoutEmptyPageCursors } from '../../src/graphql/paging.js';

const items = Array.from({ length: 300 }, (_, index) => index);

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof ValidationError ? error.fieldErrors[0]?.path.join('.') : `not a ValidationError: ${String(error)}`;
  }
  return undefined;
}

describe('paging around the Pothos connection helpers', () => {
  it('pages 50 by default and up to 200, also through the helpers', async () => {
    expect(resolveArrayConnection(forwardPage({}), items).edges).toHaveLength(50);
    const full = resolveArrayConnection(forwardPage({ first: 200 }), items);
    expect(full.edges).toHaveLength(200);
    expect(full.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const asked: number[] = [];
    await resolveCursorConnection(
      { ...forwardPage({ first: 200 }), toCursor: (n: number) => String(n) },
      async ({ limit }: ResolveCursorConnectionArgs) => {
        asked.push(limit);
        return items.slice(0, limit);
      },
    );
    expect(asked).toEqual([201]);
  });

  it('refuses a page size outside 1..200 naming `first`, before `after` is read', () => {
    for (const first of [0, -1, 201, 1.5]) expect(fieldOf(() => forwardPage({ first, after: 'not a cursor' }, offsetAfter))).toBe('first');
  });

  it('reads its own offset cursors and the ones handed out before, and refuses any other naming `after`', () => {
    const second = resolveArrayConnection(forwardPage({ first: 1 }), items).pageInfo.endCursor;
    expect(resolveArrayConnection(forwardPage({ first: 1, after: second }, offsetAfter), items).edges[0]?.node).toBe(1);
    // base64url "offset:0", as the gateway's own paging wrote it before the helpers did.
    expect(resolveArrayConnection(forwardPage({ first: 1, after: 'b2Zmc2V0OjA' }, offsetAfter), items).edges[0]?.node).toBe(1);
    for (const after of ['zzz', Buffer.from('offset:-1').toString('base64url'), Buffer.from('OffsetConnection:x').toString('base64')]) {
      expect(
        fieldOf(() => offsetAfter(after)),
        after,
      ).toBe('after');
    }
    const far = Buffer.from(`offset:${'9'.repeat(30)}`).toString('base64url');
    expect(resolveArrayConnection(forwardPage({ after: far }, offsetAfter), items)).toMatchObject({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
  });

  it('gives an empty page null cursors', () => {
    const empty = withoutEmptyPageCursors(resolveArrayConnection(forwardPage({}), []));
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
    const page = withoutEmptyPageCursors(resolveArrayConnection(forwardPage({ first: 2 }), items));
    expect([page.pageInfo.startCursor, page.pageInfo.endCursor]).toEqual(page.edges.map((edge) => edge?.cursor));
  });
});
