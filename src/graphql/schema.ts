// Imports every type module (the vendors register theirs through src/vendors/index.ts) and builds the schema.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './access.js';
import './errors.js';
import './provider.js';
import './audit.js';
import './drift.js';
import './queries.js';
import './automation.js';
import '../vendors/index.js';

export const schema = builder.toSchema();

/** The SDL committed in schema/schema.graphql; sorted so that the file does not churn with import order. */
export function printGatewaySchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
