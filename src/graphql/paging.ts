// Page sizes and keyset cursors shared by the paged queries.
import { ValidationError } from '../core/errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Ids in one `nodes(ids:)` call. */
export const MAX_NODE_IDS = 100;

/** No unbounded lists: `first` defaults to 50 and may not exceed 200. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError([{ path: ['first'], message: `first must be between 1 and ${MAX_PAGE_SIZE}` }]);
  }
  return first;
}

const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A keyset cursor over (started_at, id); the time is kept exactly as the store gives it (microseconds). */
export function encodeCursor(position: { startedAt: string; id: string }): string {
  return Buffer.from(`${position.startedAt}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): { startedAt: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [startedAt = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length || !EXACT_TIME.test(startedAt) || Number.isNaN(Date.parse(startedAt)) || !UUID.test(id)) {
    throw new ValidationError([{ path: ['after'], message: 'after is not a cursor this query returned' }]);
  }
  return { startedAt, id };
}

/** Offset cursors for lists the gateway assembles in memory (providers across connections). */
export function encodeOffset(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

export function decodeOffset(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ValidationError([{ path: ['after'], message: 'after is not a cursor this query returned' }]);
  return Number(match[1]) + 1;
}
