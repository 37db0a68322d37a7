// A provider: every field its vendor's type has, its certificates, its audit timeline (live, each change a diff, each
// past change revertible after a dry run), drift against the last known state, and editing (provider-edit.tsx).
import { useState } from 'preact/hooks';
import { ChangeList, VendorRequests } from '../changes.js';
import { canChange, useQuery, useSession, useStream } from '../data.js';
import { DriftQuery, ProviderByKeyQuery, ProviderQuery, RevertChange, TimelineQuery, TimelineSubscription } from '../documents/provider.js';
import type { ResultOf } from '../graphql.js';
import { linkProps } from '../router.js';
import { ago, Badge, ErrorBox, PageTitle, TableScroll, vendorLabel } from '../ui.js';
import { type ChangeOutcome, EditProvider, isRefusal, outcomeOf } from './provider-edit.js';
import './provider.css';

type TimelineEvent = NonNullable<
  NonNullable<NonNullable<NonNullable<ResultOf<typeof TimelineQuery>['auditEvents']>['edges']>[number]>['node']
>;
// biome-ignore lint/suspicious/noExplicitAny: the provider's fields differ per vendor type; they are shown generically
type Provider = Record<string, any> & { id: string; vendor: string | null; version: string | null; connectionId: string; key: string };

/** Shown in the header or their own sections, not in the field list. */
const NOT_LISTED = new Set(['__typename', 'certificates', 'id']);

export function ProviderPage(props: { id?: string }) {
  const id = props.id ?? '';
  const provider = useQuery(ProviderQuery, { id });
  const found = provider.data?.identityProvider as Provider | null | undefined;
  if (provider.error) return <ErrorBox error={provider.error} title="The provider could not be read" />;
  if (!found)
    return provider.loading || !provider.data ? (
      <p>Loading...</p>
    ) : (
      <p>
        No such provider. <a {...linkProps('/')}>Back to the estate</a>
      </p>
    );
  return <ProviderView provider={found} reload={provider.reload} />;
}

/** A provider named as the audit names it (connection and key): found through the search, then shown. */
export function ProviderByKey(props: { connectionId: string; providerKey: string }) {
  const found = useQuery(ProviderByKeyQuery, { connectionId: props.connectionId, key: props.providerKey });
  const match = (found.data?.identityProviders?.edges ?? [])
    .map((edge) => edge?.node)
    .find((node) => node && 'key' in node && node.key === props.providerKey);
  if (found.error) return <ErrorBox error={found.error} title="The provider could not be found" />;
  if (match && 'id' in match) return <ProviderPage id={match.id} />;
  return found.loading ? (
    <p>Loading...</p>
  ) : (
    <p>
      No provider {props.providerKey} in {props.connectionId} (deleted?).
    </p>
  );
}

function ProviderView(props: { provider: Provider; reload(): void }) {
  const { provider } = props;
  const session = useSession();
  // Kept here: the edit form starts over when the provider's new version arrives.
  const [applied, setApplied] = useState<ChangeOutcome | null>(null);
  return (
    <article aria-labelledby="provider-title">
      <p class="small">
        <a {...linkProps('/')}>Estate</a> / {provider.connectionId}
      </p>
      <PageTitle>
        <span id="provider-title">{provider.displayName || provider.key}</span>
      </PageTitle>
      <p class="provider-badges">
        <Badge tone="muted">{vendorLabel(provider.vendor)}</Badge>
        <Badge tone="muted">{provider.protocol}</Badge>
        {provider.stale ? <Badge tone="warn">stale</Badge> : <Badge tone="ok">fresh</Badge>}
        <span class="muted small">read {ago(provider.syncedAt)}</span>
      </p>
      <div class="provider-grid">
        <section class="card" aria-labelledby="fields-title">
          <h2 id="fields-title">Fields</h2>
          <FieldList value={provider} />
        </section>
        <div>
          {applied ? (
            <p class="notice-ok" role="status">
              Applied: {applied.changes?.length ?? 0} field{applied.changes?.length === 1 ? '' : 's'} changed.
            </p>
          ) : null}
          {canChange(session) ? (
            <EditProvider
              key={provider.version}
              provider={provider}
              onApplied={(outcome) => {
                setApplied(outcome);
                props.reload();
              }}
            />
          ) : null}
          <Drift provider={provider} />
        </div>
      </div>
      <Certificates provider={provider} />
      <Timeline provider={provider} onReverted={props.reload} />
    </article>
  );
}

