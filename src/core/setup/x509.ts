// One X.509 certificate read from the text a person or a vendor gives: PEM, or bare base64 DER as SAML metadata
// and some vendors carry it, with any whitespace (line breaks, indentation) in between. Core's own reader, for
// the configuration checks; the vendors keep theirs (their rules on what they store differ).
import { X509Certificate } from 'node:crypto';

const PEM = /^-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The certificate in `text`, or null when it is not exactly one readable certificate. Several PEM blocks are
 * refused rather than read as the first: a chain pasted into one field would otherwise lose its other members
 * unnoticed.
 */
export function parseCertificateText(text: string): X509Certificate | null {
  const trimmed = text.trim();
  const body = trimmed.startsWith('-----') ? PEM.exec(trimmed)?.[1] : trimmed;
  if (body === undefined) return null;
  const base64 = body.replace(/\s+/g, '');
  if (!base64 || base64.length % 4 !== 0 || !BASE64.test(base64)) return null;
  try {
    return new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    return null;
  }
}
