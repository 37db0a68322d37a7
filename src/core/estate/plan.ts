// Plans an estate document against the live state: one list read per connection (fresh, or the snapshots
// with `fromCache`), each entry compared field by field with the provider as exported, and every change
// planned by its vendor mutations through the pipeline's `preview` (the same input rules, checks and exact
// requests as a dry run, against the state just listed: no read per provider). Nothing is written to a vendor.
import { randomUUID } from 'node:crypto';
import { type GatewayError, ValidationError } from '../errors.js';
import type { Fingerprinter } from '../secrets.js';
import type { ProviderReader } from '../reads/provider-reader.js';
import type { MutationPipeline } from '../mutations/pipeline.js';
import type { DisplayedRequest } from '../mutations/planned-requests.js';
import type { JsonObject, JsonValue, NormalizedProvider, ProviderView } from '../vendor-contract/adapter.js';
import type { EstateOperation, VendorEstate } from '../vendor-contract/estate.js';
import type { StoredFieldChange } from '../../store/tables.js';
import { stableStringify } from '../../model/version.js';
import { diffProviders } from '../mutations/changes.js';
import { type DocumentPath, type DocumentProblem, formatPath } from './document-text.js';
import type { EstateConnectionSection, EstateDocument, EstateEntry } from './document.js';
import { withValueAt } from './secret-references.js';
import { withSecretReferences } from './stored-secrets.js';

export type EstateAction = 'CREATE' | 'UPDATE' | 'DELETE' | 'NO_OP' | 'UNMANAGED';

/** One vendor mutation of a plan item, its input with secrets as references ({ $secret: "env:NAME" }). */
export interface PlannedOperation {
  operation: string;
  input: JsonObject;
}

export interface EstatePlanItem {
  connectionId: string;
  vendor: string;
  key: string | null;
  documentPath: string;
  action: EstateAction;
  /** The provider's version the plan was made against (null for a create). */
  version: string | null;
  changes: StoredFieldChange[];
  operations: PlannedOperation[];
  vendorRequests: DisplayedRequest[];
  warnings: string[];
}

export interface EstatePlanSummary {
  creates: number;
  updates: number;
  deletes: number;
  unchanged: number;
  unmanaged: number;
}

export interface EstatePlanData {
  id: string;
  createdAt: string;
  expiresAt: string;
  fromCache: boolean;
  /** With fromCache: the age of the oldest snapshot used. */
  snapshotAgeSeconds: number | null;
  summary: EstatePlanSummary;
  items: EstatePlanItem[];
}

export interface PlanDeps {
  reader: ProviderReader;
  pipeline: MutationPipeline;
  fingerprinter: Fingerprinter;
  actor: string;
}

export type PlanResult =
  | { ok: true; plan: EstatePlanData }
  | { ok: false; error: GatewayError }
  | { ok: false; problems: DocumentProblem[] };

/** What one planning run shares: its deps, its document, and what went wrong so far. */
interface PlanRun {
  deps: PlanDeps;
  document: EstateDocument;
  problems: DocumentProblem[];
  /** A vendor that failed while planning (not the document's fault): the plan fails with the first. */
  failures: GatewayError[];
}

/** How long a stored plan may be applied. */
export const PLAN_LIFETIME_MS = 24 * 60 * 60 * 1000;

const sameJson = (a: unknown, b: unknown) => stableStringify(a ?? null) === stableStringify(b ?? null);

/** The top-level fields the document names whose value differs from the provider's; secrets by fingerprint. */
export function changedFields(
  estate: VendorEstate,
  entry: Pick<EstateEntry, 'fields' | 'secretReferences'>,
  current: NormalizedProvider,
  fingerprinter: Fingerprinter,
): string[] {
  const exported = estate.exportEntry(current);
  let compared: Record<string, unknown> = entry.fields;
  for (const secretPath of Object.keys(estate.secretFields)) compared = withValueAt(compared, secretPath, undefined);
  const changed = new Set(Object.keys(compared).filter((field) => !sameJson(compared[field], exported[field])));
  for (const secretPath of Object.keys(entry.secretReferences)) {
    const value = secretValueAt(entry.fields, secretPath);
    // A fingerprint the gateway does not know (the vendor never returns the secret) counts as changed.
    const known = current.secretFingerprints[estate.secretFields[secretPath]!];
    if (typeof value === 'string' && (known === undefined || known === null || known !== fingerprinter.fingerprint(value)))
      changed.add(secretPath.split('.')[0]!);
  }
  return [...changed].sort();
}

function secretValueAt(fields: JsonObject, dottedPath: string): JsonValue | undefined {
  return dottedPath
    .split('.')
    .reduce<JsonValue | undefined>((at, part) => (at && typeof at === 'object' && !Array.isArray(at) ? at[part] : undefined), fields);
}

export async function planEstate(document: EstateDocument, options: { fromCache: boolean }, deps: PlanDeps): Promise<PlanResult> {
  const reads = await deps.reader.read(
    document.sections.map((section) => section.connection),
    { refresh: !options.fromCache, waitForVendor: true },
  );
  const failed = reads.find((read) => read.error && !options.fromCache);
  if (failed?.error) return { ok: false, error: failed.error };

  const now = Date.now();
  let oldest: number | null = null;
  const items: EstatePlanItem[] = [];
  const run: PlanRun = { deps, document, problems: [], failures: [] };
  for (const [index, section] of document.sections.entries()) {
    const live = reads[index]!.providers;
    for (const view of live) oldest = Math.min(oldest ?? Number.POSITIVE_INFINITY, view.syncedAt.getTime());
    items.push(...(await planSection(section, live, run)));
  }
  if (run.problems.length) return { ok: false, problems: run.problems };
  if (run.failures.length) return { ok: false, error: run.failures[0]! };

  const count = (action: EstateAction) => items.filter((item) => item.action === action).length;
  return {
    ok: true,
    plan: {
      id: randomUUID(),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + PLAN_LIFETIME_MS).toISOString(),
      fromCache: options.fromCache,
      snapshotAgeSeconds: options.fromCache && oldest !== null ? Math.max(0, Math.round((now - oldest) / 1000)) : null,
      summary: {
        creates: count('CREATE'),
        updates: count('UPDATE'),
        deletes: count('DELETE'),
        unchanged: count('NO_OP'),
        unmanaged: count('UNMANAGED'),
      },
      items,
    },
  };
}

