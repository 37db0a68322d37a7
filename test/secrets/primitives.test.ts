// The secret primitives: the fingerprint key (from IDP_GATEWAY_SECRET_KEY, required on PostgreSQL, generated
// and kept on PGlite), the registry's scrub of every form a secret takes in text, and fingerprinting by name
// (also a { key, value } pair) and by value.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Fingerprinter,
  FingerprintKeyError,
  fingerprintSecrets,
  loadFingerprintKey,
  REDACTED,
  scrubStrings,
  SecretRegistry,
} from '../../src/core/secrets.js';
import { generateApplePrivateKey } from '../../src/vendors/slashid/emulator/sandbox.js';

describe('the fingerprint key', () => {
  const dataDir = () => join(mkdtempSync(join(tmpdir(), 'idpgw-key-')), '.data');

  it('comes from IDP_GATEWAY_SECRET_KEY when set, on either store', () => {
    const key = 'k'.repeat(40);
    expect(loadFingerprintKey(dataDir(), { IDP_GATEWAY_SECRET_KEY: key }, 'pglite').toString()).toBe(key);
    expect(loadFingerprintKey(dataDir(), { IDP_GATEWAY_SECRET_KEY: key }, 'postgres').toString()).toBe(key);
  });

  it('refuses a short IDP_GATEWAY_SECRET_KEY, saying how to make one', () => {
    expect(() => loadFingerprintKey(dataDir(), { IDP_GATEWAY_SECRET_KEY: 'short' }, 'pglite')).toThrow(
      /at least 32 characters.*openssl rand -hex 32/,
    );
  });

  it('is required on PostgreSQL: instances sharing a database must share the key', () => {
    const dir = dataDir();
    expect(() => loadFingerprintKey(dir, {}, 'postgres')).toThrow(FingerprintKeyError);
    expect(() => loadFingerprintKey(dir, {}, 'postgres')).toThrow(/IDP_GATEWAY_SECRET_KEY is required with DATABASE_URL/);
  });

  it('is generated once on PGlite and kept in the data folder, readable by the owner only', () => {
    const dir = dataDir();
    const first = loadFingerprintKey(dir, {}, 'pglite');
    expect(first.length).toBe(64);
    expect(loadFingerprintKey(dir, {}, 'pglite').equals(first)).toBe(true);
    expect(readFileSync(join(dir, 'fingerprint.key'), 'utf8')).toBe(first.toString());
    expect(statSync(join(dir, 'fingerprint.key')).mode & 0o077).toBe(0);
  });
});

describe('SecretRegistry.scrub', () => {
  it('replaces a secret as is, URI-encoded, form-encoded and JSON-escaped', () => {
    const secrets = new SecretRegistry();
    const secret = 'p@ss w/rd+"quoted"~!';
    secrets.add(secret);
    for (const form of [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ v: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
    ]) {
      expect(secrets.scrub(`before ${form} after`)).toBe(`before ${REDACTED} after`);
    }
    // JSON inside JSON (a request body quoted in a log field).
    expect(secrets.scrub(JSON.stringify({ body: JSON.stringify({ client_secret: secret }) }))).not.toContain('quoted');
  });

  it('catches a multi-line PEM key inside a JSON line', () => {
    const secrets = new SecretRegistry();
    const pem = generateApplePrivateKey();
    secrets.add(pem);
    const line = JSON.stringify({ msg: 'refused', detail: `key ${pem} is bad` });
    expect(secrets.scrub(line)).toBe(JSON.stringify({ msg: 'refused', detail: `key ${REDACTED} is bad` }));
  });

  it('replaces a secret that contains another one whole, and ignores values too short to be secrets', () => {
    const secrets = new SecretRegistry();
    secrets.add('abcdef');
    secrets.add('xxabcdefyy');
    secrets.add('abc');
    expect(secrets.scrub('xxabcdefyy abcdef abc')).toBe(`${REDACTED} ${REDACTED} abc`);
  });

  it('redacts every character of overlapping or adjacent secrets as one run', () => {
    const secrets = new SecretRegistry();
    secrets.add('alpha-beta');
    secrets.add('beta-gamma');
    secrets.add('delta1');
    // "alpha-beta" and "beta-gamma" overlap in the text; "delta1" follows the run directly.
    expect(secrets.scrub('<alpha-beta-gammadelta1>')).toBe(`<${REDACTED}>`);
    expect(secrets.scrub('x beta-gamma y alpha-beta z')).toBe(`x ${REDACTED} y ${REDACTED} z`);
  });

  it('scrubs alike with a few secrets and with thousands (access tokens and client secrets add up)', () => {
    const wanted = ['s3cr3t-one-1a2b', 'p@ss w/rd+"two"~!', 'third-secret-c3d4'];
    const text = [
      `plain ${wanted[0]} text`,
      encodeURIComponent(wanted[1]!),
      JSON.stringify({ body: JSON.stringify({ client_secret: wanted[1] }) }),
      `${wanted[2]}${wanted[0]}`,
      'nothing here, nor 123456 nor abcdef',
    ].join('\n');
    const few = new SecretRegistry();
    const many = new SecretRegistry();
    for (const secret of wanted) few.add(secret);
    // Thousands of other values: past the point where scrub stops looking for each form in turn.
    for (let i = 0; i < 3_000; i++) many.add(`token-${i.toString(36)}-${'x'.repeat(i % 40)}`);
    for (const secret of wanted) many.add(secret);
    const scrubbed = few.scrub(text);
    for (const secret of wanted) expect(scrubbed).not.toContain(secret);
    expect(scrubbed).not.toContain('two');
    expect(scrubbed).toContain('nothing here, nor 123456 nor abcdef');
    expect(many.scrub(text)).toBe(scrubbed);
    // Many secrets, each found among the others.
    expect(many.scrub(`a token-${(100).toString(36)}-${'x'.repeat(100 % 40)} b`)).toBe(`a ${REDACTED} b`);
  });
});

describe('fingerprinting and scrubbing structures', () => {
  const fingerprinter = new Fingerprinter(Buffer.from('k'));

  it('fingerprints secret-named keys at any depth and the value of a { key: "client_secret", value } pair', () => {
    const out = fingerprintSecrets(
      {
        clientSecret: 's1-secret',
        options: { privateKey: 'pk-secret' },
        extraFields: [
          { key: 'client_secret', value: 's2-secret' },
          { key: 'tenant', value: 'visible' },
        ],
      },
      fingerprinter,
    ) as any;
    expect(out.clientSecret).toBe(fingerprinter.fingerprint('s1-secret'));
    expect(out.options.privateKey).toBe(fingerprinter.fingerprint('pk-secret'));
    expect(out.extraFields[0]).toEqual({ key: 'client_secret', value: fingerprinter.fingerprint('s2-secret') });
    expect(out.extraFields[1]).toEqual({ key: 'tenant', value: 'visible' });
  });

  it('scrubs every string of a structure of every known secret, keys left alone', () => {
    const secrets = new SecretRegistry();
    secrets.add('known-secret-1');
    expect(scrubStrings({ label: 'has known-secret-1 in it', list: ['known-secret-1'], n: 1, known: null }, secrets)).toEqual({
      label: `has ${REDACTED} in it`,
      list: [REDACTED],
      n: 1,
      known: null,
    });
  });
});
