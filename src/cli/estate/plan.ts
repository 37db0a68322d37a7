// `idp-gateway plan -f estate.yaml`: the document against the live estate, printed like `terraform plan` (or as
// JSON), optionally saved for `apply plan.json`. Exit 0: nothing would change; 2: something would; 1: error.
import { type Command, EXIT, UsageError } from '../command.js';
import type { EstatePlan } from './api-types.js';
import type { GatewayEndpoint } from './graphql-client.js';
import type { EstateDocumentFile } from './document.js';
import { CONNECTION_HELP, SECRETS_HELP, URL_OPTION } from './options.js';

type PlanValues = { url?: string; file?: string; 'from-cache'?: boolean; json?: boolean; out?: string; 'no-color'?: boolean };

/** Exit code of a plan with changes (0 without, 1 on error). */
export const EXIT_CHANGES = 2;

export const PLAN_JSON_HELP = [
  'JSON (--json), stable for scripts: the EstatePlan object of the GraphQL API:',
  '  { id, createdAt, expiresAt, fromCache, snapshotAgeSeconds, hasChanges,',
  '    summary: { creates, updates, deletes, unchanged, unmanaged },',
  '    items: [{ connectionId, vendor, key, documentPath, action (CREATE|UPDATE|DELETE|NO_OP|UNMANAGED), version,',
  '              changes: [{ path, before, after, secret }], operations: [mutation names],',
  '              vendorRequests: [{ method, path, query, headers, body, purpose }], warnings: [text] }] }',
  '  in the order the changes run (per connection in order; connections in parallel). Secrets appear only as',
  '  secret: true with before/after null; request headers and bodies are redacted.',
];

export const planCommand: Command<PlanValues> = {
  name: 'plan',
  synopsis: 'plan -f <document> [--from-cache] [--json] [--out <plan.json>] [--no-color] [--url <url>]',
  summary: 'show what applying an estate document would change (exit 2 when something would)',
  details: [
    'Reads the document (YAML or JSON), sends it with its secret values to the gateway (planEstate) and prints,',
    'per provider that would change, + create / ~ update / - delete, its field changes (path: before -> after;',
    'secrets only as "(secret changed)"), the exact vendor requests and warnings, in the order they would run;',
    'providers the document does not name are listed with ? (unmanaged); unchanged ones are only counted. The',
    'last line is "Plan: 1 to create, 3 to update, 0 to delete, 14 unchanged." (", 2 unmanaged" when there are)',
    'or "No changes. The estate matches the document.".',
    "--from-cache: plan against the gateway's snapshots instead of reading every vendor now (prints their age).",
    "--out <plan.json>: save the plan for `idp-gateway apply plan.json` (it keeps every target's version; the",
    'gateway keeps the plan for a day). The file: { format, formatVersion: 1, planId, url, createdAt, expiresAt,',
    'document (relative to the plan file), items: [{ connectionId, documentPath, key, action, version }], summary }.',
    'Colour only on a terminal, never with --no-color or NO_COLOR.',
    ...PLAN_JSON_HELP,
    ...SECRETS_HELP,
    ...CONNECTION_HELP,
    'Document problems are listed on stderr, one per line: "path (line L:C): message".',
    'Needs the viewer role. Exit 0: no changes; 2: changes; 1: error, bad usage included (the reason on stderr).',
  ].join('\n'),
  options: {
    ...URL_OPTION,
    file: { type: 'string', short: 'f' },
    'from-cache': { type: 'boolean' },
    json: { type: 'boolean' },
    out: { type: 'string', short: 'o' },
    'no-color': { type: 'boolean' },
  },
  // 2 means "changes" here: a CI script must not take bad usage for a plan.
  usageExitCode: EXIT.failed,
  async run(values) {
    if (!values.file) throw new UsageError('-f <document> is required');
    const { reportFailure } = await import('./failure.js');
    try {
      const { plan, endpoint } = await planDocument(values.file, { url: values.url, fromCache: values['from-cache'] ?? false });
      let savedNote = '';
      if (values.out) {
        const { savedPlanOf, writeSavedPlan } = await import('./saved-plan.js');
        writeSavedPlan(values.out, savedPlanOf(plan, endpoint.url, values.file, values.out));
        savedNote = `Saved the plan to ${values.out} (it expires at ${plan.expiresAt}). To apply exactly it: idp-gateway apply ${values.out}\n`;
      }
      if (values.json) {
        process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
        process.stderr.write(savedNote);
      } else {
        process.stdout.write(await renderedPlan(plan, values['no-color']));
        if (savedNote) process.stdout.write(`\n${savedNote}`);
      }
      return plan.hasChanges ? EXIT_CHANGES : EXIT.ok;
    } catch (error) {
      return reportFailure('plan', error);
    }
  },
};

/** The document read, its secrets resolved, and planned by the gateway. */
export async function planDocument(
  file: string,
  options: { url: string | undefined; fromCache: boolean },
): Promise<{ plan: EstatePlan; endpoint: GatewayEndpoint; document: EstateDocumentFile }> {
  const [{ planEstate }, { gatewayEndpoint }, { readEstateDocument }] = await Promise.all([
    import('./api.js'),
    import('./graphql-client.js'),
    import('./document.js'),
  ]);
  const endpoint = gatewayEndpoint(options.url);
  const document = await readEstateDocument(file);
  const plan = await planEstate(endpoint, { document: document.text, fromCache: options.fromCache, secrets: document.secrets });
  return { plan, endpoint, document };
}

/** The plan as text, coloured when stdout is a terminal and colour is not switched off. */
export async function renderedPlan(plan: EstatePlan, noColor: boolean | undefined): Promise<string> {
  const [{ renderPlan }, { palette, wantsColour }] = await Promise.all([import('./render-plan.js'), import('./colour.js')]);
  return renderPlan(plan, palette(wantsColour(process.stdout, noColor)));
}
