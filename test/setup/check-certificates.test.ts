// The certificate checks and core's certificate reader, without network: certificates made for the test with
// the validity each case needs, judged at a fixed `now` taken right after they were made.
import { describe, expect, it } from 'vitest';
import { checkCertificates } from '../../src/core/setup/check-certificates.js';
import { parseCertificateText } from '../../src/core/setup/x509.js';
import { makeCertificate } from '../support/certificates.js';

const DAY_MS = 86_400_000;

describe('parseCertificateText', () => {
  it('reads PEM, bare base64 DER, and either with whitespace and line breaks anywhere', async () => {
    const cert = await makeCertificate({ commonName: 'reader' });
    const wrapped = cert.certBase64.replace(/.{1,50}/g, '  $&\r\n');
    for (const text of [cert.certPem, cert.certBase64, wrapped, `\n  ${cert.certPem.replace(/\n/g, '\n    ')}`]) {
      expect(parseCertificateText(text)?.subject).toBe('CN=reader');
    }
  });

  it('answers null for what is not exactly one certificate', async () => {
    const cert = await makeCertificate({ commonName: 'one' });
    const other = await makeCertificate({ commonName: 'two' });
    for (const text of [
      '',
      '   ',
      'not a certificate',
      'MIIB',
      cert.certBase64.slice(0, -8),
      `${cert.certPem}${other.certPem}`,
      '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----',
    ]) {
      expect(parseCertificateText(text), JSON.stringify(text.slice(0, 30))).toBeNull();
    }
  });
});

describe('checkCertificates', () => {
  it('a SAML configuration without a certificate FAILs; an OIDC one has nothing to check', () => {
    expect(checkCertificates({ protocol: 'SAML', certificates: [] }, new Date())).toEqual([
      { name: 'certificate.signing', status: 'FAIL', message: expect.stringContaining('no signing certificate') },
    ]);
    expect(checkCertificates({ protocol: 'OIDC' }, new Date())).toEqual([]);
  });

  it('a good certificate PASSes; one ending in 5 days WARNs with the days left; an expired one FAILs', async () => {
    const good = await makeCertificate({ commonName: 'good', notAfterDays: 365 });
    const ending = await makeCertificate({ commonName: 'ending', notAfterDays: 5 });
    const expired = await makeCertificate({ commonName: 'expired', notBeforeDays: -400, notAfterDays: -2 });
    const now = new Date();
    const [pass] = checkCertificates({ protocol: 'SAML', certificates: [good.certBase64] }, now);
    expect(pass).toMatchObject({ name: 'certificate.signing', status: 'PASS' });
    expect(pass!.message).toMatch(/^CN=good: valid until \d{4}-\d\d-\d\d \(365 days left\)$/);
    const [warn] = checkCertificates({ protocol: 'SAML', certificates: [ending.certPem] }, now);
    expect(warn).toMatchObject({ name: 'certificate.signing', status: 'WARN' });
    expect(warn!.message).toContain('(5 days left)');
    const [fail] = checkCertificates({ protocol: 'SAML', certificates: [expired.certPem] }, now);
    expect(fail).toMatchObject({ name: 'certificate.signing', status: 'FAIL' });
    expect(fail!.message).toMatch(/expired on \d{4}-\d\d-\d\d: replace it/);
  });

  it('judges at the injected time: the same certificate is not yet valid, valid, ending and expired', async () => {
    const cert = await makeCertificate({ commonName: 'timed', notBeforeDays: 0, notAfterDays: 100 });
    const at = (days: number) =>
      checkCertificates({ protocol: 'SAML', certificates: [cert.certPem] }, new Date(Date.now() + days * DAY_MS))[0]!;
    expect(at(-1)).toMatchObject({ status: 'FAIL', message: expect.stringContaining('not valid before') });
    expect(at(1).status).toBe('PASS');
    expect(at(90)).toMatchObject({ status: 'WARN', message: expect.stringContaining('(10 days left)') });
    expect(at(101)).toMatchObject({ status: 'FAIL', message: expect.stringContaining('expired on') });
  });

  it('a chain in order PASSes; an issuer that is not the next certificate, or a look-alike with another key, FAILs', async () => {
    const ca = await makeCertificate({ commonName: 'IdP CA', ca: true, notAfterDays: 3650 });
    const leaf = await makeCertificate({ commonName: 'IdP signing', issuer: ca });
    const otherCa = await makeCertificate({ commonName: 'Other CA', ca: true });
    const lookAlike = await makeCertificate({ commonName: 'IdP CA', ca: true });
    const now = new Date();

    const good = checkCertificates({ protocol: 'SAML', certificates: [leaf.certPem, ca.certBase64] }, now);
    expect(good.map((c) => [c.name, c.status])).toEqual([
      ['certificate.signing', 'PASS'],
      ['certificate.chain[1]', 'PASS'],
    ]);
    expect(good[0]!.message).toContain('issued and signed by certificate.chain[1]');

    const wrongIssuer = checkCertificates({ protocol: 'SAML', certificates: [leaf.certPem, otherCa.certPem] }, now);
    expect(wrongIssuer[0]).toMatchObject({ name: 'certificate.signing', status: 'FAIL' });
    expect(wrongIssuer[0]!.message).toContain('not issued by certificate.chain[1] (CN=Other CA)');
    expect(wrongIssuer[1]!.status).toBe('PASS');

    const forged = checkCertificates({ protocol: 'SAML', certificates: [leaf.certPem, lookAlike.certPem] }, now);
    expect(forged[0]).toMatchObject({ status: 'FAIL', message: expect.stringContaining('signature does not verify') });

    const reversed = checkCertificates({ protocol: 'SAML', certificates: [ca.certPem, leaf.certPem] }, now);
    expect(reversed[0]!.status).toBe('FAIL');
  });

  it('an unreadable certificate FAILs by its place in the list, and so does the link to it', async () => {
    const leaf = await makeCertificate({ commonName: 'leaf' });
    const checks = checkCertificates({ protocol: 'SAML', certificates: [leaf.certPem, 'garbage'] }, new Date());
    expect(checks).toEqual([
      { name: 'certificate.signing', status: 'FAIL', message: expect.stringContaining('its issuer certificate.chain[1] is not readable') },
      { name: 'certificate.chain[1]', status: 'FAIL', message: expect.stringContaining('not a readable X.509 certificate') },
    ]);
  });
});
