// Access tokens are secrets only while they live: a gateway renews them for as long as it runs, so the registry
// forgets a token once its vendor has let it die (BearerTokenCache tells SecretRegistry.retire when it replaces
// one), and keeps scrubbing it until then.
import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry } from '../../src/core/secrets.js';
import { BearerTokenCache, RETIRE_AFTER_EXPIRY_MS } from '../../src/core/vendor-http/bearer-token.js';

describe('SecretRegistry.retire', () => {
  it('scrubs a retired value until its time, and forgets it at the next value added after', () => {
    const secrets = new SecretRegistry();
    secrets.add('token-dead-1a2b3c');
    secrets.add('token-alive-4d5e6f');
    secrets.retire('token-dead-1a2b3c', Date.now() - 1);
    secrets.retire('token-alive-4d5e6f', Date.now() + 60_000);
    // Until a value is added, nothing is forgotten.
    expect(secrets.scrub('token-dead-1a2b3c')).toBe(REDACTED);
    secrets.add('client-secret-7g8h9i');
    expect(secrets.scrub('a token-dead-1a2b3c b')).toBe('a token-dead-1a2b3c b');
    expect(secrets.scrub('a token-alive-4d5e6f b client-secret-7g8h9i')).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it('keeps a form another value shares, and ignores values it never had', () => {
    const secrets = new SecretRegistry();
    // The second value is the first one URI-encoded: one form, two owners.
    secrets.add('a b cdefgh');
    secrets.add('a%20b%20cdefgh');
    secrets.retire('a b cdefgh', 0);
    secrets.retire('never-added-value', 0);
    secrets.add('another-secret-value');
    expect(secrets.scrub('[a%20b%20cdefgh]')).toBe(`[${REDACTED}]`);
    expect(secrets.scrub('[a b cdefgh]')).toBe('[a b cdefgh]');
  });

  it('forgets retired values among thousands, and scrubs the rest as before', () => {
    const secrets = new SecretRegistry();
    for (let i = 0; i < 1_000; i++) secrets.add(`access-token-${i}-zz`);
    for (let i = 0; i < 500; i++) secrets.retire(`access-token-${i}-zz`, 0);
    secrets.add('one-more-secret');
    expect(secrets.scrub('access-token-10-zz access-token-990-zz')).toBe(`access-token-10-zz ${REDACTED}`);
  });
});

describe('BearerTokenCache', () => {
  it('retires the token it replaces, from its expiry (plus a margin for the clocks) on', async () => {
    let now = 1_000_000;
    let issued = 0;
    const retired: Array<[string, number]> = [];
    const cache = new BearerTokenCache(
      async () => ({ token: `token-${++issued}`, expiresInSeconds: 3_600 }),
      60_000,
      () => now,
      (token, at) => retired.push([token, at]),
    );
    expect(await cache.get()).toBe('token-1');
    const firstExpiry = now + 3_600_000;
    now += 3_600_000 - 30_000; // inside the renewal minute
    expect(await cache.get()).toBe('token-2');
    expect(retired).toEqual([['token-1', firstExpiry + RETIRE_AFTER_EXPIRY_MS]]);
    // A token the vendor refused is retired too (still from its own expiry: the vendor may refuse it for a while only).
    cache.invalidate('token-2');
    expect(retired[1]).toEqual(['token-2', now + 3_600_000 + RETIRE_AFTER_EXPIRY_MS]);
    expect(await cache.get()).toBe('token-3');
    expect(retired).toHaveLength(2);
  });

  it('retires the secrets issued with a token (a refresh token never used) together with it', async () => {
    let issued = 0;
    const retired: Array<[string, number]> = [];
    const now = 5_000_000;
    const cache = new BearerTokenCache(
      async () => ({ token: `access-${++issued}`, expiresInSeconds: 600, companions: [`refresh-${issued}`] }),
      60_000,
      () => now,
      (secret, at) => retired.push([secret, at]),
    );
    await cache.get();
    cache.invalidate('access-1');
    expect(retired).toEqual([
      ['access-1', now + 600_000 + RETIRE_AFTER_EXPIRY_MS],
      ['refresh-1', now + 600_000 + RETIRE_AFTER_EXPIRY_MS],
    ]);
    expect(await cache.get()).toBe('access-2');
  });
});