async function planSection(section: EstateConnectionSection, live: ProviderView[], run: PlanRun): Promise<EstatePlanItem[]> {
  const { connection, estate } = section;
  const { deps, document } = run;
  const byKey = new Map(live.map((view) => [view.key, view]));
  const items: EstatePlanItem[] = [];
  const base = (entryPath: DocumentPath, key: string | null, view: ProviderView | null) => ({
    connectionId: connection.id,
    vendor: connection.vendor,
    key,
    documentPath: formatPath(entryPath),
    version: view?.version ?? null,
  });

  for (const entry of section.entries) {
    const view = entry.key === null ? null : (byKey.get(entry.key) ?? null);
    if (!view && estate.createKey === null) {
      run.problems.push(
        document.problemAt(
          entry.path,
          `${connection.vendor} has no provider "${entry.key}" on connection "${connection.id}", and providers cannot be created here`,
        ),
      );
      continue;
    }
    const changed = view ? changedFields(estate, entry, view, deps.fingerprinter) : Object.keys(entry.fields);
    if (view && changed.length === 0) {
      items.push({ ...base(entry.path, entry.key, view), action: 'NO_OP', changes: [], operations: [], vendorRequests: [], warnings: [] });
      continue;
    }
    const action = view ? 'UPDATE' : 'CREATE';
    const operations = estate.operations(view, entry.fields, changed, entry.key);
    const warnings = estate.warnings?.(action === 'CREATE' ? 'create' : 'update', view, changed) ?? [];
    // A difference the vendor finds nothing to send for (a part of a nested value the document leaves out) is none.
    if (view && operations.length === 0 && warnings.length === 0) {
      items.push({ ...base(entry.path, entry.key, view), action: 'NO_OP', changes: [], operations: [], vendorRequests: [], warnings: [] });
      continue;
    }
    const previewed = await previewOperations(operations, section, view, entry.key, entry.path, run);
    items.push({
      ...base(entry.path, entry.key, view),
      action,
      ...previewed,
      operations: operations.map((op) => ({ operation: op.spec.operation, input: withSecretReferences(op.input, document.secretValues) })),
      warnings,
    });
  }

  const named = new Set(section.entries.map((entry) => entry.key));
  for (const view of live) {
    if (named.has(view.key)) continue;
    const path: DocumentPath = ['connections', connection.id, 'providers', view.key];
    const remove = section.prune ? estate.deleteOperation?.(view) : undefined;
    if (!remove) {
      const warnings = section.prune ? [`${connection.vendor} providers cannot be deleted through the gateway: left as it is`] : [];
      items.push({ ...base(path, view.key, view), action: 'UNMANAGED', changes: [], operations: [], vendorRequests: [], warnings });
      continue;
    }
    const previewed = await previewOperations([remove], section, view, view.key, path, run);
    items.push({
      ...base(path, view.key, view),
      action: 'DELETE',
      ...previewed,
      operations: [{ operation: remove.spec.operation, input: withSecretReferences(remove.input, document.secretValues) }],
      warnings: estate.warnings?.('delete', view, []) ?? [],
    });
  }
  return items;
}

/** The operations planned one after the other, each against the state the previous one predicts. */
async function previewOperations(
  operations: EstateOperation[],
  section: EstateConnectionSection,
  view: ProviderView | null,
  key: string | null,
  path: DocumentPath,
  run: PlanRun,
): Promise<{ changes: StoredFieldChange[]; vendorRequests: DisplayedRequest[] }> {
  const { deps, document } = run;
  let current: NormalizedProvider | null = view;
  let providerKey = key;
  const vendorRequests: DisplayedRequest[] = [];
  const changes = new Map<string, StoredFieldChange>();
  for (const operation of operations) {
    const outcome = await deps.pipeline.preview(
      {
        spec: operation.spec,
        connectionId: section.connection.id,
        providerKey: operation.spec.kind === 'create' ? null : providerKey,
        input: operation.input,
        actor: deps.actor,
      },
      current,
    );
    if (!outcome.ok) {
      // A refused input is the document's problem, placed in it; anything else (a vendor that failed) fails the plan.
      if (outcome.error instanceof ValidationError)
        for (const field of outcome.error.fieldErrors) run.problems.push(document.problemAt([...path, ...field.path], field.message));
      else run.failures.push(outcome.error);
      return { changes: [], vendorRequests: [] };
    }
    vendorRequests.push(...outcome.vendorRequests);
    // Each operation's effect against the listed state, merged by path (a later one wins): a vendor whose plan
    // predicts from its own live read rather than from `current` (cPanel) still shows every operation's change.
    for (const change of diffProviders(view, outcome.plan.after)) changes.set(change.path, change);
    current = outcome.plan.after;
    providerKey = outcome.plan.providerKey ?? providerKey;
  }
  return { changes: [...changes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), vendorRequests };
}
