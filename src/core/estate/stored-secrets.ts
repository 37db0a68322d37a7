// A stored estate plan keeps the operations it will run, but never a secret: each secret value in an
// operation's input is stored as the reference it came from, `{ "$secret": "env:NAME" }`, and put back at
// apply from the values the client supplies again (checked against the plan's fingerprints first).
import type { JsonObject, JsonValue } from '../vendor-contract/adapter.js';
import type { SecretReferenceName } from './secret-references.js';

const MARK = '$secret';

/** `input` with every string that is one of the document's secret values replaced by its reference. */
export function withSecretReferences(input: Record<string, unknown>, values: ReadonlyMap<SecretReferenceName, string>): JsonObject {
  const byValue = new Map([...values].map(([reference, value]) => [value, reference]));
  const walk = (value: unknown): JsonValue => {
    if (typeof value === 'string') {
      const reference = byValue.get(value);
      return reference === undefined ? value : { [MARK]: reference };
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, walk(v)]),
      );
    return (value ?? null) as JsonValue;
  };
  return walk(input) as JsonObject;
}

/** The references a stored input holds. */
export function referencesIn(value: JsonValue): SecretReferenceName[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value && typeof value === 'object') {
    const mark = value[MARK];
    if (typeof mark === 'string' && Object.keys(value).length === 1) return [mark];
    return Object.values(value).flatMap(referencesIn);
  }
  return [];
}

/** A stored input with its references replaced by the supplied values (every reference must have one). */
export function withSecretValues(input: JsonObject, values: ReadonlyMap<SecretReferenceName, string>): Record<string, unknown> {
  const walk = (value: JsonValue): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const mark = value[MARK];
      if (typeof mark === 'string' && Object.keys(value).length === 1) {
        const secret = values.get(mark);
        if (secret === undefined) throw new Error(`no value for ${mark}`);
        return secret;
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return walk(input) as Record<string, unknown>;
}
