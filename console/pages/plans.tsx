// Plans: paste or upload an estate document (or start from the current estate), see its plan as a diff grouped by
// connection (creates, updates, deletes, warnings), then apply it (operators and admins, after a confirmation) and
// watch its changes happen: the apply's audit events arrive live, then its report per provider.
import { useState } from 'preact/hooks';
import { ChangeList, VendorRequests } from '../changes.js';
import { canChange, describeError, useSession, useStream } from '../data.js';
import { ApplyEstatePlanMutation, ApplyProgressSubscription, ExportEstateQuery, PlanEstateMutation } from '../documents/plans.js';
import type { ResultOf } from '../graphql.js';
import { linkProps } from '../router.js';
import { Badge, ErrorBox, PageTitle, vendorLabel } from '../ui.js';
import './plans.css';

type PlanResult = ResultOf<typeof PlanEstateMutation>['planEstate'];
type Plan = Extract<PlanResult, { __typename: 'EstatePlan' }>;
type PlanItem = NonNullable<Plan['items']>[number];
type ApplyResult = ResultOf<typeof ApplyEstatePlanMutation>['applyEstatePlan'];
type Progress = NonNullable<ResultOf<typeof ApplyProgressSubscription>['auditEventAdded']>;

const ACTION_TONE: Record<string, 'ok' | 'warn' | 'bad' | 'muted'> = {
  CREATE: 'ok',
  UPDATE: 'warn',
  DELETE: 'bad',
  NO_OP: 'muted',
  UNMANAGED: 'muted',
};

