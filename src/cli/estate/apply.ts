// `idp-gateway apply plan.json` (a reviewed, saved plan: no question) or `apply -f estate.yaml` (plan, show,
// confirm on a terminal or --auto-approve, apply). Either way the gateway applies only if every target is still
// at the planned version. Exit 0 when every change was applied, 1 otherwise.
import { type Command, EXIT, UsageError } from '../command.js';
import type { EstateApplyReport, EstatePlan } from './api-types.js';
import type { GatewayEndpoint } from './graphql-client.js';
import type { EstateSecretInput } from './secret-values.js';
import { CONNECTION_HELP, SECRETS_HELP, URL_OPTION } from './options.js';
import { planDocument, renderedPlan } from './plan.js';

type ApplyValues = {
  url?: string;
  file?: string;
  'auto-approve'?: boolean;
  parallelism?: string;
  'continue-on-error'?: boolean;
  'from-cache'?: boolean;
  json?: boolean;
  'no-color'?: boolean;
};

const DEFAULT_PARALLELISM = 4;

export const applyCommand: Command<ApplyValues> = {
  name: 'apply',
  synopsis:
    'apply <plan.json> | apply -f <document> [--auto-approve] [--parallelism <n>] [--continue-on-error] [--json] [--no-color] [--url <url>]',
  summary: 'apply a saved plan, or plan a document and apply it after confirmation',
  details: [
    'apply <plan.json>: applies the plan saved by `plan --out` (it was reviewed: no question), with the secret',
    "values resolved again from the document the plan names (relative to plan.json). The gateway is the plan's",
    'URL unless --url is given.',
    'apply -f <document>: plans (as `plan`, --from-cache allowed), prints the plan and, when there are changes,',
    `asks "Apply these changes? Only 'yes' is accepted:" on a terminal. Without a terminal it refuses (after`,
    'printing the plan) unless --auto-approve is given (CI). Without changes it stops after the plan (exit 0).',
    'Nothing is written unless every target is still at the version the plan was made against; otherwise each',
    'target that moved is named. Changes to one connection run in order, connections in parallel',
    `(--parallelism, default ${DEFAULT_PARALLELISM}); the first failure stops the run unless --continue-on-error.`,
    'The report lists each item with its status (APPLIED, FAILED with its typed error, NOT_ATTEMPTED), the',
    'change set id every audit event of the run carries, and "Apply: 4 applied, 1 failed, 2 not attempted.".',
    'An interrupted apply can be run again: the gateway makes no change twice.',
    'JSON (--json), stable for scripts: { plan, report } where plan is the EstatePlan (see plan --help; null',
    'when a saved plan is applied) and report the EstateApplyReport of the GraphQL API (null when there was',
    'nothing to apply): { changeSetId, succeeded, items: [{ connectionId, key, documentPath, action, status',
    '(APPLIED|FAILED|NOT_ATTEMPTED|UNCHANGED), auditEvents: [{ id, status, operation }], error: { code, message,',
    'vendorCode, retryable, fieldErrors: [{ path, message }] } | null }] }. Questions and errors go to stderr.',
    ...SECRETS_HELP,
    ...CONNECTION_HELP,
    'Needs the operator role. Exit 0: every change applied (or none needed); 1: anything else (the reason on',
    'stderr); 2: bad usage.',
  ].join('\n'),
  options: {
    ...URL_OPTION,
    file: { type: 'string', short: 'f' },
    'auto-approve': { type: 'boolean' },
    parallelism: { type: 'string' },
    'continue-on-error': { type: 'boolean' },
    'from-cache': { type: 'boolean' },
    json: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  optionalPositionals: ['plan.json'],
  async run(values, [planFile]) {
    if (planFile !== undefined && values.file !== undefined) throw new UsageError('give either <plan.json> or -f <document>, not both');
    if (planFile === undefined && values.file === undefined) throw new UsageError('missing <plan.json> or -f <document>');
    if (planFile !== undefined && (values['auto-approve'] || values['from-cache'])) {
      throw new UsageError('--auto-approve and --from-cache go with -f <document>: a saved plan is applied as reviewed');
    }
    const parallelism = parallelismOf(values.parallelism);
    const { reportFailure } = await import('./failure.js');
    try {
      const target = planFile !== undefined ? await savedTarget(planFile, values) : await documentTarget(values.file!, values);
      if (!target) return EXIT.ok;
      const { applyEstatePlan } = await import('./api.js');
      const report = await applyEstatePlan(target.endpoint, {
        planId: target.planId,
        secrets: target.secrets,
        continueOnError: values['continue-on-error'] ?? false,
        parallelism,
      });
      return await printReport(report, target.plan, values);
    } catch (error) {
      return reportFailure('apply', error);
    }
  },
};

interface ApplyTarget {
  endpoint: GatewayEndpoint;
  planId: string;
  secrets: EstateSecretInput[];
  /** The plan made now (apply -f); null for a saved plan. */
  plan: EstatePlan | null;
}

function parallelismOf(option: string | undefined): number {
  if (option === undefined) return DEFAULT_PARALLELISM;
  if (!/^[1-9][0-9]{0,3}$/.test(option)) throw new UsageError(`--parallelism must be a whole number from 1, not "${option}"`);
  return Number(option);
}

async function savedTarget(planFile: string, values: ApplyValues): Promise<ApplyTarget> {
  const [{ readSavedPlan }, { readEstateDocument }, { gatewayEndpoint }, { summaryLine }, { CliFailure }] = await Promise.all([
    import('./saved-plan.js'),
    import('./document.js'),
    import('./graphql-client.js'),
    import('./render-plan.js'),
    import('./failure.js'),
  ]);
  const saved = readSavedPlan(planFile);
  const document = await readEstateDocument(saved.documentFile).catch((error: unknown) => {
    if (!(error instanceof CliFailure)) throw error;
    throw new CliFailure([`the document of the saved plan ${planFile} (its secret values are resolved from it):`, ...error.lines]);
  });
  if (!values.json) {
    const { creates, updates, deletes } = saved.summary;
    const summary = summaryLine({ hasChanges: creates + updates + deletes > 0, summary: saved.summary });
    process.stdout.write(`Applying the plan ${saved.planId} saved in ${planFile} (made ${saved.createdAt}). ${summary}\n\n`);
  }
  return { endpoint: gatewayEndpoint(values.url ?? saved.url), planId: saved.planId, secrets: document.secrets, plan: null };
}

/** Plans the document and asks; null when there is nothing to apply (already printed). */
async function documentTarget(file: string, values: ApplyValues): Promise<ApplyTarget | null> {
  const { CliFailure } = await import('./failure.js');
  const { plan, endpoint, document } = await planDocument(file, { url: values.url, fromCache: values['from-cache'] ?? false });
  if (!values.json) process.stdout.write(await renderedPlan(plan, values['no-color']));
  if (!plan.hasChanges) {
    if (values.json) process.stdout.write(`${JSON.stringify({ plan, report: null }, null, 2)}\n`);
    return null;
  }
  if (!values['auto-approve']) {
    // The plan was printed first, so that a CI log shows what was refused.
    if (!process.stdin.isTTY) {
      throw new CliFailure([
        'nothing was applied: there is no terminal to confirm on (stdin is not a TTY); pass --auto-approve, or apply a saved, reviewed plan',
      ]);
    }
    const { confirmApply } = await import('./confirm.js');
    if (!(await confirmApply())) throw new CliFailure(["apply cancelled (only 'yes' applies): nothing was written"]);
  }
  if (!values.json) process.stdout.write('\n');
  return { endpoint, planId: plan.id, secrets: document.secrets, plan };
}

async function printReport(report: EstateApplyReport, plan: EstatePlan | null, values: ApplyValues): Promise<number> {
  const [{ applyExitCode, renderApplyReport }, { palette, wantsColour }] = await Promise.all([
    import('./render-apply.js'),
    import('./colour.js'),
  ]);
  if (values.json) process.stdout.write(`${JSON.stringify({ plan, report }, null, 2)}\n`);
  else process.stdout.write(renderApplyReport(report, palette(wantsColour(process.stdout, values['no-color']))));
  return applyExitCode(report);
}
