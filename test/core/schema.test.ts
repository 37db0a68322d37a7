import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printEstateJsonSchema } from '../../src/core/estate/json-schema.js';
import { ESTATE_SCHEMA_FILE, SCHEMA_FILE } from '../../src/graphql/schema-file.js';
import { printGatewaySchema } from '../../src/graphql/schema.js';
import { vendorEstates } from '../../src/vendors/index.js';

describe('schema/', () => {
  it('schema.graphql is what the code prints (run `npm run schema:print` after changing the schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printGatewaySchema());
  });

  it('estate.schema.json is what the vendor estate definitions print (`npm run schema:print`)', () => {
    expect(readFileSync(ESTATE_SCHEMA_FILE, 'utf8')).toBe(printEstateJsonSchema(vendorEstates()));
  });
});
