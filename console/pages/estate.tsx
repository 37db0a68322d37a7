// The estate: every provider of every connection in one table, searched, filtered, sorted and paged by the gateway
// (identityProviders from its store, 50 a page, so 10 000 providers are as quick as 50); the connections' state
// streamed in one by one; the table refreshed live when a provider changes anywhere.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useQuery, useStream } from '../data.js';
import {
  EstateChangedSubscription,
  EstateConnectionsQuery,
  EstateQuery,
  type EstateRow as EstateRowFragment,
} from '../documents/estate.js';
import type { ResultOf } from '../graphql.js';
import { linkProps } from '../router.js';
import { Badge, ErrorBox, PageTitle, Select, TableScroll, VENDOR_LABELS, vendorLabel } from '../ui.js';

const PAGE_SIZE = 50;
type Row = ResultOf<typeof EstateRowFragment>;
type ConnectionGroup = ResultOf<typeof EstateConnectionsQuery>['identityProvidersByConnection'][number];

interface Filters {
  search: string;
  vendor: string;
  connectionId: string;
  protocol: string;
  enabled: string;
  expiring: string;
  orderBy: 'CONNECTION_KEY' | 'DISPLAY_NAME';
}

const NO_FILTERS: Filters = {
  search: '',
  vendor: '',
  connectionId: '',
  protocol: '',
  enabled: '',
  expiring: '',
  orderBy: 'CONNECTION_KEY',
};

/** Where the page is: the first page, after a cursor, or before one. */
type Cursor = { after?: string; before?: string };

export function EstatePage() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [searchText, setSearchText] = useState('');
  const [cursor, setCursor] = useState<Cursor>({});
  const set = (change: Partial<Filters>) => {
    setFilters((previous) => ({ ...previous, ...change }));
    setCursor({});
  };
  // Typing searches after a pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => searchText !== filters.search && set({ search: searchText }), 250);
    return () => clearTimeout(timer);
  }, [searchText]);

  const variables = useMemo(() => estateVariables(filters, cursor), [filters, cursor]);
  const estate = useQuery(EstateQuery, variables);
  const groups = useConnectionGroups();
  useLiveRefresh(estate.reload);

  const page = estate.data?.identityProviders;
  const rows = (page?.edges ?? []).flatMap((edge) => (edge?.node && 'id' in edge.node ? [edge.node as unknown as Row] : []));
  return (
    <section aria-labelledby="estate-title">
      <PageTitle>
        <span id="estate-title">Estate</span>
      </PageTitle>
      <ConnectionStrip groups={groups} />
      <search class="filters">
        <label class="field grow">
          <span>Search</span>
          <input
            type="search"
            name="search"
            placeholder="Name, key or client id"
            value={searchText}
            onInput={(event) => setSearchText((event.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <Select
          label="Vendor"
          value={filters.vendor}
          anyLabel="All vendors"
          choices={Object.entries(VENDOR_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(vendor) => set({ vendor })}
        />
        <Select
          label="Connection"
          value={filters.connectionId}
          anyLabel="All connections"
          choices={connectionChoices(groups)}
          onChange={(connectionId) => set({ connectionId })}
        />
        <Select
          label="Protocol"
          value={filters.protocol}
          anyLabel="Any protocol"
          choices={['OIDC', 'SAML', 'OAUTH2'].map((value) => ({ value, label: value }))}
          onChange={(protocol) => set({ protocol })}
        />
        <Select
          label="Enabled"
          value={filters.enabled}
          anyLabel="Enabled or not"
          choices={[
            { value: 'true', label: 'Enabled' },
            { value: 'false', label: 'Disabled' },
          ]}
          onChange={(enabled) => set({ enabled })}
        />
        <Select
          label="Certificate"
          value={filters.expiring}
          anyLabel="Any expiry"
          choices={['7', '30', '90'].map((days) => ({ value: days, label: `Expires within ${days} days` }))}
          onChange={(expiring) => set({ expiring })}
        />
        <Select
          label="Sort by"
          value={filters.orderBy}
          choices={[
            { value: 'CONNECTION_KEY', label: 'Connection, key' },
            { value: 'DISPLAY_NAME', label: 'Display name' },
          ]}
          onChange={(orderBy) => set({ orderBy: orderBy as Filters['orderBy'] })}
        />
      </search>
      <ErrorBox error={estate.error} title="The providers could not be read" />
      {page?.connectionErrors?.length ? (
        <p class="notice" role="status">
          Shown from the last known state: {page.connectionErrors.map((error) => `${error?.connectionId} (${error?.code})`).join(', ')}
        </p>
      ) : null}
      <div class="table-summary" aria-live="polite">
        {page ? `${page.totalCount ?? rows.length} providers` : estate.loading ? 'Loading...' : ''}
      </div>
      <TableScroll label="Providers table">
        <table class="estate" aria-busy={estate.loading}>
          <thead>
            <tr>
              <th scope="col">Display name</th>
              <th scope="col">Vendor</th>
              <th scope="col">Connection</th>
              <th scope="col">Protocol</th>
              <th scope="col">Enabled</th>
              <th scope="col">Client id</th>
              <th scope="col">Secret</th>
              <th scope="col">State</th>
              <th scope="col">Certificate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <EstateRow key={row.id} row={row} group={groups.get(row.connectionId ?? '')} />
            ))}
          </tbody>
        </table>
      </TableScroll>
      {rows.length === 0 && page ? <p class="empty">No provider matches.</p> : null}
      <nav class="pager" aria-label="Pages">
        <button
          type="button"
          disabled={!page?.pageInfo.hasPreviousPage}
          onClick={() => setCursor({ before: page?.pageInfo.startCursor ?? undefined })}
        >
          Previous
        </button>
        <button
          type="button"
          disabled={!page?.pageInfo.hasNextPage}
          onClick={() => setCursor({ after: page?.pageInfo.endCursor ?? undefined })}
        >
          Next
        </button>
      </nav>
    </section>
  );
}