export function PlansPage() {
  const session = useSession();
  const [document, setDocument] = useState('');
  const [busy, setBusy] = useState<'export' | 'plan' | 'apply' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [result, setResult] = useState<PlanResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [progress, setProgress] = useState<Progress[]>([]);

  const attempt = async (what: 'export' | 'plan' | 'apply', work: () => Promise<void>) => {
    setBusy(what);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };
  const startFromEstate = () =>
    attempt('export', async () => {
      const { exportEstate } = await session.client.execute(ExportEstateQuery, {});
      setDocument(exportEstate?.yaml ?? '');
      setResult(null);
      setApplied(null);
    });
  const plan = () =>
    attempt('plan', async () => {
      setApplied(null);
      setConfirming(false);
      setResult((await session.client.execute(PlanEstateMutation, { input: { document } })).planEstate);
    });
  const apply = (planId: string) =>
    attempt('apply', async () => {
      setProgress([]);
      setConfirming(false);
      setApplied((await session.client.execute(ApplyEstatePlanMutation, { input: { planId } })).applyEstatePlan);
    });
  // While an apply runs: this caller's changes as they happen.
  useStream(
    ApplyProgressSubscription,
    { actor: session.name },
    (event) => {
      const row = event.auditEventAdded;
      if (row) setProgress((previous) => [row, ...previous.filter((known) => known.id !== row.id)]);
    },
    { skip: busy !== 'apply' },
  );

  const planned = result?.__typename === 'EstatePlan' ? (result as Plan) : null;
  const refused = result && result.__typename !== 'EstatePlan' ? (result as { __typename: string; message?: string | null }) : null;
  const problems =
    refused && 'problems' in refused
      ? (refused.problems as Array<{ line: number | null; column: number | null; path: string | null; message: string | null }>)
      : [];
  return (
    <section aria-labelledby="plans-title">
      <PageTitle>
        <span id="plans-title">Plans</span>
      </PageTitle>
      <div class="card">
        <label class="field" for="estate-document">
          <span>Estate document (YAML or JSON)</span>
        </label>
        <textarea
          id="estate-document"
          rows={14}
          spellcheck={false}
          value={document}
          aria-invalid={problems.length ? true : undefined}
          aria-describedby={problems.length ? 'document-problems' : undefined}
          onInput={(event) => setDocument((event.currentTarget as HTMLTextAreaElement).value)}
        />
        {problems.length ? (
          <ul class="field-error" id="document-problems" role="alert">
            {problems.map((problem) => (
              <li key={`${problem.line}:${problem.column}:${problem.path}`}>
                {problem.line ? `line ${problem.line}${problem.column ? `:${problem.column}` : ''} ` : ''}
                {problem.path ? <span class="mono">{problem.path}</span> : null} {problem.message}
              </li>
            ))}
          </ul>
        ) : null}
        <div class="actions plan-actions">
          <button type="button" class="primary" disabled={!document.trim() || busy !== null} onClick={() => void plan()}>
            {busy === 'plan' ? 'Planning...' : 'Plan'}
          </button>
          <button type="button" disabled={busy !== null} onClick={() => void startFromEstate()}>
            Start from the current estate
          </button>
          <label class="button upload">
            Upload a file
            <input
              type="file"
              accept=".yaml,.yml,.json,text/yaml,application/json"
              class="visually-hidden"
              onChange={async (event) => {
                const file = (event.currentTarget as HTMLInputElement).files?.[0];
                if (file) setDocument(await file.text());
              }}
            />
          </label>
        </div>
      </div>
      <ErrorBox error={failure} />
      {refused && !problems.length ? (
        <ErrorBox error={new Error(refused.message ?? refused.__typename)} title="The plan was refused" />
      ) : null}
      {refused && problems.length ? (
        <p class="error-box" role="status">
          {refused.message}
        </p>
      ) : null}
      {planned ? (
        <PlanView
          plan={planned}
          canApply={canChange(session)}
          confirming={confirming}
          busy={busy !== null}
          onApply={() => setConfirming(true)}
          onConfirm={() => void apply(planned.id!)}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      {busy === 'apply' || progress.length ? <ApplyProgress events={progress} running={busy === 'apply'} /> : null}
      {applied ? <ApplyReport result={applied} /> : null}
    </section>
  );
}

function PlanView(props: {
  plan: Plan;
  canApply: boolean;
  confirming: boolean;
  busy: boolean;
  onApply(): void;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { plan } = props;
  const summary = plan.summary;
  const changing = (plan.items ?? []).filter((item) => item.action !== 'NO_OP' && item.action !== 'UNMANAGED');
  const byConnection = new Map<string, PlanItem[]>();
  for (const item of changing) byConnection.set(item.connectionId ?? '', [...(byConnection.get(item.connectionId ?? '') ?? []), item]);
  const warnings = (plan.items ?? []).flatMap((item) =>
    (item.warnings ?? []).map((warning) => `${item.connectionId}/${item.key}: ${warning}`),
  );
  return (
    <section class="card" aria-labelledby="plan-title">
      <h2 id="plan-title">The plan</h2>
      <p class="plan-summary">
        <Badge tone="ok">{summary?.creates ?? 0} to create</Badge>
        <Badge tone="warn">{summary?.updates ?? 0} to update</Badge>
        <Badge tone="bad">{summary?.deletes ?? 0} to delete</Badge>
        <Badge tone="muted">{summary?.unchanged ?? 0} unchanged</Badge>
        {summary?.unmanaged ? <Badge tone="muted">{summary.unmanaged} not in the document (left alone)</Badge> : null}
        {plan.fromCache ? (
          <span class="muted small"> planned from the gateway's last known state ({plan.snapshotAgeSeconds} s old)</span>
        ) : null}
      </p>
      {warnings.length ? (
        <div class="notice">
          <strong>Warnings</strong>
          <ul>
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {!changing.length ? <p>Nothing to change: the vendors already hold this document.</p> : null}
      {[...byConnection.entries()].map(([connectionId, items]) => (
        <div key={connectionId} class="plan-connection">
          <h3>
            {connectionId} <span class="muted small">{vendorLabel(items[0]?.vendor)}</span>
          </h3>
          <ul class="plan-items">
            {items.map((item) => (
              <li key={`${item.action}:${item.key}`} data-action={item.action}>
                <Badge tone={ACTION_TONE[item.action ?? ''] ?? 'muted'}>{item.action}</Badge>{' '}
                <strong>{item.key ?? item.documentPath}</strong> <span class="muted small">{item.operations?.join(', ')}</span>
                <ChangeList changes={item.changes} empty={item.action === 'DELETE' ? 'The provider is deleted.' : 'No field changes.'} />
                <details>
                  <summary>Vendor requests ({item.vendorRequests?.length ?? 0})</summary>
                  <VendorRequests requests={item.vendorRequests} />
                </details>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {props.canApply && plan.hasChanges ? (
        props.confirming ? (
          <fieldset class="confirm" aria-labelledby="confirm-text">
            <p id="confirm-text">
              Apply {changing.length} change{changing.length === 1 ? '' : 's'} at the vendors now? The plan holds until{' '}
              {plan.expiresAt ? new Date(plan.expiresAt).toLocaleTimeString() : 'it expires'}.
            </p>
            <div class="actions">
              <button type="button" class="primary" disabled={props.busy} onClick={props.onConfirm}>
                Yes, apply
              </button>
              <button type="button" disabled={props.busy} onClick={props.onCancel}>
                Cancel
              </button>
            </div>
          </fieldset>
        ) : (
          <button type="button" class="primary" disabled={props.busy} onClick={props.onApply}>
            Apply...
          </button>
        )
      ) : null}
    </section>
  );
}

function ApplyProgress(props: { events: Progress[]; running: boolean }) {
  return (
    <section class="card" aria-labelledby="progress-title" aria-live="polite">
      <h2 id="progress-title">{props.running ? 'Applying...' : 'Applied'}</h2>
      <ul class="progress">
        {props.events.map((event) => (
          <li key={event.id}>
            <Badge tone={event.status === 'SUCCEEDED' ? 'ok' : event.status === 'PENDING' ? 'muted' : 'bad'}>{event.status}</Badge>{' '}
            {event.operation} <span class="mono small">{event.providerKey}</span> <span class="muted small">{event.connectionId}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ApplyReport(props: { result: ApplyResult }) {
  const { result } = props;
  if (result.__typename !== 'EstateApplyReport')
    return (
      <ErrorBox error={new Error((result as { message?: string | null }).message ?? result.__typename)} title="The apply was refused" />
    );
  const report = result as Extract<ApplyResult, { __typename: 'EstateApplyReport' }>;
  return (
    <section class="card" aria-labelledby="report-title">
      <h2 id="report-title">{report.succeeded ? 'The plan was applied' : 'The plan was applied in part'}</h2>
      <ul class="plan-items">
        {(report.items ?? [])
          .filter((item) => item.status !== 'UNCHANGED')
          .map((item) => (
            <li key={`${item.connectionId}/${item.key}/${item.action}`} data-status={item.status}>
              <Badge tone={item.status === 'APPLIED' ? 'ok' : item.status === 'FAILED' ? 'bad' : 'muted'}>{item.status}</Badge>{' '}
              {item.action}{' '}
              {item.connectionId && item.key && item.action !== 'DELETE' ? (
                <a {...linkProps(`/providers/find/${encodeURIComponent(item.connectionId)}/${encodeURIComponent(item.key)}`)}>{item.key}</a>
              ) : (
                <span class="mono">{item.key}</span>
              )}{' '}
              <span class="muted small">{item.connectionId}</span>
              {item.error ? <p class="field-error">{describeError(new Error(`${item.error.code}: ${item.error.message}`))}</p> : null}
            </li>
          ))}
      </ul>
    </section>
  );
}
