// What metrics and traces call a GraphQL operation: its type and its root field. Operation names are the
// client's choice (unbounded), root fields are the schema's (bounded): labels use the root field.
import { type DocumentNode, getOperationAST } from 'graphql';
import { rootFieldsOf } from '../graphql/root-fields.js';

export interface OperationLabel {
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  /** The root field (fragments looked through); `multiple` when there are several; `__typename` alone stays. */
  operation: string;
  /** As the document names it, for traces only (never a metric label). */
  name: string | null;
}

export function operationLabel(document: DocumentNode, operationName: string | null | undefined): OperationLabel {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return { type: 'unknown', operation: 'none', name: null };
  const fields = new Set(rootFieldsOf(document, operation).map((field) => field.name.value));
  if (fields.size > 1) fields.delete('__typename');
  const [only] = fields;
  return {
    type: operation.operation,
    operation: fields.size === 1 ? only! : fields.size === 0 ? 'none' : 'multiple',
    name: operation.name?.value ?? null,
  };
}
