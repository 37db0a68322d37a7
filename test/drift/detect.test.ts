// The pure comparison shared by the drift query and the snapshot refresh.
import { describe, expect, it } from 'vitest';
import type { NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { detectDrift } from '../../src/core/reads/drift.js';

const provider = (key: string, overrides: Partial<NormalizedProvider> = {}): NormalizedProvider => ({
  key,
  displayName: key.toUpperCase(),
  protocol: 'OIDC',
  enabled: true,
  clientId: `${key}-client`,
  secretFingerprints: { clientSecret: 'hmac-sha256:aaaa' },
  details: { scopes: ['openid'], display: [{ service: 'a', color: 'fff' }] },
  ...overrides,
});

describe('detectDrift', () => {
  it('finds nothing when the states are equal, whatever the key order of the stored JSON', () => {
    const known = Object.fromEntries(Object.entries(provider('a')).reverse()) as unknown as NormalizedProvider;
    expect(detectDrift([known], [provider('a')])).toEqual([]);
  });

  it('does not count a secret the vendor never returns (key absent in the live state)', () => {
    expect(detectDrift([provider('a')], [provider('a', { secretFingerprints: {} })])).toEqual([]);
  });

  it('counts a secret the vendor returns as changed or removed, without values', () => {
    const rotated = detectDrift([provider('a')], [provider('a', { secretFingerprints: { clientSecret: 'hmac-sha256:bbbb' } })]);
    expect(rotated).toMatchObject([
      { key: 'a', kind: 'CHANGED', changes: [{ path: 'clientSecret', before: null, after: null, secret: true }] },
    ]);
    const removed = detectDrift([provider('a')], [provider('a', { secretFingerprints: { clientSecret: null } })]);
    expect(removed[0]!.changes).toEqual([{ path: 'clientSecret', before: null, after: null, secret: true }]);
  });

  it('lists created, deleted and changed providers by key, field by field', () => {
    const drift = detectDrift(
      [provider('b'), provider('c')],
      [provider('a'), provider('c', { details: { scopes: ['openid', 'email'], display: [{ service: 'a', color: '000' }] } })],
    );
    expect(drift.map((d) => [d.key, d.kind])).toEqual([
      ['a', 'CREATED'],
      ['b', 'DELETED'],
      ['c', 'CHANGED'],
    ]);
    expect(drift[0]!.known).toBeNull();
    expect(drift[1]!.live).toBeNull();
    expect(drift[1]!.changes).toContainEqual({ path: 'clientId', before: 'b-client', after: null, secret: false });
    expect(drift[2]!.changes).toEqual([
      { path: 'details.display.0.color', before: 'fff', after: '000', secret: false },
      { path: 'details.scopes', before: ['openid'], after: ['openid', 'email'], secret: false },
    ]);
  });
});
