// Field-level changes between two provider states. Secrets are compared through their fingerprints and
// shown only as "changed", never with a value.
import type { JsonValue, NormalizedProvider } from '../vendor-contract/adapter.js';
import { stableStringify } from '../../model/version.js';
import type { StoredFieldChange } from '../../store/tables.js';

/**
 * Leaves of a JSON value by dotted path. A list of objects is walked by index ("details.display.0.color");
 * a list of plain values counts as one value (a list of redirect URIs changes as a whole).
 */
function flatten(value: JsonValue | undefined, prefix: string, out: Map<string, JsonValue>): void {
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))
  ) {
    for (const [index, item] of value.entries()) flatten(item, `${prefix}.${index}`, out);
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

/**
 * Whether `live` shows the change from `before` to `target`: compares only the paths that change touches
 * (a secret by fingerprint, skipped when the live state does not say). "target": every touched path has
 * the target value; "before": every one still has the old value; "neither": something else.
 */
export function matchChange(
  before: NormalizedProvider | null,
  target: NormalizedProvider | null,
  live: NormalizedProvider | null,
): 'target' | 'before' | 'neither' {
  if (!before || !target) return (live === null) === (target === null) ? 'target' : 'before';
  const touched = diffProviders(before, target);
  const liveValues = visibleState(live);
  const targetValues = visibleState(target);
  const beforeValues = visibleState(before);
  let atTarget = true;
  let atBefore = true;
  for (const change of touched) {
    let now: string;
    if (change.secret) {
      if (!live || !(change.path in live.secretFingerprints)) continue;
      now = String(live.secretFingerprints[change.path]);
      atTarget &&= now === String(target.secretFingerprints[change.path] ?? null);
      atBefore &&= now === String(before.secretFingerprints[change.path] ?? null);
      continue;
    }
    now = stableStringify(liveValues.get(change.path) ?? null);
    atTarget &&= now === stableStringify(targetValues.get(change.path) ?? null);
    atBefore &&= now === stableStringify(beforeValues.get(change.path) ?? null);
  }
  return atTarget ? 'target' : atBefore ? 'before' : 'neither';
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
