// certificatesOf (core/setup/certificates.ts): the certificates a vendor's setup lists for a provider, signing
// first, each read with node:crypto; an unreadable one named with its problem; daysLeft counted from the `now`
// given, also for a provider whose certificates were read before.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IdpConfiguration } from '../../src/core/setup/configuration.js';
import { certificatesOf } from '../../src/core/setup/certificates.js';
import type { NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import type { VendorSetup } from '../../src/core/vendor-contract/setup.js';
import { makeCertificate } from '../support/certificates.js';

const DAY_MS = 86_400_000;

/** A vendor setup listing `details.certificates` (null: the vendor says nothing about the provider). */
const setup: VendorSetup = {
  configurationOf: (provider): IdpConfiguration | null =>
    provider.details.certificates === null ? null : { protocol: 'SAML', certificates: provider.details.certificates as string[] },
  testWith: {},
};

const provider = (certificates: string[] | null): NormalizedProvider => ({
  key: 'p1',
  displayName: 'P1',
  protocol: 'SAML',
  enabled: true,
  clientId: null,
  secretFingerprints: {},
  details: { certificates },
});

describe('certificatesOf', () => {
  it('reads the signing certificate and its chain; an unreadable one has its problem and nulls; blanks are skipped', async () => {
    const ca = await makeCertificate({ commonName: 'Unit Root CA', ca: true, notAfterDays: 400 });
    const signing = await makeCertificate({ commonName: 'Unit signing', issuer: ca, notAfterDays: 30 });
    const listed = certificatesOf(
      setup,
      provider([signing.certPem, ' ', ca.certBase64, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----']),
    );
    const x509 = new X509Certificate(signing.certPem);
    expect(listed).toHaveLength(3);
    expect(listed[0]).toEqual({
      role: 'signing',
      subject: 'CN=Unit signing',
      issuer: 'CN=Unit Root CA',
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
      daysLeft: 30,
      sha256Fingerprint: x509.fingerprint256,
      problem: null,
    });
    expect(listed[0]!.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(listed[1]).toMatchObject({ role: 'chain', subject: 'CN=Unit Root CA', daysLeft: 400, problem: null });
    expect(listed[2]).toEqual({
      role: 'chain',
      subject: null,
      issuer: null,
      notBefore: null,
      notAfter: null,
      daysLeft: null,
      sha256Fingerprint: null,
      problem: expect.stringContaining('chain certificate 2 (after the signing certificate) is not a readable X.509 certificate'),
    });
  });

  it('counts daysLeft from the now given, rounded up, negative once expired, however often the provider is asked', async () => {
    const ending = await makeCertificate({ commonName: 'Unit ending', notAfterDays: 5 });
    const notAfter = new Date(new X509Certificate(ending.certPem).validTo).getTime();
    const held = provider([ending.certBase64]);
    const daysAt = (now: number) => certificatesOf(setup, held, new Date(now))[0]!.daysLeft;
    expect(daysAt(notAfter - 5 * DAY_MS)).toBe(5);
    expect(daysAt(notAfter - 4 * DAY_MS - 1)).toBe(5);
    expect(daysAt(notAfter - DAY_MS + 1)).toBe(1);
    expect(daysAt(notAfter + 2 * DAY_MS)).toBe(-2);
  });

  it('is [] without a vendor setup, when the setup describes nothing, and when no certificate is held', () => {
    expect(certificatesOf(undefined, provider(['anything']))).toEqual([]);
    expect(certificatesOf(setup, provider(null))).toEqual([]);
    expect(certificatesOf(setup, provider([]))).toEqual([]);
  });
});
