// The gateway's schema: built once from the listed vendor modules (src/vendors/index.ts).
import { lexicographicSortSchema, printSchema } from 'graphql';
import { vendorModules } from '../vendors/index.js';
import { buildGatewaySchema } from './build-schema.js';

const built = buildGatewaySchema(vendorModules);

export const schema = built.schema;

/** Every vendor mutation by name (batches run them by name). */
export const vendorMutations = built.mutations;

/** The SDL committed in schema/schema.graphql; sorted so that the file does not churn with import order. */
export function printGatewaySchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
