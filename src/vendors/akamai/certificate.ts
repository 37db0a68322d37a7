// SAML signing certificates as Akamai stores them: bare base64 DER, no PEM armour (VENDORS.md 2.3). The
// gateway accepts PEM too and sends the bare form; it checks that the value really is an X.509 certificate
// and shows its subject and validity, which is what an operator needs to see before it expires.
import { X509Certificate } from 'node:crypto';
import { rememberLately } from '../../model/remembered.js';

/** What the gateway shows of a stored certificate (AkamaiDetails.idpCertificateInfo). */
export type CertificateInfo = {
  subject: string;
  issuer: string;
  /** ISO 8601. */
  validFrom: string;
  validTo: string;
  /** SHA-256 of the DER, colon-separated hex. */
  fingerprintSha256: string;
};

/** PEM armour and whitespace removed: the base64 body Akamai expects. */
export function bareCertificate(value: string): string {
  return value.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

export function parseCertificate(value: string): X509Certificate | null {
  const bare = bareCertificate(value);
  if (!bare || !/^[A-Za-z0-9+/]+={0,2}$/.test(bare)) return null;
  try {
    return new X509Certificate(Buffer.from(bare, 'base64'));
  } catch {
    return null;
  }
}

/**
 * Every read of a provider parses its certificate again (a mutation reads it twice and predicts it once), and a
 * parse cost ~0.3-0.5 ms of CPU here (NOTES: about 1 ms a mutation of a provider with a certificate). Certificates
 * are public; the ones seen lately are remembered.
 */
const infoOf = rememberLately(5_000, (value: string): CertificateInfo | null => {
  const cert = parseCertificate(value);
  if (!cert) return null;
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    fingerprintSha256: cert.fingerprint256,
  };
});

/** Subject, issuer and validity of a stored certificate; null when the vendor holds something unreadable. */
export function certificateInfo(value: string | null | undefined): CertificateInfo | null {
  if (!value) return null;
  const info = infoOf(value);
  // A copy: the caller's provider state is its own to change.
  return info && { ...info };
}
