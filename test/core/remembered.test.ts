// Costly pure work remembered for the inputs seen lately (model/remembered.ts): what the gateway does again on
// every read (an X.509 parse, an HMAC) is done once per value while the value keeps coming back, and the memory is bounded.
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../../src/core/secrets.js';
import { rememberLately } from '../../src/model/remembered.js';
import { certificateInfo } from '../../src/vendors/akamai/certificate.js';
import { makeCertificate } from '../support/certificates.js';

describe('rememberLately', () => {
  it('computes once per input, remembers a null result too, and forgets everything past its limit', () => {
    const computed: string[] = [];
    const lengthOf = rememberLately(3, (value: string) => {
      computed.push(value);
      return value === '' ? null : value.length;
    });
    expect([lengthOf('a'), lengthOf('bb'), lengthOf('a'), lengthOf(''), lengthOf('')]).toEqual([1, 2, 1, null, null]);
    expect(computed).toEqual(['a', 'bb', '']);
    // A fourth input: the three remembered are forgotten, so each costs its computation again.
    expect(lengthOf('cccc')).toBe(4);
    expect(lengthOf('a')).toBe(1);
    expect(computed).toEqual(['a', 'bb', '', 'cccc', 'a']);
  });
});

describe('what is remembered', () => {
  it("a certificate's details: the same for PEM and bare DER, each caller gets its own copy, garbage stays null", async () => {
    const { certPem, certBase64 } = await makeCertificate({ commonName: 'remembered.example', notAfterDays: 30 });
    const first = certificateInfo(certBase64)!;
    expect(first.subject).toBe('CN=remembered.example');
    first.subject = 'changed by its caller';
    expect(certificateInfo(certBase64)!.subject).toBe('CN=remembered.example');
    expect(certificateInfo(certPem)).toEqual(certificateInfo(certBase64));
    expect(certificateInfo('not a certificate')).toBeNull();
    expect(certificateInfo('not a certificate')).toBeNull();
  });

  it('a fingerprint: equal for equal secrets, different per key and per secret, also past the memory limit', () => {
    const one = new Fingerprinter(Buffer.alloc(32, 1));
    const other = new Fingerprinter(Buffer.alloc(32, 2));
    const first = one.fingerprint('s3cret-value');
    expect(first).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(other.fingerprint('s3cret-value')).not.toBe(first);
    for (let index = 0; index < 1_500; index++) one.fingerprint(`filler-${index}`);
    expect(one.fingerprint('s3cret-value')).toBe(first);
    expect(one.fingerprint('s3cret-valuf')).not.toBe(first);
  });
});
