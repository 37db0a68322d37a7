// The JSON Schema of estate documents (schema/estate.schema.json), generated from the same zod definitions
// that check a document (each vendor's VendorEstate.entry), enum values by their GraphQL names and secret
// fields as references, so that editors complete and check what the gateway accepts.
import { z } from 'zod';
import type { VendorEstate } from '../vendor-contract/estate.js';
import { enumNames } from '../inputs/enum-names.js';

type JsonSchema = Record<string, unknown>;

const SECRET_REFERENCE: JsonSchema = {
  description: 'A secret is never written in the document: the value comes from the environment or a file where the client runs.',
  oneOf: [
    {
      type: 'object',
      properties: { env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$' }, optional: { type: 'boolean' } },
      required: ['env'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { file: { type: 'string', minLength: 1, maxLength: 1024 }, optional: { type: 'boolean' } },
      required: ['file'],
      additionalProperties: false,
    },
  ],
};

/** One vendor's provider entry: its zod entry as JSON Schema, enums by name, secrets as references, `key` allowed. */
function entrySchema(estate: VendorEstate): JsonSchema {
  const schema = z.toJSONSchema(estate.entry, {
    io: 'input',
    unrepresentable: 'any',
    override: (context) => {
      const def = context.zodSchema._zod.def as { type: string };
      if (def.type === 'enum') context.jsonSchema.enum = [...enumNames(context.zodSchema as unknown as z.ZodEnum).values()];
    },
  }) as JsonSchema;
  delete schema.$schema;
  for (const secretPath of Object.keys(estate.secretFields)) {
    let at = schema;
    const parts = secretPath.split('.');
    for (const part of parts.slice(0, -1)) at = ((at.properties as Record<string, JsonSchema> | undefined)?.[part] ?? {}) as JsonSchema;
    const properties = at.properties as Record<string, JsonSchema> | undefined;
    if (properties) properties[parts.at(-1)!] = { $ref: '#/$defs/SecretReference' };
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  schema.properties = { key: { type: 'string', description: "The provider's key (in a list of providers)." }, ...properties };
  return schema;
}

const title = (vendor: string) => `${vendor[0]!.toUpperCase()}${vendor.slice(1)}Provider`;

export function estateJsonSchema(estates: ReadonlyMap<string, VendorEstate>): JsonSchema {
  const vendors = [...estates.keys()].sort();
  const provider = { anyOf: vendors.map((vendor) => ({ $ref: `#/$defs/${title(vendor)}` })) };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/idp-gateway/idp-gateway/schema/estate.schema.json',
    title: 'IdP gateway estate document',
    description: 'Every identity provider of every connection, as code: `idp-gateway plan -f estate.yaml`.',
    type: 'object',
    required: ['version', 'connections'],
    additionalProperties: false,
    properties: {
      version: { const: 1 },
      connections: {
        type: 'object',
        description: 'By connection id (as in the gateway config).',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            prune: { type: 'boolean', description: 'Delete the providers at the vendor that the document does not name.' },
            providers: {
              description: "By the provider's key, or a list of providers (a create whose key the vendor assigns has none).",
              oneOf: [
                { type: 'object', additionalProperties: provider },
                { type: 'array', items: provider },
              ],
            },
          },
        },
      },
    },
    $defs: {
      SecretReference: SECRET_REFERENCE,
      ...Object.fromEntries(vendors.map((vendor) => [title(vendor), entrySchema(estates.get(vendor)!)])),
    },
  };
}

/** The file's text: stable key order as generated, two-space indent, final newline. */
export function printEstateJsonSchema(estates: ReadonlyMap<string, VendorEstate>): string {
  return `${JSON.stringify(estateJsonSchema(estates), null, 2)}\n`;
}
