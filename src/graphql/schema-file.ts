import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/schema.graphql');

/** The JSON Schema of estate documents (core/estate/json-schema.ts). */
export const ESTATE_SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/estate.schema.json');
