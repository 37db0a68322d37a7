// Activity: the audit feed, newest first, filtered by vendor, connection, status, kind and actor; new events arrive
// live at the top (auditEventAdded with the same filters) and are marked new for a moment.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ChangeList } from '../changes.js';
import { useQuery, useStream } from '../data.js';
import { ActivityQuery, ActivitySubscription } from '../documents/activity.js';
import type { ResultOf } from '../graphql.js';
import { linkProps } from '../router.js';
import { Badge, ErrorBox, PageTitle, Select, VENDOR_LABELS, vendorLabel } from '../ui.js';
import './activity.css';

type ActivityEvent = NonNullable<
  NonNullable<NonNullable<NonNullable<ResultOf<typeof ActivityQuery>['auditEvents']>['edges']>[number]>['node']
>;
type Vendor = 'CPANEL' | 'AKAMAI' | 'TWOSMS' | 'HUAWEI' | 'SLASHID';
type Status = 'DRY_RUN' | 'FAILED' | 'PENDING' | 'REJECTED' | 'SUCCEEDED' | 'UNKNOWN';

const STATUSES: Status[] = ['SUCCEEDED', 'FAILED', 'REJECTED', 'DRY_RUN', 'PENDING', 'UNKNOWN'];
const PAGE_SIZE = 50;

export function statusTone(status: string | null | undefined): 'ok' | 'warn' | 'bad' | 'muted' {
  if (status === 'SUCCEEDED') return 'ok';
  if (status === 'FAILED' || status === 'REJECTED') return 'bad';
  if (status === 'UNKNOWN' || status === 'PENDING') return 'warn';
  return 'muted';
}

export function ActivityPage() {
  const [vendor, setVendor] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [status, setStatus] = useState('');
  const [kind, setKind] = useState('');
  const [actorText, setActorText] = useState('');
  const [actor, setActor] = useState('');
  const [pages, setPages] = useState(1);
  useEffect(() => {
    const timer = setTimeout(() => setActor(actorText.trim()), 300);
    return () => clearTimeout(timer);
  }, [actorText]);
  const filters = useMemo(
    () => ({
      vendor: (vendor || null) as Vendor | null,
      connectionId: connectionId.trim() || null,
      status: status ? [status as Status] : null,
      kind: (kind || null) as 'MUTATION' | 'DRIFT_DETECTED' | null,
      actor: actor || null,
    }),
    [vendor, connectionId, status, kind, actor],
  );
  const feed = useQuery(ActivityQuery, { ...filters, first: PAGE_SIZE * pages, after: null });
  const [live, setLive] = useState<ActivityEvent[]>([]);
  // The live events belong to the filters they arrived under.
  useEffect(() => setLive([]), [filters]);
  useStream(ActivitySubscription, filters, (result) => {
    const event = result.auditEventAdded;
    if (event) setLive((previous) => [event, ...previous.filter((known) => known.id !== event.id)].slice(0, 200));
  });
  const loaded = (feed.data?.auditEvents?.edges ?? []).flatMap((edge) => (edge?.node ? [edge.node] : []));
  const liveIds = new Set(live.map((event) => event.id));
  const events = [...live, ...loaded.filter((event) => !liveIds.has(event.id))];
  return (
    <section aria-labelledby="activity-title">
      <PageTitle>
        <span id="activity-title">Activity</span>
      </PageTitle>
      <search class="filters">
        <Select
          label="Vendor"
          value={vendor}
          anyLabel="All vendors"
          choices={Object.entries(VENDOR_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={setVendor}
        />
        <label class="field">
          <span>Connection</span>
          <input type="text" value={connectionId} onChange={(event) => setConnectionId((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <Select
          label="Status"
          value={status}
          anyLabel="Any status"
          choices={STATUSES.map((value) => ({ value, label: value }))}
          onChange={setStatus}
        />
        <Select
          label="Kind"
          value={kind}
          anyLabel="Changes and drift"
          choices={[
            { value: 'MUTATION', label: 'Changes' },
            { value: 'DRIFT_DETECTED', label: 'Drift found' },
          ]}
          onChange={setKind}
        />
        <label class="field">
          <span>Actor</span>
          <input type="search" value={actorText} onInput={(event) => setActorText((event.currentTarget as HTMLInputElement).value)} />
        </label>
      </search>
      <ErrorBox error={feed.error} title="The audit feed could not be read" />
      <p class="muted small" aria-live="polite">
        {feed.loading && !feed.data
          ? 'Loading...'
          : `${events.length} events${live.length ? `, ${live.length} new since the page opened` : ''}`}
      </p>
      <ol class="activity">
        {events.map((event) => (
          <li key={event.id} class={liveIds.has(event.id) ? 'activity-event new' : 'activity-event'} data-event={event.id}>
            <div class="activity-head">
              <Badge tone={statusTone(event.status)}>{event.status}</Badge> <strong>{event.operation ?? event.kind}</strong>{' '}
              {event.providerKey && event.connectionId ? (
                <a {...linkProps(`/providers/find/${encodeURIComponent(event.connectionId)}/${encodeURIComponent(event.providerKey)}`)}>
                  {event.providerKey}
                </a>
              ) : null}{' '}
              <span class="muted small">
                {vendorLabel(event.vendor)} {event.connectionId} · by {event.actor} ·{' '}
                <time dateTime={event.occurredAt ?? undefined}>{event.occurredAt ? new Date(event.occurredAt).toLocaleString() : ''}</time>
                {event.durationMs != null ? ` · ${event.durationMs} ms` : ''}
              </span>
              {liveIds.has(event.id) ? <Badge tone="muted">new</Badge> : null}
            </div>
            {event.error ? (
              <p class="field-error">
                {event.errorCode ? `${event.errorCode}: ` : ''}
                {event.error}
              </p>
            ) : null}
            {event.changes?.length ? (
              <details>
                <summary>
                  {event.changes.length} field{event.changes.length === 1 ? '' : 's'}
                </summary>
                <ChangeList changes={event.changes} />
              </details>
            ) : null}
          </li>
        ))}
      </ol>
      {feed.data?.auditEvents?.pageInfo.hasNextPage ? (
        <button type="button" onClick={() => setPages(pages + 1)} disabled={feed.loading}>
          Show older events
        </button>
      ) : null}
    </section>
  );
}
