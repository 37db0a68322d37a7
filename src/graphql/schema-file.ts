import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/schema.graphql');
