// The names enum values have outside the wire: GraphQL enums (graphql/zod-input.ts) and estate documents
// (core/estate/) both write a zod enum's wire value 'local_region' as LOCAL_REGION, unless the enum's meta
// `valueNames` says otherwise. One rule, so a document's values are the GraphQL API's.
import type { z } from 'zod';

declare module 'zod' {
  interface GlobalMeta {
    /** An enum's value descriptions, keyed by the enum's (wire) value. */
    valueDescriptions?: Record<string, string>;
    /** An enum's GraphQL value names, keyed by the enum's (wire) value, where one is not `enumValueName(value)`. */
    valueNames?: Record<string, string>;
  }
}

type AnyZod = z.core.$ZodType;

/** GraphQL enum value name of a wire value: 'local_region' -> LOCAL_REGION, 'azuread' -> AZUREAD. */
export function enumValueName(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

export function schemaMeta(schema: AnyZod): z.GlobalMeta | undefined {
  return (schema as unknown as { meta(): z.GlobalMeta | undefined }).meta();
}

/** The name of each wire value of a zod enum, as GraphQL and estate documents write it. */
export function enumNames(schema: z.ZodEnum): Map<string, string> {
  const meta = schemaMeta(schema);
  return new Map((schema.options as string[]).map((value) => [value, meta?.valueNames?.[value] ?? enumValueName(value)]));
}

/**
 * A copy of `value` with every enum value turned from name to wire value ('to-wire') or back ('to-names'),
 * following `schema` (objects, lists, optional / nullable / default / pipe wrappers). What does not fit the
 * schema is left as it is, for the schema's own check to name.
 */
export function convertEnumValues(schema: AnyZod, value: unknown, direction: 'to-wire' | 'to-names'): unknown {
  const def = schema._zod.def as { type: string; innerType?: AnyZod; in?: AnyZod; element?: AnyZod; shape?: Record<string, AnyZod> };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return convertEnumValues(def.innerType!, value, direction);
    case 'pipe':
      return convertEnumValues(def.in!, value, direction);
    case 'enum': {
      if (typeof value !== 'string') return value;
      const names = enumNames(schema as z.ZodEnum);
      if (direction === 'to-names') return names.get(value) ?? value;
      for (const [wire, name] of names) if (name === value) return wire;
      return value;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => convertEnumValues(def.element!, item, direction)) : value;
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        const field = def.shape?.[key];
        out[key] = field ? convertEnumValues(field, inner, direction) : inner;
      }
      return out;
    }
    default:
      return value;
  }
}
