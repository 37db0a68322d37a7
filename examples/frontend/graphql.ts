// The typed `graphql()` of the frontend example: gql.tada reads the schema's types from schema/graphql-env.d.ts
// (generated from schema/schema.graphql, see README.md), so a document that does not fit the schema fails `tsc`.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../../schema/graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // The gateway's two custom scalars as they arrive in JSON.
  scalars: { DateTime: string; JSON: unknown };
  // Fragments are read in place (a small example: no readFragment() ceremony).
  disableMasking: true;
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
