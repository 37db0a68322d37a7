// The typed errors of the estate API's result unions, worded for the terminal: the document's problems one per
// line with their place, each moved target of a saved plan, and the role, vendor or wait the others carry.
import type { EstateMovedTarget, EstateProblem, EstateTypedError } from './api-types.js';
import { CliFailure } from './failure.js';

export function describeTypedError(error: EstateTypedError): CliFailure {
  switch (error.__typename) {
    case 'EstateDocumentError':
      return new CliFailure([
        `the document has ${plural(error.problems?.length ?? 0, 'problem')}; nothing was read or written:`,
        ...(error.problems ?? []).map(problemLine),
      ]);
    case 'EstatePlanMovedError':
      return new CliFailure([
        `nothing was applied: ${plural(error.moved?.length ?? 0, 'target')} changed since the plan was made:`,
        ...(error.moved ?? []).map(movedLine),
        'Make a new plan (idp-gateway plan) and review it.',
      ]);
    case 'ForbiddenError':
      return new CliFailure([
        `forbidden: ${error.message}${error.requiredRole ? ` (needs the ${error.requiredRole.toLowerCase()} role)` : ''}`,
      ]);
    case 'NotFoundError':
      return new CliFailure([`not found: ${error.message}`]);
    case 'VendorError':
      return new CliFailure([
        `vendor error${error.vendor ? ` (${error.vendor.toLowerCase()}${error.vendorCode ? ` ${error.vendorCode}` : ''})` : ''}: ${error.message}`,
      ]);
    case 'StoreUnavailableError':
      return new CliFailure([
        `the gateway's database did not answer: ${error.message}${error.retryAfterSeconds ? ` (retry after ${error.retryAfterSeconds} s)` : ''}`,
      ]);
    case 'ValidationError':
      return new CliFailure([
        `refused: ${error.message}`,
        ...(error.fieldErrors ?? []).map((fieldError) => `${fieldError.path.join('.')}: ${fieldError.message}`),
      ]);
    case 'IdempotencyInProgressError':
      return new CliFailure([`${error.message}${error.retryAfterSeconds ? ` (run it again after ${error.retryAfterSeconds} s)` : ''}`]);
    default:
      return new CliFailure([`${error.__typename ?? 'error'}: ${error.message ?? 'the gateway gave no message'}`]);
  }
}

/** `connections.x.providers.acme.loginUrl (line 14:7): must be an https:// URL` */
export function problemLine(problem: EstateProblem): string {
  const at = problem.line ? ` (line ${problem.line}${problem.column ? `:${problem.column}` : ''})` : '';
  return `${problem.path || '(document)'}${at}: ${problem.message}`;
}

function movedLine(target: EstateMovedTarget): string {
  const now = target.currentVersion === null ? 'it is gone' : `it is now at ${target.currentVersion}`;
  return `${target.connectionId}/${target.key}: planned at version ${target.plannedVersion}, ${now}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
