// The console's typed `graphql()`: gql.tada reads the schema's types from schema/graphql-env.d.ts (generated from
// schema/schema.graphql), so a document that does not fit the schema fails `npm run typecheck`.
import { initGraphQLTada, type ResultOf, type TadaDocumentNode, type TadaPersistedDocumentNode, type VariablesOf } from 'gql.tada';
import type { introspection } from '../schema/graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown };
  disableMasking: true;
}>();

/**
 * A document the console sends by id. Only modules under console/documents/ may call this: the build
 * (scripts/build-console.mjs) prints their documents into the gateway's trusted documents and replaces each such
 * module in the bundle by its `{ documentId }` objects, so no document text ships.
 */
// biome-ignore lint/suspicious/noExplicitAny: any document's result and variables
export function persisted<D extends TadaDocumentNode<any, any>>(document: D): TadaPersistedDocumentNode<ResultOf<D>, VariablesOf<D>> {
  return document as unknown as TadaPersistedDocumentNode<ResultOf<D>, VariablesOf<D>>;
}

export type { ResultOf, VariablesOf } from 'gql.tada';
