// The paging rules of this API's connections, around @pothos/plugin-relay's helpers (resolveArrayConnection,
// resolveCursorConnection), which build the edges and pageInfo. Here only what those helpers do not decide:
// the page-size limits, which cursors are accepted (and the error naming `after` otherwise), the audit keyset
// cursor, and null cursors on an empty page.
import { offsetToCursor, type PageInfoShape } from '@pothos/plugin-relay';
import { ValidationError } from '../core/errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Ids in one `nodes(ids:)` call. */
export const MAX_NODE_IDS = 100;

/**
 * No unbounded lists: `first` defaults to 50 and may not exceed 200. Checked here because the helpers' `maxSize`
 * would cut a larger page silently, and they accept 0.
 */
function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError([{ path: ['first'], message: `first must be between 1 and ${MAX_PAGE_SIZE}` }]);
  }
  return first;
}

/** Options of Pothos' connection helpers for one page, read forwards. */
export interface ForwardPage {
  args: { first: number; after?: string };
  defaultSize: number;
  maxSize: number;
}

/**
 * One page as the helpers' options: `first` checked before `after` is read (by the list's own cursor rule).
 * The limits go along as `defaultSize`/`maxSize`: the helpers' own are 20 and 100. Forwards only, as always:
 * `last` and `before` (in the schema of every Pothos connection) have never been read and are not handed on.
 */
export function forwardPage(
  args: { first?: number | null; after?: string | null },
  readAfter: (after: string | null | undefined) => string | undefined = (after) => after ?? undefined,
): ForwardPage {
  const first = pageSize(args.first);
  return { args: { first, after: readAfter(args.after) }, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE };
}

function refusedCursor(): ValidationError {
  return new ValidationError([{ path: ['after'], message: 'after is not a cursor this query returned' }]);
}

/** An empty page has no first or last edge, so no cursors (the helpers would give `after`, '' or an offset). */
export function withoutEmptyPageCursors<Page extends { edges: readonly unknown[]; pageInfo: PageInfoShape }>(page: Page): Page {
  if (page.edges.length > 0) return page;
  return { ...page, pageInfo: { ...page.pageInfo, startCursor: null, endCursor: null } };
}

const OFFSET_CURSOR = /^(?:OffsetConnection:|offset:)(\d+)$/;

/**
 * `after` of an offset-paged list (providers across connections, assembled in memory), as resolveArrayConnection
 * reads it. Its cursors are base64 "OffsetConnection:<n>"; those handed out before it were base64url "offset:<n>"
 * and still work (Node's base64 decoder reads both alphabets). Anything else is refused here, naming `after`:
 * the helper would throw its own error, or read a garbled number as NaN.
 */
export function offsetAfter(after: string | null | undefined): string | undefined {
  if (!after) return undefined;
  const match = OFFSET_CURSOR.exec(Buffer.from(after, 'base64').toString('utf8'));
  if (!match) throw refusedCursor();
  // Every offset past a real list gives the same empty page; capped so that the helper's parseInt reads it back.
  return offsetToCursor(Math.min(Number(match[1]), Number.MAX_SAFE_INTEGER));
}

const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A keyset cursor over (started_at, id), resolveCursorConnection's `toCursor`; the time is kept exactly as the
 * store gives it (microseconds). Clients hold these: the encoding must not change.
 */
export function encodeAuditCursor(position: { startedAt: string; id: string }): string {
  return Buffer.from(`${position.startedAt}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeAuditCursor(cursor: string | null | undefined): { startedAt: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [startedAt = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length || !EXACT_TIME.test(startedAt) || Number.isNaN(Date.parse(startedAt)) || !UUID.test(id)) throw refusedCursor();
  return { startedAt, id };
}
