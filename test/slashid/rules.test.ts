// SlashID's option rules on their own: Go durations as time.ParseDuration reads them, the Apple key and
// lifetime bounds, Azure tenants.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applePrivateKeyProblem, azureTenantProblem, parseGoDuration, secretLifetimeProblem } from '../../src/vendors/slashid/rules.js';
import { APPLE_KEY } from './support.js';

describe('parseGoDuration', () => {
  it.each([
    ['720h', 2_592_000],
    ['1h30m', 5_400],
    ['1.5h', 5_400],
    ['300s', 300],
    ['.5m', 30],
    ['2m.5s', 120.5],
    ['4382h30m', 15_777_000],
    ['1500ms', 1.5],
    ['1000000us', 1],
    ['1000000µs', 1],
    ['0', 0],
    ['+5m', 300],
    ['-1h', -3_600],
  ])('%s is %d s', (text, seconds) => {
    expect(parseGoDuration(text)).toBeCloseTo(seconds, 6);
  });

  it.each(['', '5', '1d', '1 h', 'h', '.s', '1h ', '30 days', '1hh'])('refuses %j', (text) => {
    expect(parseGoDuration(text)).toBeNull();
  });
});

describe('secret lifetime', () => {
  it('is 300 s to 15 777 000 s inclusive', () => {
    expect(secretLifetimeProblem('5m')).toBeNull();
    expect(secretLifetimeProblem('15777000s')).toBeNull();
    expect(secretLifetimeProblem('299.999s')).toMatch(/between 300 s/);
    expect(secretLifetimeProblem('15777000.001s')).toMatch(/between/);
    expect(secretLifetimeProblem('forever')).toMatch(/Go duration/);
  });
});

describe('Apple private key', () => {
  it('accepts a PKCS#8 P-256 key', () => {
    expect(applePrivateKeyProblem(APPLE_KEY)).toBeNull();
  });

  it('refuses SEC1, other curves, RSA and garbage, without quoting the key', () => {
    const sec1 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(applePrivateKeyProblem(sec1)).toMatch(/PKCS#8 PEM/);
    expect(applePrivateKeyProblem(p384)).toMatch(/ES256/);
    expect(applePrivateKeyProblem(rsa)).toMatch(/ES256/);
    const broken = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n';
    expect(applePrivateKeyProblem(broken)).toBe('is not a readable PKCS#8 private key');
  });
});

describe('Azure tenant', () => {
  it.each(['common', 'organizations', 'consumers', 'consumer', 'contoso.onmicrosoft.com', '72f988bf-86f1-41af-91ab-2d7cd011db47'])(
    'accepts %s',
    (tenant) => {
      expect(azureTenantProblem(tenant)).toBeNull();
    },
  );
  it.each(['', 'not a tenant', 'contoso', '72f988bf-86f1-41af-91ab'])('refuses %j', (tenant) => {
    expect(azureTenantProblem(tenant)).not.toBeNull();
  });
});
