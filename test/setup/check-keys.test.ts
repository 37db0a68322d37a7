// The JWKS check without network: keys generated for the test, written as JWKS the way IdPs publish them; a
// private or symmetric key FAILs without its material ever appearing in the message.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkKeys, readJwks } from '../../src/core/setup/check-keys.js';

function rsaJwk(kid: string, modulusLength = 2048) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength });
  return {
    public: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' },
    private: { ...privateKey.export({ format: 'jwk' }), kid },
  };
}
const ecJwk = (kid: string) => ({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), kid });
const edJwk = (kid: string) => ({ ...generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }), kid });
const jwks = (...keys: object[]) => JSON.stringify({ keys });

describe('jwks check', () => {
  it('public RSA, EC and OKP keys PASS, named by type and kid', () => {
    const check = checkKeys({ inline: jwks(rsaJwk('r1').public, ecJwk('e1'), edJwk('o1')) });
    expect(check).toEqual({
      name: 'jwks',
      status: 'PASS',
      message: 'the signing keys hold 3 public signing keys (RSA kid "r1", EC kid "e1", OKP kid "o1")',
    });
  });

  it('a private key FAILs naming the key and its members, never its material', () => {
    const key = rsaJwk('leaked').private;
    const check = checkKeys({ inline: jwks(ecJwk('fine'), key) });
    expect(check.status).toBe('FAIL');
    expect(check.message).toContain('keys[1] has the private-key members "d", "p", "q", "dp", "dq", "qi"');
    for (const member of ['d', 'p', 'q', 'n'] as const) expect(check.message).not.toContain(String(key[member]));
  });

  it('a symmetric key FAILs; so does text that is no JSON, without quoting it', () => {
    expect(checkKeys({ inline: jwks({ kty: 'oct', k: 'c2VjcmV0LXNlY3JldA' }) })).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining('symmetric key'),
    });
    const notJson = checkKeys({ inline: '{"keys":[{"kty":"RSA","d":"TOP-SECRET-MATERIAL"' });
    expect(notJson).toMatchObject({ status: 'FAIL', message: expect.stringContaining('not valid JSON') });
    expect(notJson.message).not.toContain('TOP-SECRET');
  });

  it('no keys at all, or no usable signing key, FAILs', () => {
    expect(checkKeys({})).toMatchObject({ status: 'FAIL', message: expect.stringContaining('no signing keys') });
    expect(checkKeys({ inline: jwks() })).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining('no usable public signing key'),
    });
    const encryptionOnly = { ...rsaJwk('enc').public, use: 'enc' };
    expect(checkKeys({ inline: jwks(encryptionOnly) }).status).toBe('FAIL');
    expect(checkKeys({ inline: '[1,2]' })).toMatchObject({ status: 'FAIL', message: expect.stringContaining('not a JWKS') });
  });

  it('an unreadable key or a short RSA key beside a good one WARNs', () => {
    const broken = { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', kid: 'broken' };
    expect(checkKeys({ inline: jwks(ecJwk('good'), broken) })).toMatchObject({
      status: 'WARN',
      message: expect.stringContaining('EC kid "broken" is not a readable public key'),
    });
    expect(checkKeys({ inline: jwks(rsaJwk('short', 1024).public) })).toMatchObject({
      status: 'WARN',
      message: expect.stringContaining('RSA kid "short" has 1024 bits'),
    });
  });

  it('inline keys compared with the published JWKS: the same keys PASS, a rotated key WARNs', () => {
    const current = rsaJwk('current').public;
    const next = ecJwk('next');
    const url = 'https://idp.example/jwks';
    // The same key written with other members and order is the same key (RFC 7638 thumbprint).
    const rewritten = { n: current.n, e: current.e, kty: 'RSA' };
    expect(checkKeys({ inline: jwks(rewritten), published: { url, text: jwks(current) } }).status).toBe('PASS');
    expect(checkKeys({ inline: jwks(current), published: { url, text: jwks(current, next) } })).toMatchObject({
      status: 'WARN',
      message: expect.stringContaining('the IdP publishes EC kid "next" at https://idp.example/jwks, not among the signing keys'),
    });
    expect(checkKeys({ inline: jwks(ecJwk('old')), published: { url, text: jwks(current) } })).toMatchObject({
      status: 'WARN',
      message: expect.stringContaining('none of the signing keys is among those the IdP publishes'),
    });
  });

  it('only the published JWKS: its keys are checked, and a failed fetch FAILs with the reason', () => {
    const url = 'https://idp.example/jwks';
    expect(checkKeys({ published: { url, text: jwks(ecJwk('k')) } })).toMatchObject({
      status: 'PASS',
      message: expect.stringContaining(`the JWKS at ${url} holds 1`),
    });
    expect(checkKeys({ published: { problem: 'the JWKS could not be fetched: refused' } })).toEqual({
      name: 'jwks',
      status: 'FAIL',
      message: 'the JWKS could not be fetched: refused',
    });
  });

  it('readJwks accepts a single JWK as well as a set', () => {
    expect(readJwks(JSON.stringify(ecJwk('single')), 'x').keys).toHaveLength(1);
  });
});