function FieldList(props: { value: Record<string, unknown> }) {
  const entries = Object.entries(props.value).filter(([name]) => !NOT_LISTED.has(name));
  return (
    <dl class="fields">
      {entries.map(([name, value]) => (
        <>
          <dt key={`${name}-name`}>{name}</dt>
          <dd key={`${name}-value`}>
            <FieldValue name={name} value={value} />
          </dd>
        </>
      ))}
    </dl>
  );
}

function FieldValue(props: { name: string; value: unknown }) {
  const { name, value } = props;
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return <span class="muted">none</span>;
  if (name === 'hasClientSecret') return <>{value ? 'secret set' : 'no secret'}</>;
  if (typeof value === 'boolean') return <>{value ? 'yes' : 'no'}</>;
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object')) return <>{value.join(', ')}</>;
  if (typeof value === 'object') return <pre>{JSON.stringify(value, null, 2)}</pre>;
  return <span class={name.toLowerCase().includes('url') || name === 'clientId' ? 'mono' : undefined}>{String(value)}</span>;
}

function Certificates(props: { provider: Provider }) {
  const certificates = (props.provider.certificates ?? []) as Array<Record<string, string | number | null>>;
  if (!certificates.length) return null;
  return (
    <section class="card" aria-labelledby="certificates-title">
      <h2 id="certificates-title">Certificates</h2>
      <TableScroll label="Certificates table">
        <table>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Subject</th>
              <th scope="col">Issuer</th>
              <th scope="col">Expires</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {certificates.map((certificate) => (
              <tr key={String(certificate.sha256Fingerprint ?? certificate.problem)}>
                <td>{certificate.role}</td>
                <td>{certificate.subject ?? certificate.problem}</td>
                <td>{certificate.issuer}</td>
                <td>
                  {certificate.notAfter ? String(certificate.notAfter).slice(0, 10) : ''}{' '}
                  {certificate.daysLeft != null ? (
                    <Badge tone={Number(certificate.daysLeft) <= 7 ? 'bad' : Number(certificate.daysLeft) <= 30 ? 'warn' : 'muted'}>
                      {certificate.daysLeft} days
                    </Badge>
                  ) : null}
                </td>
                <td class="mono small">{certificate.sha256Fingerprint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function Drift(props: { provider: Provider }) {
  const [asked, setAsked] = useState(0);
  const drift = useQuery(DriftQuery, { connectionId: props.provider.connectionId }, { skip: asked === 0 });
  const report = drift.data?.drift;
  const mine = report?.providers?.find((entry) => entry.key === props.provider.key);
  return (
    <section class="card" aria-labelledby="drift-title">
      <h2 id="drift-title">Drift</h2>
      <p class="muted small">Compares the vendor's live state with the state the gateway last knew.</p>
      <button type="button" disabled={drift.loading && asked > 0} onClick={() => (asked ? drift.reload() : setAsked(1))}>
        Check for drift now
      </button>
      <ErrorBox error={drift.error} />
      {report ? (
        <div aria-live="polite">
          {mine ? (
            <>
              <p>
                <Badge tone="warn">{mine.kind}</Badge> at the vendor since the last known state:
              </p>
              <ChangeList changes={mine.changes} />
            </>
          ) : (
            <p>
              <Badge tone="ok">no drift</Badge> checked {ago(report.checkedAt)}
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}

function Timeline(props: { provider: Provider; onReverted(): void }) {
  const session = useSession();
  const variables = { connectionId: props.provider.connectionId, key: props.provider.key };
  const timeline = useQuery(TimelineQuery, variables);
  const [live, setLive] = useState<TimelineEvent[]>([]);
  useStream(TimelineSubscription, variables, (result) => {
    const event = result.auditEventAdded;
    if (!event) return;
    setLive((previous) => [event, ...previous.filter((known) => known.id !== event.id)]);
  });
  const loaded = (timeline.data?.auditEvents?.edges ?? []).flatMap((edge) => (edge?.node ? [edge.node] : []));
  // A live event replaces its earlier state (PENDING, then SUCCEEDED); newest first.
  const liveIds = new Set(live.map((event) => event.id));
  const events = [...live, ...loaded.filter((event) => !liveIds.has(event.id))];
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">History</h2>
      <ErrorBox error={timeline.error} />
      {events.length === 0 ? <p class="muted">{timeline.loading ? 'Loading...' : 'No change recorded yet.'}</p> : null}
      <ol class="timeline">
        {events.map((event) => (
          <li key={event.id} class={liveIds.has(event.id) ? 'timeline-event new' : 'timeline-event'} data-event={event.id}>
            <div class="timeline-head">
              <Badge
                tone={event.status === 'SUCCEEDED' ? 'ok' : event.status === 'FAILED' || event.status === 'REJECTED' ? 'bad' : 'muted'}
              >
                {event.status}
              </Badge>{' '}
              <strong>{event.operation ?? event.kind}</strong> <span class="muted small">by {event.actor}</span>{' '}
              <time class="muted small" dateTime={event.occurredAt ?? undefined}>
                {event.occurredAt ? new Date(event.occurredAt).toLocaleString() : ''}
              </time>
            </div>
            {event.error ? <p class="field-error">{event.error}</p> : null}
            <ChangeList changes={event.changes} empty="No field changed." />
            {canChange(session) && event.kind === 'MUTATION' && event.status === 'SUCCEEDED' && event.changes?.length ? (
              <Revert auditEventId={event.id!} onReverted={props.onReverted} />
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Revert(props: { auditEventId: string; onReverted(): void }) {
  const { client } = useSession();
  const [plan, setPlan] = useState<ChangeOutcome | null>(null);
  const [done, setDone] = useState<ChangeOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      const result = (await client.execute(RevertChange, { input: { auditEventId: props.auditEventId, dryRun } })).revertAuditEvent;
      const outcome = outcomeOf(result as never);
      if (dryRun) setPlan(outcome);
      else {
        setDone(outcome);
        if (!isRefusal(outcome)) props.onReverted();
      }
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  if (done && !isRefusal(done))
    return (
      <p class="notice-ok" role="status">
        Reverted.
      </p>
    );
  return (
    <div class="revert">
      {!plan ? (
        <button type="button" disabled={busy} onClick={() => void run(true)}>
          Revert this change...
        </button>
      ) : isRefusal(plan) ? (
        <div class="error-box" role="alert">
          {plan.message}
        </div>
      ) : (
        <div class="plan">
          <h3>Reverting would</h3>
          <ChangeList changes={plan.changes} />
          <VendorRequests requests={plan.vendorRequests} />
          {plan.secretsToResupply?.length ? <p class="notice">Secrets to supply again: {plan.secretsToResupply.join(', ')}</p> : null}
          <div class="actions">
            <button type="button" class="primary" disabled={busy} onClick={() => void run(false)}>
              Apply the revert
            </button>
            <button type="button" disabled={busy} onClick={() => setPlan(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {done && isRefusal(done) ? (
        <div class="error-box" role="alert">
          {done.message}
        </div>
      ) : null}
      <ErrorBox error={failure} />
    </div>
  );
}
