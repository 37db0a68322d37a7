// identityProviders' search, filters and orders, answered by the store: one SQL statement on provider_snapshots
// gives a page (keyset, in a stable order) and the number of matching rows, through the columns the database
// derives from each snapshot's state and their indexes (tables.ts, migration 0004), never by listing every
// snapshot into JavaScript. Which snapshots may be shown (connections, freshness) is the caller's to decide.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { NormalizedProvider, ProviderProtocol } from '../model/provider.js';
import type { VendorKey } from '../model/vendor-key.js';
import type { Db } from './db.js';
import type { Snapshot } from './snapshots.js';
import { providerSnapshots } from './tables.js';

/** CONNECTION_KEY: the connections in the order given, then key. DISPLAY_NAME: case-insensitive name, then connection id and key. */
export type ProviderOrder = 'CONNECTION_KEY' | 'DISPLAY_NAME';

/** Where a row stands in its order: what a keyset cursor holds. */
export type ProviderPosition =
  | { order: 'CONNECTION_KEY'; connectionId: string; key: string }
  /** `name` is the lowered display name as the store lowered it (returned with each row). */
  | { order: 'DISPLAY_NAME'; name: string; connectionId: string; key: string };

export interface ProviderSearch {
  /** The connections searched, in the order CONNECTION_KEY lists them. */
  connectionIds: readonly string[];
  /** A case-insensitive substring of the display name, key or client id; `%`, `_` and `\` are literal. */
  search?: string | null;
  enabled?: boolean | null;
  protocol?: ProviderProtocol | null;
  /**
   * Only providers holding a certificate that ends within this many days from now, or has ended (the certificate
   * scan's column, trusted only where it was read at the row's version: core/certificates/scanner.ts).
   */
  certificateExpiresWithinDays?: number | null;
  order: ProviderOrder;
  /** Rows after this position (the order must be `order`; for CONNECTION_KEY its connection one of `connectionIds`). */
  after?: ProviderPosition;
  limit: number;
}

export interface ProviderSearchRow {
  snapshot: Snapshot;
  position: ProviderPosition;
}

export interface ProviderSearchPage {
  /** Every matching row, whatever the page. */
  totalCount: number;
  rows: ProviderSearchRow[];
}

/** A LIKE pattern that matches `text` anywhere, every character of it literal. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A text[] literal ('{"a","b"}'): one parameter however many connections there are. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

const s = providerSnapshots;
/** The DISPLAY_NAME order's first key; the same expression as provider_snapshots_name_order_idx, so the index serves it. */
const nameOrder = sql<string>`lower(${s.displayName}) collate "C"`;
const connectionOrder = sql`${s.connectionId} collate "C"`;
const keyOrder = sql`${s.providerKey} collate "C"`;

function filters(query: ProviderSearch): SQL | undefined {
  return and(
    // Trigram index provider_snapshots_search_idx (gin_trgm_ops serves ILIKE).
    query.search != null ? sql`${s.searchText} ilike ${containsPattern(query.search)} escape '\\'` : undefined,
    query.enabled != null ? eq(s.enabled, query.enabled) : undefined,
    query.protocol != null ? eq(s.protocol, query.protocol) : undefined,
    query.certificateExpiresWithinDays != null
      ? sql`${s.certificatesVersion} = ${s.version} and ${s.certificateNotAfter} < now() + ${query.certificateExpiresWithinDays}::int * interval '1 day'`
      : undefined,
  );
}

/**
 * The connections searched, as a table: `scope(id, ordinal)`, the ordinal being the connection's place in the
 * CONNECTION_KEY order. Joined, not `connection_id = any(...)`: PostgreSQL plans an ANY of 1 000 ids in ~2.5 ms
 * (a selectivity per element), a join in ~0.1 ms, and the ordinal walks the primary key in order.
 */
function scopeTable(connectionIds: readonly string[]): SQL {
  return sql`unnest(${textArrayLiteral(connectionIds)}::text[]) with ordinality as scope(id, ordinal)`;
}
const inScope = sql`${s.connectionId} = scope.id`;

