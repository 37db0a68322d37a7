// Each mutation input is defined once: a zod schema in the vendor's inputs.ts, which validates it in the pipeline.
// The GraphQL input fields are derived from that schema here, so the two cannot drift apart:
//   z.string() String · z.number().int() Int · z.number() Float · z.boolean() Boolean · z.array(x) [X!]
//   z.enum([...]) an enum named by the schema's meta `title` (values upper-cased: 'local_region' -> LOCAL_REGION,
//   descriptions from meta `valueDescriptions`; meta `valueNames` names a value whose upper-cased form is not its
//   GraphQL name: { openidconnect: 'OPENID_CONNECT' }) · z.object() an input type named by its `title`
//   z.record() JSON (the JSON scalar: any JSON object is the record's to check)
//   .optional() / .nullable() / .nullish() / .default() -> a nullable field, else required (!)
//   .describe() / meta `description` -> the field's or type's description; refinements and transforms validate
//   only (the GraphQL type is their input's).
// The same meta serves a JSON Schema (z.toJSONSchema) of the same inputs.
import type { EnumRef, InputFieldMap, InputObjectRef, InputRef } from '@pothos/core';
import type { z } from 'zod';
import { enumValueName } from '../core/inputs/enum-names.js';
import type { MutationInputBuilder } from './mutation-field.js';
import type { GatewayBuilder } from './vendor-kit.js';
import { sourcedFields } from '../core/vendor-contract/setup.js';

type AnyZod = z.core.$ZodType;
type InputType = InputRef<unknown> | string;

/** Enums and input objects by name, per builder: a zod enum used in several inputs (and outputs) is one type. */
const namedTypes = new WeakMap<GatewayBuilder, Map<string, InputType>>();

function metaOf(schema: AnyZod): z.GlobalMeta | undefined {
  return (schema as unknown as { meta(): z.GlobalMeta | undefined }).meta();
}

function named(builder: GatewayBuilder, name: string, define: () => InputType): InputType {
  let types = namedTypes.get(builder);
  if (!types) namedTypes.set(builder, (types = new Map()));
  let type = types.get(name);
  if (!type) types.set(name, (type = define()));
  return type;
}

function titleOf(schema: AnyZod, what: string): string {
  const title = metaOf(schema)?.title;
  if (!title) throw new Error(`a zod ${what} in a mutation input needs .meta({ title }) to name its GraphQL type`);
  return title;
}

/** The GraphQL enum of a zod enum (named by its meta title): inputs and output fields share it. */
export function enumFromZod<const T extends string>(builder: GatewayBuilder, schema: z.ZodEnum<{ [K in T]: K }>): EnumRef<never, T, T> {
  const meta = metaOf(schema);
  return named(builder, titleOf(schema, 'enum'), () =>
    builder.enumType(titleOf(schema, 'enum'), {
      description: meta?.description,
      values: Object.fromEntries(
        (schema.options as string[]).map((value) => [
          meta?.valueNames?.[value] ?? enumValueName(value),
          { value, description: meta?.valueDescriptions?.[value] },
        ]),
      ),
    }),
  ) as unknown as EnumRef<never, T, T>;
}

/**
 * The titled schema a clone was made from: `.describe()` on a titled schema (a required enum field) clones it,
 * keeping the title; the type is the original's, the clone's description is the field's.
 */
function titledOriginal(schema: AnyZod): AnyZod {
  let original = schema;
  for (;;) {
    const parent = (original._zod as { parent?: AnyZod }).parent;
    if (!parent || metaOf(parent)?.title !== metaOf(original)?.title) return original;
    original = parent;
  }
}

/** Strips optional / nullable / default / pipe wrappers: the base schema, whether it is required, its description. */
function unwrap(schema: AnyZod): { base: AnyZod; required: boolean; description: string | undefined } {
  let base = schema;
  let required = true;
  let description: string | undefined;
  for (;;) {
    // A titled schema's description is its type's (an enum, an input object), not this field's.
    const meta = metaOf(base);
    if (meta?.title) {
      const original = titledOriginal(base);
      if (meta.description !== metaOf(original)?.description) description ??= meta.description;
      base = original;
    } else {
      description ??= meta?.description;
    }
    // A field SAML metadata or OIDC discovery may give: required by the rules, left out of the GraphQL type's `!`.
    if (sourcedFields.has(base)) required = false;
    const def = base._zod.def as { type: string; innerType?: AnyZod; in?: AnyZod };
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') {
      required = false;
      base = def.innerType!;
    } else if (def.type === 'pipe') {
      base = def.in!;
    } else {
      return { base, required, description };
    }
  }
}

/** The GraphQL type of a base schema, and for a list whether its items are required. */
function typeOf(builder: GatewayBuilder, base: AnyZod, path: string): { type: InputType | [InputType]; items?: boolean } {
  const def = base._zod.def as { type: string; element?: AnyZod };
  switch (def.type) {
    case 'string':
      return { type: 'String' };
    case 'number':
      return { type: (base as unknown as { isInt: boolean }).isInt ? 'Int' : 'Float' };
    case 'boolean':
      return { type: 'Boolean' };
    case 'enum':
      return { type: enumFromZod(builder, base as z.ZodEnum<Record<string, string>>) as InputType };
    case 'object':
      return { type: inputObjectFromZod(builder, base as z.ZodObject) };
    case 'record':
      return { type: 'JSON' };
    case 'array': {
      const item = unwrap(def.element!);
      const inner = typeOf(builder, item.base, `${path}.*`);
      if (Array.isArray(inner.type)) throw new Error(`${path}: lists of lists have no GraphQL input type here`);
      return { type: [inner.type], items: item.required };
    }
    default:
      throw new Error(`${path}: no GraphQL input type for a zod ${def.type}`);
  }
}

/** A nested zod object as a GraphQL input type, named by its meta title. */
export function inputObjectFromZod(builder: GatewayBuilder, schema: z.ZodObject): InputObjectRef<never, unknown> {
  const name = titleOf(schema, 'object');
  return named(builder, name, () =>
    builder.inputType(name, {
      description: metaOf(schema)?.description,
      fields: (t) => inputFieldsFromZod(builder, t, schema),
    }),
  ) as unknown as InputObjectRef<never, unknown>;
}

/** The GraphQL input fields of a zod object's shape, one per key (a mutation's input must be a zod object). */
export function inputFieldsFromZod(builder: GatewayBuilder, t: MutationInputBuilder, schema: AnyZod): InputFieldMap {
  const def = schema._zod.def as { type: string; shape?: Record<string, AnyZod> };
  if (def.type !== 'object' || !def.shape) throw new Error(`a mutation input must be a zod object, not a ${def.type}`);
  const fields: InputFieldMap = {};
  for (const [name, field] of Object.entries(def.shape)) {
    const { base, required, description } = unwrap(field);
    const { type, items } = typeOf(builder, base, name);
    const options = { type, description, required: items === undefined ? required : { list: required, items } };
    fields[name] = t.field(options as unknown as Parameters<MutationInputBuilder['field']>[0]);
  }
  return fields;
}
