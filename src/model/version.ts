// A provider's version: a hash of its whole non-secret state plus its secret fingerprints, so a client that
// read version V can say "change it only if it is still V", and a secret rotation changes the version too.
// A read works a provider's version out once and carries it (VersionedProvider): a state the same as the last
// one known keeps that one's version without being hashed at all (sameState).
import { createHash } from 'node:crypto';
import type { NormalizedProvider } from './provider.js';

/** A provider with its version, worked out once and carried (a store Snapshot is one). */
export interface VersionedProvider {
  provider: NormalizedProvider;
  version: string;
}

/** JSON with object keys sorted, so equal states always serialize (and hash) equally. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableStringify(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function providerVersion(provider: NormalizedProvider): string {
  return createHash('sha256').update(stableStringify(provider)).digest('hex').slice(0, 16);
}

/**
 * Whether two states are the same JSON, compared in place: key order and keys whose value is undefined do not
 * count, as in stableStringify. When it says true, both serialize alike and so have the same version; it may say
 * false where the serializations would still match (undefined against null in an array): the hash then decides.
 */
export function sameState(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameState(a[index], b[index])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key of Object.keys(left)) {
    if (left[key] === undefined) continue;
    keys++;
    if (!sameState(left[key], right[key])) return false;
  }
  for (const key of Object.keys(right)) if (right[key] !== undefined) keys--;
  return keys === 0;
}

/** `provider` with its version: `known`'s when the state is the same as `known`'s (no hashing), else hashed once. */
export function versioned(provider: NormalizedProvider, known?: VersionedProvider): VersionedProvider {
  if (known && sameState(provider, known.provider)) return { provider, version: known.version };
  return { provider, version: providerVersion(provider) };
}
