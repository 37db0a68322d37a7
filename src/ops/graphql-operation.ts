// What metrics and traces call a GraphQL operation: its type and its root field. Operation names are the
// client's choice (unbounded), root fields are the schema's (bounded): labels use the root field.
import { getOperationAST, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

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
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields = new Set<string>();
  const seen = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  if (fields.size > 1) fields.delete('__typename');
  const [only] = fields;
  return {
    type: operation.operation,
    operation: fields.size === 1 ? only! : fields.size === 0 ? 'none' : 'multiple',
    name: operation.name?.value ?? null,
  };
}