/**
 * The statement of searchProviderSnapshots: the count of matching rows and the page side by side (a left join,
 * so an empty page still brings the count). Exported for EXPLAIN (`db.execute(sql`explain ${statement}`)`).
 */
export function providerSearchStatement(db: Db, query: ProviderSearch) {
  const where = filters(query);
  const total = db
    .select({ count: sql<number>`count(*)::int`.as('count') })
    .from(s)
    .innerJoin(scopeTable(query.connectionIds), inScope)
    .where(where)
    .as('total');
  const columns = {
    connectionId: s.connectionId,
    providerKey: s.providerKey,
    vendor: s.vendor,
    state: s.state,
    version: s.version,
    fetchedAt: s.fetchedAt,
    name: sql<string>`lower(${s.displayName})`.as('name'),
  };
  const pageQuery = (keyset: SQL | undefined) => db.select(columns).from(s).where(and(where, keyset)).$dynamic();
  const after = query.after;
  let page: ReturnType<typeof pageQuery>;
  if (query.order === 'DISPLAY_NAME') {
    if (after && after.order !== 'DISPLAY_NAME') throw new Error('a CONNECTION_KEY position cannot page a DISPLAY_NAME order');
    const keyset = after && sql`(${nameOrder}, ${connectionOrder}, ${keyOrder}) > (${after.name}, ${after.connectionId}, ${after.key})`;
    if (query.search != null) {
      // The search finds few rows through its index: joined to the scope and sorted.
      page = pageQuery(keyset).innerJoin(scopeTable(query.connectionIds), inScope);
    } else {
      // Without a search, the name index is walked in order and the walk stops at the limit: the scope is then a
      // filter (hashed by PostgreSQL), since a join would give up the index's order.
      const connections = sql`${textArrayLiteral(query.connectionIds)}::text[]`;
      page = pageQuery(and(sql`${s.connectionId} = any(${connections})`, keyset));
    }
    page = page.orderBy(nameOrder, connectionOrder, keyOrder);
  } else {
    if (after && after.order !== 'CONNECTION_KEY') throw new Error('a DISPLAY_NAME position cannot page a CONNECTION_KEY order');
    const afterOrdinal = after ? query.connectionIds.indexOf(after.connectionId) + 1 : 0;
    if (after && afterOrdinal === 0) throw new Error(`connection "${after.connectionId}" is not one of the connections searched`);
    const keyset = after && sql`(scope.ordinal, ${keyOrder}) > (${afterOrdinal}, ${after.key})`;
    page = pageQuery(keyset).innerJoin(scopeTable(query.connectionIds), inScope).orderBy(sql`scope.ordinal`, keyOrder);
  }
  const limited = page.limit(query.limit).as('page');
  return db
    .select({
      total: total.count,
      connectionId: limited.connectionId,
      providerKey: limited.providerKey,
      vendor: limited.vendor,
      state: limited.state,
      version: limited.version,
      fetchedAt: limited.fetchedAt,
      name: limited.name,
    })
    .from(total)
    .leftJoin(limited, sql`true`);
}

/** One page of the snapshots of `connectionIds` that match, after `after`, and how many match in all: one statement. */
export async function searchProviderSnapshots(db: Db, query: ProviderSearch): Promise<ProviderSearchPage> {
  if (query.connectionIds.length === 0) return { totalCount: 0, rows: [] };
  const rows = await providerSearchStatement(db, query);
  return {
    totalCount: Number(rows[0]?.total ?? 0),
    rows: rows.flatMap((row) => {
      // The one row of an empty page: the count, nothing joined.
      if (row.connectionId === null || row.providerKey === null || row.state === null) return [];
      const snapshot: Snapshot = {
        connectionId: row.connectionId,
        vendor: row.vendor as VendorKey,
        provider: row.state as NormalizedProvider,
        version: row.version!,
        fetchedAt: row.fetchedAt!,
      };
      const position: ProviderPosition =
        query.order === 'DISPLAY_NAME'
          ? { order: 'DISPLAY_NAME', name: row.name!, connectionId: row.connectionId, key: row.providerKey }
          : { order: 'CONNECTION_KEY', connectionId: row.connectionId, key: row.providerKey };
      return [{ snapshot, position }];
    }),
  };
}
