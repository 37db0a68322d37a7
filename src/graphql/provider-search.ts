// identityProviders with search, filters or an order (`search`, `enabled`, `protocol`, `certificateExpiresWithinDays`,
// `orderBy`): the reader first makes the connections' snapshots as fresh as its rules say (as the plain list does;
// for the certificate filter the certificate scan follows, core/certificates/scanner.ts), then one SQL statement
// (store/provider-search.ts) gives the page and totalCount, with keyset cursors stable in that order.
// Without any of these arguments the list stays as it was (the reader's snapshots, paged by offset in memory).
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { Connection } from '../core/connections.js';
import { ValidationError } from '../core/errors.js';
import { certificateScannerOf } from '../core/certificates/scanner.js';
import { toView } from '../core/reads/provider-reader.js';
import type { ProviderView } from '../core/vendor-contract/adapter.js';
import type { ProviderProtocol } from '../model/provider.js';
import { type ProviderOrder, type ProviderPosition, searchProviderSnapshots } from '../store/provider-search.js';
import { builder, type GraphQLContext } from './builder.js';
import { forwardPage, withoutEmptyPageCursors } from './paging.js';
import { runAtVendorPriority } from '../core/vendor-http/request-limiter.js';

/** Longer searches are refused: no name, key or client id a console looks for is longer. */
export const MAX_SEARCH_LENGTH = 200;

export const ProviderOrderEnum = builder.enumType('ProviderOrder', {
  description: 'The order of identityProviders.',
  values: {
    CONNECTION_KEY: { description: 'By connection (in the configuration order), then provider key: the default.' },
    DISPLAY_NAME: { description: 'By display name, case-insensitive, then connection id and provider key.' },
  } as const,
});

export interface ProviderSearchArgs {
  search?: string | null;
  enabled?: boolean | null;
  protocol?: ProviderProtocol | null;
  certificateExpiresWithinDays?: number | null;
  orderBy?: ProviderOrder | null;
}

/** Whether the list is answered by the store's search (any of its arguments given) instead of the in-memory list. */
export function wantsProviderSearch(args: ProviderSearchArgs): boolean {
  return (
    args.search != null ||
    args.enabled != null ||
    args.protocol != null ||
    args.certificateExpiresWithinDays != null ||
    args.orderBy != null
  );
}

/** The longest `certificateExpiresWithinDays` (ten years): no certificate is issued for longer. */
export const MAX_CERTIFICATE_WITHIN_DAYS = 3_650;

/** `certificateExpiresWithinDays` as the store takes it; refused (naming it) when negative or over ten years. */
function checkedCertificateDays(days: number | null | undefined): number | null {
  if (days == null) return null;
  if (!Number.isInteger(days) || days < 0 || days > MAX_CERTIFICATE_WITHIN_DAYS) {
    throw new ValidationError([
      {
        path: ['certificateExpiresWithinDays'],
        message: `certificateExpiresWithinDays must be a whole number of days from 0 to ${MAX_CERTIFICATE_WITHIN_DAYS}`,
      },
    ]);
  }
  return days;
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** `search` as the store takes it; refused (naming `search`) when too long or holding a control character. */
function checkedSearch(search: string | null | undefined): string | null {
  if (search == null) return null;
  if ([...search].length > MAX_SEARCH_LENGTH) {
    throw new ValidationError([{ path: ['search'], message: `search may be at most ${MAX_SEARCH_LENGTH} characters` }]);
  }
  // The argument guard (http/argument-guard.ts) refuses these first; the store's search text joins its fields
  // with line breaks and cannot hold a NUL, so the rule is kept here too.
  if (CONTROL_CHARACTER.test(search)) {
    throw new ValidationError([{ path: ['search'], message: 'search may not contain control characters' }]);
  }
  return search;
}

const CURSOR_PREFIX = 'ProviderKeyset:';
const cursorShape = z.union([
  z.tuple([z.literal('CONNECTION_KEY'), z.string(), z.string()]),
  z.tuple([z.literal('DISPLAY_NAME'), z.string(), z.string(), z.string()]),
]);

/** A keyset cursor: base64url of "ProviderKeyset:" and the position as JSON. Clients hold these: the encoding must not change. */
export function encodeProviderCursor(position: ProviderPosition): string {
  const fields =
    position.order === 'DISPLAY_NAME'
      ? [position.order, position.name, position.connectionId, position.key]
      : [position.order, position.connectionId, position.key];
  return Buffer.from(CURSOR_PREFIX + JSON.stringify(fields), 'utf8').toString('base64url');
}

function refusedCursor(): ValidationError {
  return new ValidationError([{ path: ['after'], message: 'after is not a cursor this query returned' }]);
}

/**
 * `after` read back: refused (naming `after`) unless it is a cursor of this order, and, for CONNECTION_KEY,
 * of a connection searched now (its place in the order is that connection's place in the list).
 */
export function decodeProviderCursor(
  cursor: string | null | undefined,
  order: ProviderOrder,
  connectionIds: readonly string[],
): ProviderPosition | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(CURSOR_PREFIX)) throw refusedCursor();
  let fields: z.infer<typeof cursorShape>;
  try {
    fields = cursorShape.parse(JSON.parse(text.slice(CURSOR_PREFIX.length)));
  } catch {
    throw refusedCursor();
  }
  if (fields[0] !== order) throw refusedCursor();
  if (fields[0] === 'DISPLAY_NAME') return { order: fields[0], name: fields[1], connectionId: fields[2], key: fields[3] };
  if (!connectionIds.includes(fields[1])) throw refusedCursor();
  return { order: fields[0], connectionId: fields[1], key: fields[2] };
}

