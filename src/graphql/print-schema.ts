// npm run schema:print — writes schema/schema.graphql and schema/estate.schema.json from the code.
import { writeFileSync } from 'node:fs';
import { printEstateJsonSchema } from '../core/estate/json-schema.js';
import { vendorEstates } from '../vendors/index.js';
import { ESTATE_SCHEMA_FILE, SCHEMA_FILE } from './schema-file.js';
import { printGatewaySchema } from './schema.js';

writeFileSync(SCHEMA_FILE, printGatewaySchema());
console.log(`wrote ${SCHEMA_FILE}`);
writeFileSync(ESTATE_SCHEMA_FILE, printEstateJsonSchema(vendorEstates()));
console.log(`wrote ${ESTATE_SCHEMA_FILE}`);