function estateVariables(filters: Filters, cursor: Cursor) {
  return {
    ...(cursor.before ? { last: PAGE_SIZE, before: cursor.before } : { first: PAGE_SIZE, after: cursor.after ?? null }),
    search: filters.search.trim() || null,
    vendor: (filters.vendor || null) as 'CPANEL' | 'AKAMAI' | 'TWOSMS' | 'HUAWEI' | 'SLASHID' | null,
    connectionId: filters.connectionId || null,
    protocol: (filters.protocol || null) as 'OIDC' | 'SAML' | 'OAUTH2' | null,
    enabled: filters.enabled === '' ? null : filters.enabled === 'true',
    expiringWithinDays: filters.expiring ? Number(filters.expiring) : null,
    orderBy: filters.orderBy,
  };
}

/** A group's error once its deferred part arrived. */
function groupError(group: ConnectionGroup | undefined) {
  return group && 'error' in group ? group.error : null;
}

function EstateRow(props: { row: Row; group: ConnectionGroup | undefined }) {
  const { row } = props;
  const error = groupError(props.group);
  const daysLeft = (row.certificates ?? []).map((certificate) => certificate.daysLeft).filter((days): days is number => days != null);
  const soonest = daysLeft.length ? Math.min(...daysLeft) : null;
  const services = 'enabledServices' in row ? (row.enabledServices as string[] | null) : null;
  return (
    <tr>
      <td data-label="Display name">
        <div>
          <a {...linkProps(`/providers/${encodeURIComponent(row.id)}`)}>{row.displayName || row.key}</a>
          <div class="muted small">{row.key}</div>
        </div>
      </td>
      <td data-label="Vendor">{vendorLabel(row.vendor)}</td>
      <td data-label="Connection">{row.connectionId}</td>
      <td data-label="Protocol">{row.protocol}</td>
      <td data-label="Enabled">
        {services ? (services.length ? services.join(', ') : 'none') : row.enabled == null ? '' : row.enabled ? 'yes' : 'no'}
      </td>
      <td data-label="Client id" class="mono">
        {row.clientId ?? ''}
      </td>
      <td data-label="Secret">{row.hasClientSecret == null ? '' : row.hasClientSecret ? 'set' : 'not set'}</td>
      <td data-label="State">
        {row.stale ? <Badge tone="warn">stale</Badge> : null}
        {error ? (
          <Badge tone="bad" title={error.message ?? ''}>
            {error.code}
          </Badge>
        ) : null}
        {!row.stale && !error ? <Badge tone="ok">fresh</Badge> : null}
      </td>
      <td data-label="Certificate">
        {soonest == null ? '' : <Badge tone={soonest <= 7 ? 'bad' : soonest <= 30 ? 'warn' : 'muted'}>{soonest} days</Badge>}
      </td>
    </tr>
  );
}

/** The connections' groups as they stream in (fast vendors first); refreshed every minute. */
function useConnectionGroups(): Map<string, ConnectionGroup> {
  const [groups, setGroups] = useState(new Map<string, ConnectionGroup>());
  const [round, setRound] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setRound((value) => value + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  useStream(
    EstateConnectionsQuery,
    {},
    (result) => setGroups(new Map(result.identityProvidersByConnection.map((group) => [group.connectionId, group]))),
    { key: round },
  );
  return groups;
}

/** The table follows every provider change the caller may see (debounced: a batch of changes is one reload). */
function useLiveRefresh(reload: () => void): void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useStream(EstateChangedSubscription, {}, () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(reload, 300);
  });
}

function connectionChoices(groups: Map<string, ConnectionGroup>) {
  return [...groups.keys()].sort().map((id) => ({ value: id, label: `${id} (${vendorLabel(groups.get(id)?.vendor)})` }));
}

/** More connections than this: the strip sums them up and lists only those with an error or still waiting. */
const STRIP_LIMIT = 12;

/** The strip of connections above the table: each one's state as soon as its vendor answered. */
function ConnectionStrip(props: { groups: Map<string, ConnectionGroup> }) {
  const all = [...props.groups.values()];
  if (!all.length) return <p class="muted">Reading the connections...</p>;
  const state = (group: ConnectionGroup) => (!('stale' in group) ? 'waiting' : groupError(group) ? 'error' : 'ok');
  const shown = all.length > STRIP_LIMIT ? all.filter((group) => state(group) !== 'ok').slice(0, STRIP_LIMIT) : all;
  const count = (wanted: string) => all.filter((group) => state(group) === wanted).length;
  return (
    <div class="connection-strip-box">
      {all.length > STRIP_LIMIT ? (
        <p class="muted small" aria-live="polite">
          {all.length} connections: {count('ok')} read, {count('error')} failing, {count('waiting')} waiting for their vendor
        </p>
      ) : null}
      <ul class="connection-strip" aria-label="Connections">
        {shown.map((group) => {
          const error = groupError(group);
          return (
            <li key={group.connectionId} data-connection={group.connectionId} data-state={state(group)}>
              <span class="name">{group.connectionId}</span>{' '}
              {state(group) === 'waiting' ? (
                <Badge tone="muted">waiting for the vendor</Badge>
              ) : error ? (
                <Badge tone="bad" title={error.message ?? ''}>
                  {error.code}
                </Badge>
              ) : (
                <Badge tone="ok">read</Badge>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