/**
 * The page of `connections` the search arguments ask for. Every argument is checked before any vendor is
 * read; then the reader (fresh snapshots, or a vendor read within the read budget), then the store's search.
 * A connection the reader could not read shows its snapshots marked stale, with its connectionErrors entry.
 */
export async function resolveProviderSearch(
  ctx: GraphQLContext,
  connections: Connection[],
  args: ProviderSearchArgs & { first?: number | null; after?: string | null; refresh?: boolean | null },
) {
  const search = checkedSearch(args.search);
  const certificateExpiresWithinDays = checkedCertificateDays(args.certificateExpiresWithinDays);
  const order = args.orderBy ?? 'CONNECTION_KEY';
  const page = forwardPage(args);
  const connectionIds = connections.map((c) => c.id);
  const after = decodeProviderCursor(page.args.after, order, connectionIds);
  const reads = await runAtVendorPriority('low', () => ctx.services.reader.read(connections, { refresh: args.refresh ?? false }));
  // The certificate columns brought up to the snapshots just read (one query when nothing is behind).
  if (certificateExpiresWithinDays != null) await certificateScannerOf(ctx.services).scan();
  const failed = new Set(reads.filter((read) => read.error).map((read) => read.connection.id));
  // An unchanged snapshot keeps the time it was written: the connection's last read confirms it since.
  const confirmedAt = new Map(reads.map((read) => [read.connection.id, read.syncedAt]));
  const positions = new WeakMap<ProviderView, ProviderPosition>();
  let totalCount = 0;
  const connection = await resolveCursorConnection(
    { ...page, toCursor: (view: ProviderView) => encodeProviderCursor(positions.get(view)!) },
    // `limit` is the page plus one, which tells the helper whether there is a next page.
    async ({ limit }: ResolveCursorConnectionArgs) => {
      const found = await searchProviderSnapshots(ctx.services.db, {
        connectionIds,
        search,
        enabled: args.enabled,
        protocol: args.protocol,
        certificateExpiresWithinDays,
        order,
        after,
        limit,
      });
      totalCount = found.totalCount;
      return found.rows.map(({ snapshot, position }) => {
        const view = toView(snapshot, failed.has(snapshot.connectionId), confirmedAt.get(snapshot.connectionId) ?? null);
        positions.set(view, position);
        return view;
      });
    },
  );
  return {
    ...withoutEmptyPageCursors(connection),
    totalCount,
    connectionErrors: reads.flatMap((read) => (read.error ? [{ connection: read.connection, error: read.error }] : [])),
  };
}
