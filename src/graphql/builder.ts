// The Pothos builder, its plugins and the request Context. It defines no types: each type module does.
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import WithInputPlugin from '@pothos/plugin-with-input';
import type { Loaders } from '../core/loaders.js';
import type { GatewayServices } from '../core/services.js';

export interface GraphQLContext {
  /** Who is asking: the audit trail's actor. */
  actor: string;
  services: GatewayServices;
  loaders: Loaders;
}

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ErrorsPlugin, RelayPlugin, WithInputPlugin, DataloaderPlugin],
  relay: { clientMutationId: 'omit', cursorType: 'String' },
  withInput: {
    // setCpanelClientConfiguration(input: SetCpanelClientConfigurationInput!)
    typeOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Input` },
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 string');
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

export { capitalize };

/** The builder's type parameters, for helpers that take field builders. */
export type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
