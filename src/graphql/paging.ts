// Page sizes and keyset cursors shared by the paged queries.
import { ValidationError } from '../core/errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** No unbounded lists: `first` defaults to 50 and may not exceed 200. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError([{ path: ['first'], message: `first must be between 1 and ${MAX_PAGE_SIZE}` }]);
  }
  return first;
}

export function encodeCursor(row: { startedAt: Date; id: string }): string {
  return Buffer.from(`${row.startedAt.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): { startedAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(time ?? '');
  if (!id || Number.isNaN(startedAt.getTime())) {
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
