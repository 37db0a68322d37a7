// An estate plan as `idp-gateway plan` prints it, in the manner of `terraform plan`: each provider that would
// change (+ create, ~ update, - delete) with its field changes, vendor requests and warnings, in the order they
// run; unmanaged providers with ?; unchanged ones only counted; then the summary line scripts may grep.
import type { EstateAction, EstatePlan, EstatePlanItem, EstatePlanSummary, FieldChange, JsonValue } from './api-types.js';
import type { Palette } from './colour.js';

const SHOWN: Record<EstateAction, { symbol: string; verb: string; colour: keyof Palette } | null> = {
  CREATE: { symbol: '+', verb: 'will be created', colour: 'green' },
  UPDATE: { symbol: '~', verb: 'will be updated', colour: 'yellow' },
  DELETE: { symbol: '-', verb: 'will be deleted', colour: 'red' },
  UNMANAGED: { symbol: '?', verb: 'is not in the document: left alone (unmanaged)', colour: 'bold' },
  NO_OP: null,
};

export function renderPlan(plan: EstatePlan, colours: Palette): string {
  const lines: string[] = [];
  if (plan.fromCache) lines.push(`${cacheAgeLine(plan.snapshotAgeSeconds)}`, '');
  for (const item of plan.items) {
    const shown = SHOWN[item.action];
    if (!shown) continue;
    lines.push(...itemLines(item, shown, colours), '');
  }
  lines.push(summaryLine(plan));
  return `${lines.join('\n')}\n`;
}

/** `Plan: 1 to create, 3 to update, 0 to delete, 14 unchanged.` (`, 2 unmanaged` only when there are), or no changes. */
export function summaryLine(plan: Pick<EstatePlan, 'hasChanges' | 'summary'>): string {
  if (!plan.hasChanges) return 'No changes. The estate matches the document.';
  const s: EstatePlanSummary = plan.summary;
  const unmanaged = s.unmanaged > 0 ? `, ${s.unmanaged} unmanaged` : '';
  return `Plan: ${s.creates} to create, ${s.updates} to update, ${s.deletes} to delete, ${s.unchanged} unchanged${unmanaged}.`;
}

function cacheAgeLine(ageSeconds: number | null): string {
  if (ageSeconds === null) return 'Planned from cached snapshots (their age is not known).';
  return `Planned from cached snapshots: the oldest is ${formatAge(ageSeconds)} old (plan without --from-cache to read the vendors now).`;
}

export function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function itemLines(item: EstatePlanItem, shown: { symbol: string; verb: string; colour: keyof Palette }, colours: Palette): string[] {
  const via = item.operations.length ? `: ${item.operations.join(', then ')}` : '';
  const vendor = `(${item.vendor.toLowerCase()}${via})`;
  const lines =
    item.action === 'UNMANAGED'
      ? [`${colours[shown.colour](`${shown.symbol} ${item.documentPath}`)} ${vendor} ${shown.verb}`]
      : [`${colours[shown.colour](`${shown.symbol} ${item.documentPath} ${shown.verb}`)} ${vendor}`];
  for (const change of item.changes) lines.push(`    ${changeLine(change, item.action)}`);
  for (const request of item.vendorRequests) {
    lines.push(`    request: ${request.method} ${request.path}${request.purpose ? ` (${request.purpose})` : ''}`);
  }
  for (const warning of item.warnings) lines.push(`    warning: ${warning}`);
  return lines;
}

/** `path: before -> after`; a create shows only the value; a secret only that it changes. */
function changeLine(change: FieldChange, action: EstateAction): string {
  if (change.secret) return `${change.path}: (secret changed)`;
  if (action === 'CREATE') return `${change.path}: ${formatValue(change.after)}`;
  return `${change.path}: ${formatValue(change.before)} -> ${formatValue(change.after)}`;
}

function formatValue(value: JsonValue | undefined): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}
