// Selection sets of every field of a type, built from the schema itself, so a test asks for all there is
// (a field added later is asked for too). Fields with required arguments are left out; unions and
// interfaces get `__typename` and an inline fragment per possible type; `depth` stops cycles.
import {
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { schema } from '../../src/graphql/schema.js';

function fieldsOf(type: GraphQLNamedType, depth: number, alias = ''): string {
  if (isAbstractType(type)) {
    // Members may have same-named fields of different types: each member's fields get aliases of their own.
    const possible = schema
      .getPossibleTypes(type)
      .map((member) => `... on ${member.name} { ${fieldsOf(member, depth, `${member.name}_`)} }`);
    return `__typename ${possible.join(' ')}`;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const parts: string[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    const name = alias ? `${alias}${field.name}: ${field.name}` : field.name;
    if (isLeafType(named)) {
      parts.push(name);
    } else if (depth > 0) {
      const inner = fieldsOf(named, depth - 1);
      if (inner) parts.push(`${name} { ${inner} }`);
    }
  }
  return parts.join(' ');
}

/** Every field of `typeName` (scalars, and objects down to `depth` levels), as a selection set body. */
export function selectAll(typeName: string, depth = 3): string {
  const type = schema.getType(typeName);
  if (!type) throw new Error(`no type ${typeName}`);
  return fieldsOf(type, depth);
}

/** The selection of a mutation's result union: every error type's fields, and the payload's with the provider of `providerType`. */
export function mutationResultSelection(operation: string, providerType: string | null): string {
  const union = schema.getType(`${operation.charAt(0).toUpperCase()}${operation.slice(1)}Result`);
  if (!union || !isAbstractType(union)) throw new Error(`no result union for ${operation}`);
  const members = schema.getPossibleTypes(union).map((member) => {
    if (!member.name.endsWith('Payload')) return `... on ${member.name} { ${fieldsOf(member, 2)} }`;
    const fields = Object.values(member.getFields())
      .map((field) => {
        const named = getNamedType(field.type);
        if (isLeafType(named)) return field.name;
        if (field.name === 'provider') return providerType ? `provider { ... on ${providerType} { ${selectAll(providerType, 2)} } }` : '';
        return `${field.name} { ${fieldsOf(named, 2)} }`;
      })
      .filter(Boolean);
    return `... on ${member.name} { ${fields.join(' ')} }`;
  });
  return `__typename ${members.join(' ')}`;
}
