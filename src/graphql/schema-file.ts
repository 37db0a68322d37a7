import { packageFile } from '../package-root.js';

export const SCHEMA_FILE = packageFile('schema', 'schema.graphql');

/** The JSON Schema of estate documents (core/estate/json-schema.ts). */
export const ESTATE_SCHEMA_FILE = packageFile('schema', 'estate.schema.json');
