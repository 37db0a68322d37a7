// A provider's version: a hash of its whole non-secret state plus its secret fingerprints, so a client that
// read version V can say "change it only if it is still V", and a secret rotation changes the version too.
import { createHash } from 'node:crypto';
import type { NormalizedProvider } from './provider.js';

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
