// npm run schema:print — writes schema/schema.graphql from the code.
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE } from './schema-file.js';
import { printGatewaySchema } from './schema.js';

writeFileSync(SCHEMA_FILE, printGatewaySchema());
console.log(`wrote ${SCHEMA_FILE}`);
