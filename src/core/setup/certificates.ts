// Every X.509 certificate a vendor holds for a provider (issue 17.4), as the API shows it and the expiry gauge
// counts it: the certificates the vendor's setup lists (VendorSetup.configurationOf: the signing certificate
// first, then its chain), each read with node:crypto. One that cannot be read is listed with its problem and
// nulls, never thrown: a bad value must not hide the other certificates or fail a page of providers.
import type { NormalizedProvider } from '../vendor-contract/adapter.js';
import type { VendorSetup } from '../vendor-contract/setup.js';
import { rememberLately } from '../../model/remembered.js';
import { daysLeft } from './check-kit.js';
import { parseCertificateText } from './x509.js';

/** The certificate the IdP signs with, or a CA certificate of its chain (each issued by the next). */
export type CertificateRole = 'signing' | 'chain';

export interface ProviderCertificate {
  role: CertificateRole;
  /** The distinguished name, its parts joined with ", " (e.g. `CN=idp.example, O=Example`). */
  subject: string | null;
  issuer: string | null;
  notBefore: Date | null;
  notAfter: Date | null;
  /** Whole days from now to notAfter, rounded up (as the configuration checks count them); negative once expired. */
  daysLeft: number | null;
  /** SHA-256 of the DER, colon-separated upper-case hex (as IdP consoles show it). */
  sha256Fingerprint: string | null;
  /** Why the certificate could not be read (then every other field but `role` is null); null when it was read. */
  problem: string | null;
}

/** What is read from the certificate itself: everything but daysLeft, which depends on when it is asked. */
type ReadCertificate = Omit<ProviderCertificate, 'daysLeft'>;

/**
 * Read certificates by the provider's `details` object: the snapshot cache hands the same object to every
 * request until the provider changes, and reading one costs ~0.3 ms (a page of 50 SAML providers: 15 ms).
 * Weak, so a provider's entry goes with its snapshot.
 */
const readByDetails = new WeakMap<object, ReadCertificate[]>();

/** The provider's certificates, in the vendor's order (signing first); [] when the vendor holds none. */
export function certificatesOf(
  setup: VendorSetup | undefined,
  provider: NormalizedProvider,
  now: Date = new Date(),
): ProviderCertificate[] {
  if (!setup) return [];
  let read = readByDetails.get(provider.details);
  if (!read) {
    const texts = setup.configurationOf(provider)?.certificates?.filter((text) => text.trim() !== '') ?? [];
    read = texts.map(readCertificate);
    readByDetails.set(provider.details, read);
  }
  return read.map((certificate) => ({
    ...certificate,
    daysLeft: certificate.notAfter ? daysLeft(certificate.notAfter, now) : null,
  }));
}

/**
 * What a certificate's text says, remembered by the text: a changed provider (a new `details` object) mostly keeps
 * its certificates, and the scanner, the gauge and the API read them again after every change.
 */
const readText = rememberLately(5_000, (text: string) => {
  const cert = parseCertificateText(text);
  if (!cert) return null;
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    sha256Fingerprint: cert.fingerprint256,
  };
});

function readCertificate(text: string, index: number): ReadCertificate {
  const role: CertificateRole = index === 0 ? 'signing' : 'chain';
  const read = readText(text);
  if (!read) {
    const which = index === 0 ? 'the signing certificate' : `chain certificate ${index} (after the signing certificate)`;
    return {
      role,
      subject: null,
      issuer: null,
      notBefore: null,
      notAfter: null,
      sha256Fingerprint: null,
      problem: `${which} is not a readable X.509 certificate (PEM or base64 DER expected): set it again from the IdP's current metadata`,
    };
  }
  return { role, ...read, problem: null };
}
