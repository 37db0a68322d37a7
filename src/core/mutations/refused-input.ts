// What of a refused mutation input its audit row may keep. A value a rule refused can be exactly what must
// not be stored: a private key pasted into a public-key field (Huawei's signingKey), a password in a URL.
// The row keeps the rest of the input and, in its error, the field errors that say what was wrong; each
// refused value is replaced by a marker. (Control characters and length are storable-json.ts's concern.)
// The pipeline's reject() applies it to the audit row of every ValidationError.
import type { JsonObject, JsonValue } from '../vendor-contract/adapter.js';
import type { FieldError } from '../errors.js';

/** What an audit row shows in place of a refused value. */
export const REFUSED_VALUE = '[REFUSED]';

/**
 * A copy of `input` (plain JSON, as an audit row stores it) with the value at every field error's path
 * replaced by REFUSED_VALUE. An error on the whole input (path []) or on a field the input leaves out
 * replaces nothing.
 */
export function withoutRefusedValues(input: JsonObject, fieldErrors: readonly FieldError[]): JsonObject {
  const copy = structuredClone(input);
  for (const { path } of fieldErrors) {
    if (!path.length) continue;
    let at: JsonValue | undefined = copy;
    for (const part of path.slice(0, -1)) {
      at = at !== null && typeof at === 'object' ? (at as Record<string, JsonValue>)[part] : undefined;
    }
    const last = path.at(-1)!;
    if (at !== null && typeof at === 'object' && Object.hasOwn(at, last)) (at as Record<string, JsonValue>)[last] = REFUSED_VALUE;
  }
  return copy;
}
