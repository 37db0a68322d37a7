// Reading the X.509 certificate of a SAML identity provider. 2sms does not say whether it wants PEM or bare
// base64 DER (VENDORS.md 3.6), so both are accepted: by the mutation inputs and by the emulator alike.
import { X509Certificate } from 'node:crypto';

export function parseCertificate(text: string): X509Certificate | null {
  try {
    if (text.includes('-----BEGIN')) return new X509Certificate(text);
    const compact = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
    return new X509Certificate(Buffer.from(compact, 'base64'));
  } catch {
    return null;
  }
}
