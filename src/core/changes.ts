// Field-level changes between two provider states. Secrets are compared through their fingerprints and
// shown only as "changed", never with a value.
import type { JsonValue, NormalizedProvider } from './adapter.js';
import { stableStringify } from './version.js';
import type { StoredFieldChange } from '../store/tables.js';

/**
 * Leaves of a JSON value by dotted path. A list of objects is walked by index ("details.display.0.color");
 * a list of plain values counts as one value (a list of redirect URIs changes as a whole).
 */
function flatten(value: JsonValue | undefined, prefix: string, out: Map<string, JsonValue>): void {
  if (Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
    value.forEach((item, index) => flatten(item, `${prefix}.${index}`, out));
    return;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  if (prefix) out.set(prefix, value ?? null);
}

function visibleState(provider: NormalizedProvider | null): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  if (!provider) return out;
  const { displayName, protocol, enabled, clientId, details } = provider;
  flatten({ displayName, protocol, enabled, clientId, details }, '', out);
  return out;
}

export function diffProviders(before: NormalizedProvider | null, after: NormalizedProvider | null): StoredFieldChange[] {
  const changes: StoredFieldChange[] = [];
  const a = visibleState(before);
  const b = visibleState(after);
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(path) ?? null;
    const now = b.get(path) ?? null;
    if (stableStringify(was) !== stableStringify(now)) changes.push({ path, before: was, after: now, secret: false });
  }
  const secretsBefore = before?.secretFingerprints ?? {};
  const secretsAfter = after?.secretFingerprints ?? {};
  for (const field of new Set([...Object.keys(secretsBefore), ...Object.keys(secretsAfter)])) {
    if ((secretsBefore[field] ?? null) !== (secretsAfter[field] ?? null)) {
      changes.push({ path: field, before: null, after: null, secret: true });
    }
  }
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
