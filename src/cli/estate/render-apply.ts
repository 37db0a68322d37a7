// An apply's report as `idp-gateway apply` prints it: each item with its status (a failure with its typed error;
// items that needed nothing only counted), the change set every audit event of the run carries, and the summary
// line `Apply: 4 applied, 1 failed, 2 not attempted.`. `applyExitCode` is the verdict: 0 only when all was made.
import type { EstateAction, EstateApplyItem, EstateApplyReport, EstateApplyStatus } from './api-types.js';
import type { Palette } from './colour.js';

const SYMBOL: Record<EstateAction, string> = { CREATE: '+', UPDATE: '~', DELETE: '-', NO_OP: ' ', UNMANAGED: '?' };
const STATUS_COLOUR: Record<EstateApplyStatus, keyof Palette> = {
  APPLIED: 'green',
  FAILED: 'red',
  NOT_ATTEMPTED: 'yellow',
  UNCHANGED: 'bold',
};
const STATUS_WIDTH = 'NOT_ATTEMPTED'.length;

export function renderApplyReport(report: EstateApplyReport, colours: Palette): string {
  const lines = [`Change set ${report.changeSetId} (every audit event of this apply carries it: auditEvents(changeSetId:)).`, ''];
  // As in the plan, providers that needed nothing are only counted.
  const listed = report.items.filter((item) => item.status !== 'UNCHANGED');
  for (const item of listed) lines.push(...itemLines(item, colours));
  if (listed.length) lines.push('');
  lines.push(applySummaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** `Apply: 4 applied, 1 failed, 2 not attempted.` (`, 1 unchanged` only when there are). */
export function applySummaryLine(report: EstateApplyReport): string {
  const count = (status: EstateApplyStatus) => report.items.filter((item) => item.status === status).length;
  const unchanged = count('UNCHANGED') > 0 ? `, ${count('UNCHANGED')} unchanged` : '';
  return `Apply: ${count('APPLIED')} applied, ${count('FAILED')} failed, ${count('NOT_ATTEMPTED')} not attempted${unchanged}.`;
}

/** 0 when the gateway says the run succeeded and every item was applied (or needed nothing); 1 otherwise. */
export function applyExitCode(report: EstateApplyReport): number {
  return report.succeeded && report.items.every((item) => item.status === 'APPLIED' || item.status === 'UNCHANGED') ? 0 : 1;
}

function itemLines(item: EstateApplyItem, colours: Palette): string[] {
  const status = colours[STATUS_COLOUR[item.status]](item.status.padEnd(STATUS_WIDTH));
  const lines = [`  ${status}  ${SYMBOL[item.action]} ${item.documentPath}`];
  const error = item.error;
  if (error) {
    const detail = [error.vendorCode ? `vendor code ${error.vendorCode}` : '', error.retryable ? 'retryable' : '']
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${' '.repeat(STATUS_WIDTH)}    ${error.code ?? 'ERROR'}: ${error.message ?? 'no message'}${detail ? ` (${detail})` : ''}`,
    );
    for (const fieldError of error.fieldErrors ?? []) {
      lines.push(`  ${' '.repeat(STATUS_WIDTH)}      ${fieldError.path.join('.')}: ${fieldError.message}`);
    }
  }
  return lines;
}
