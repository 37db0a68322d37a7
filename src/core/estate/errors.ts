// The estate's own refusals, typed like every gateway error: a document with problems (each with its path
// and line:column), and a saved plan whose targets moved since it was made.
import { GatewayError } from '../errors.js';
import type { DocumentProblem } from './document-text.js';
import type { EstateMovedTarget } from './apply.js';

export class EstateDocumentError extends GatewayError {
  readonly code = 'ESTATE_DOCUMENT_INVALID';
  constructor(readonly problems: DocumentProblem[]) {
    super(
      `The estate document has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was read or written. ${problems
        .slice(0, 3)
        .map(describeProblem)
        .join('; ')}`,
    );
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problems: this.problems };
  }
}

/** `connections.x.providers.acme.loginUrl (line 14:7): must be an https:// URL`. */
export function describeProblem(problem: DocumentProblem): string {
  const where = problem.line === null ? '' : ` (line ${problem.line}:${problem.column})`;
  return `${problem.path || 'document'}${where}: ${problem.message}`;
}

export class EstatePlanMovedError extends GatewayError {
  readonly code = 'ESTATE_TARGETS_MOVED';
  constructor(readonly moved: EstateMovedTarget[]) {
    super(
      `Nothing was applied: ${moved.length} target${moved.length === 1 ? '' : 's'} changed since the plan was made (${moved
        .map((target) => `${target.connectionId}/${target.key}`)
        .join(', ')}). Plan again.`,
    );
  }
}
