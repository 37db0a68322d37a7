// How a change reads: each field's before and after (a secret only as "changed", never a value), and the exact vendor
// requests a change sends (the plan of a dry run). Shared by the provider page and the plans page.

export interface FieldChangeView {
  path: string | null;
  before: unknown;
  after: unknown;
  secret: boolean | null;
}

export interface VendorRequestView {
  purpose?: string | null;
  method: string | null;
  path: string | null;
  query?: unknown;
  body?: string | null;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function ChangeList(props: { changes: readonly FieldChangeView[] | null | undefined; empty?: string }) {
  const changes = props.changes ?? [];
  if (!changes.length) return <p class="muted">{props.empty ?? 'No field changes.'}</p>;
  return (
    <ul class="changes">
      {changes.map((change) => (
        <li key={change.path}>
          <span class="mono">{change.path}</span>:{' '}
          {change.secret ? (
            <em>changed (secret)</em>
          ) : (
            <>
              <span class="diff-before">{shown(change.before)}</span> <span aria-hidden="true">→</span>
              <span class="visually-hidden"> becomes </span> <span class="diff-after">{shown(change.after)}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function VendorRequests(props: { requests: readonly VendorRequestView[] | null | undefined }) {
  const requests = props.requests ?? [];
  if (!requests.length) return <p class="muted">Nothing would be sent to the vendor.</p>;
  return (
    <ol class="vendor-requests">
      {requests.map((request, index) => (
        <li key={index}>
          <div>
            <strong class="mono">
              {request.method} {request.path}
            </strong>
            {request.purpose ? <span class="muted small"> {request.purpose}</span> : null}
          </div>
          {request.query && Object.keys(request.query as object).length ? <pre>{JSON.stringify(request.query, null, 2)}</pre> : null}
          {request.body ? <pre>{prettyBody(request.body)}</pre> : null}
        </li>
      ))}
    </ol>
  );
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
