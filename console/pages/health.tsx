// Health: each connection's circuit, last error and a chart of its vendor calls over the last hour (admin only in
// the API: other roles are told so), and a time line of the certificates that expire within the year ahead.
import { ExpiryTimeline, type ExpiryPoint, TrafficChart } from '../charts.js';
import { useQuery, useSession } from '../data.js';
import { ExpiringCertificatesQuery, HealthQuery } from '../documents/health.js';
import { linkProps } from '../router.js';
import { ago, Badge, ErrorBox, PageTitle, TableScroll, vendorLabel } from '../ui.js';
import './health.css';
import { useEffect } from 'preact/hooks';

const HORIZON_DAYS = 400;
const REFRESH_MS = 30_000;

export function HealthPage() {
  const session = useSession();
  return (
    <section aria-labelledby="health-title">
      <PageTitle>
        <span id="health-title">Health</span>
      </PageTitle>
      {session.role === 'ADMIN' ? <Connections /> : <p class="notice">Connection health is shown to admins only.</p>}
      <Certificates />
    </section>
  );
}

function Connections() {
  const health = useQuery(HealthQuery, {});
  useEffect(() => {
    const timer = setInterval(health.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [health.reload]);
  const connections = health.data?.connections ?? [];
  return (
    <>
      <h2>Connections</h2>
      <ErrorBox error={health.error} />
      <div class="health-grid">
        {connections.map((connection) => {
          const state = connection.health;
          const tone = state?.circuit === 'OPEN' ? 'bad' : state?.circuit === 'HALF_OPEN' ? 'warn' : 'ok';
          return (
            <article
              class="card health-card"
              key={connection.id}
              data-connection={connection.id}
              aria-labelledby={`connection-${connection.id}`}
            >
              <h3 id={`connection-${connection.id}`}>
                {connection.id} <span class="muted small">{vendorLabel(connection.vendor)}</span>
              </h3>
              <p>
                <Badge tone={tone}>circuit {state?.circuit}</Badge>
                <Badge tone={state?.status === 'FAILING' ? 'bad' : state?.status === 'OK' ? 'ok' : 'muted'}>{state?.status}</Badge>
                <span class="muted small">read {ago(state?.lastSyncedAt)}</span>
              </p>
              {state?.lastError ? (
                <p class="field-error">
                  Last error {ago(state.lastErrorAt)}: {state.lastError}
                </p>
              ) : null}
              {state?.circuit === 'OPEN' && state.circuitRetryAt ? (
                <p class="small">Next probe at {new Date(state.circuitRetryAt).toLocaleTimeString()}</p>
              ) : null}
              {state?.traffic ? <TrafficChart minutes={state.traffic} title={`${connection.id} vendor calls`} /> : null}
            </article>
          );
        })}
      </div>
    </>
  );
}

function Certificates() {
  const expiring = useQuery(ExpiringCertificatesQuery, { days: HORIZON_DAYS });
  const providers = (expiring.data?.identityProviders?.edges ?? []).flatMap((edge) => (edge?.node && 'id' in edge.node ? [edge.node] : []));
  const points: Array<ExpiryPoint & { id: string; connectionId: string | null; role: string | null }> = providers.flatMap((provider) =>
    (provider.certificates ?? [])
      .filter((certificate) => certificate.daysLeft != null && certificate.daysLeft <= HORIZON_DAYS)
      .map((certificate) => ({
        id: provider.id,
        connectionId: provider.connectionId,
        label: provider.displayName || provider.key || '',
        role: certificate.role,
        daysLeft: certificate.daysLeft!,
        notAfter: certificate.notAfter,
      })),
  );
  points.sort((a, b) => a.daysLeft - b.daysLeft);
  return (
    <section aria-labelledby="expiry-title">
      <h2 id="expiry-title">Certificate expiries, the next {HORIZON_DAYS} days</h2>
      <ErrorBox error={expiring.error} />
      {expiring.loading && !expiring.data ? <p>Loading...</p> : null}
      {expiring.data && !points.length ? <p class="muted">No certificate expires within {HORIZON_DAYS} days.</p> : null}
      {points.length ? (
        <>
          <div class="card">
            <ExpiryTimeline points={points} days={HORIZON_DAYS} />
          </div>
          <TableScroll label="Expiring certificates">
            <table class="expiry-table">
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Connection</th>
                  <th scope="col">Certificate</th>
                  <th scope="col">Expires</th>
                </tr>
              </thead>
              <tbody>
                {points.map((point) => (
                  <tr key={`${point.id}-${point.role}-${point.notAfter}`}>
                    <td>
                      <a {...linkProps(`/providers/${encodeURIComponent(point.id)}`)}>{point.label}</a>
                    </td>
                    <td>{point.connectionId}</td>
                    <td>{point.role}</td>
                    <td>
                      {point.notAfter?.slice(0, 10)}{' '}
                      <Badge tone={point.daysLeft <= 7 ? 'bad' : point.daysLeft <= 30 ? 'warn' : 'muted'}>{point.daysLeft} days</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : null}
    </section>
  );
}
