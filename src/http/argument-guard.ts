// Control characters in query arguments, refused before anything runs.
//
// Why: no argument a query or a subscription takes (connection ids, provider keys, actors, operation names,
// cursors, global ids, times) can hold a control character, and PostgreSQL refuses a NUL in text outright: an
// `auditEvents(actor: "a\u0000b")` used to reach the store and come back as a masked INTERNAL_SERVER_ERROR,
// with the failed statement in the error log. This plugin answers such a request up front, with a GraphQL
// error that names the argument (`auditEvents(actor:)`) and code BAD_USER_INPUT, before the response cache,
// the resolvers and the store see it.
//
// What it looks at: every argument of every field and directive of the operation that runs (through its
// fragments), as a literal (strings, also inside lists and input objects) or as a variable (the value sent,
// at any depth, or the variable's default). Control characters are U+0000-U+001F and U+007F.
// Mutations are left alone: their inputs are checked by the mutation pipeline (src/core/pipeline.ts) and
// answered as a typed ValidationError in the mutation's result union.
// GET /audit.jsonl applies the same rule to its query parameters (src/audit-export.ts).
import {
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The code point of the first control character (U+0000-U+001F, U+007F) in `text`, or null. */
export function controlCharacterIn(text: string): number | null {
  const match = CONTROL_CHARACTER.exec(text);
  return match ? match[0].charCodeAt(0) : null;
}

/** "U+0000". */
export function describeControlCharacter(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface ControlCharacterArgument {
  /** `auditEvents(actor:)`, `@include(if:)`. */
  argument: string;
  codePoint: number;
  node: ArgumentNode;
}

/** Deeper than this, a variable's value is not searched (no argument of the schema nests that deep). */
const MAX_VALUE_DEPTH = 32;

function inRawValue(value: unknown, depth: number): number | null {
  if (typeof value === 'string') return controlCharacterIn(value);
  if (value === null || typeof value !== 'object' || depth > MAX_VALUE_DEPTH) return null;
  for (const inner of Array.isArray(value) ? value : Object.values(value)) {
    const found = inRawValue(inner, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The first argument of the operation `operationName` of `document` that holds a control character, or null.
 * A mutation operation (and a document whose operation cannot be told) is not looked at.
 */
export function findControlCharacterArgument(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): ControlCharacterArgument | null {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation || operation.operation === 'mutation') return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const defaults = new Map<string, ValueNode | undefined>();
  for (const definition of operation.variableDefinitions ?? []) defaults.set(definition.variable.name.value, definition.defaultValue);
  const given = variables ?? {};

  const inValue = (node: ValueNode): number | null => {
    switch (node.kind) {
      case Kind.STRING:
        return controlCharacterIn(node.value);
      case Kind.LIST:
        for (const item of node.values) {
          const found = inValue(item);
          if (found !== null) return found;
        }
        return null;
      case Kind.OBJECT:
        for (const field of node.fields) {
          const found = inValue(field.value);
          if (found !== null) return found;
        }
        return null;
      case Kind.VARIABLE: {
        const name = node.name.value;
        if (Object.hasOwn(given, name)) return inRawValue(given[name], 0);
        const fallback = defaults.get(name);
        return fallback ? inValue(fallback) : null;
      }
      default:
        return null;
    }
  };
  const inArguments = (owner: string, args: readonly ArgumentNode[] | undefined): ControlCharacterArgument | null => {
    for (const arg of args ?? []) {
      const codePoint = inValue(arg.value);
      if (codePoint !== null) return { argument: `${owner}(${arg.name.value}:)`, codePoint, node: arg };
    }
    return null;
  };
  const inDirectives = (directives: readonly DirectiveNode[] | undefined): ControlCharacterArgument | null => {
    for (const directive of directives ?? []) {
      const found = inArguments(`@${directive.name.value}`, directive.arguments);
      if (found) return found;
    }
    return null;
  };
  const visited = new Set<string>();
  const inSelections = (selectionSet: SelectionSetNode): ControlCharacterArgument | null => {
    for (const selection of selectionSet.selections) {
      const found = inDirectives(selection.directives);
      if (found) return found;
      if (selection.kind === Kind.FIELD) {
        const inField =
          inArguments(selection.name.value, selection.arguments) ?? (selection.selectionSet ? inSelections(selection.selectionSet) : null);
        if (inField) return inField;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inFragment = inSelections(selection.selectionSet);
        if (inFragment) return inFragment;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (visited.has(name) || !fragment) continue;
        visited.add(name);
        const inFragment = inDirectives(fragment.directives) ?? inSelections(fragment.selectionSet);
        if (inFragment) return inFragment;
      }
    }
    return null;
  };
  return inDirectives(operation.directives) ?? inSelections(operation.selectionSet);
}

/** The error a request with a control character in an argument is answered with. */
export function controlCharacterError(found: ControlCharacterArgument): GraphQLError {
  return new GraphQLError(
    `The argument ${found.argument} contains a control character (${describeControlCharacter(found.codePoint)}); ` +
      'control characters (U+0000 to U+001F and U+007F) are not accepted in query arguments.',
    {
      nodes: [found.node],
      // A request error (nothing ran): 400 with application/graphql-response+json, 200 with application/json,
      // as yoga answers validation errors.
      extensions: { code: 'BAD_USER_INPUT', argument: found.argument, http: { spec: true, status: 400 } },
    },
  );
}

/**
 * Refuses a query or subscription with a control character in any argument (see the top of this file). Put it
 * before the response cache: a refused request is never looked up, nor executed.
 */
export function argumentGuardPlugin(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const found = findControlCharacterArgument(args.document, args.operationName, args.variableValues);
      if (found) setResultAndStopExecution({ errors: [controlCharacterError(found)] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const found = findControlCharacterArgument(args.document, args.operationName, args.variableValues);
      if (found) setResultAndStopExecution({ errors: [controlCharacterError(found)] });
    },
  };
}
