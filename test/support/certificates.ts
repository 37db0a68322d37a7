// X.509 certificates made in a test: a CA and leaves it signs, or a self-signed one, with the validity dates a
// test needs (expiring in 5 days, expired yesterday, ...): the sandbox's certificate factory, plus the private
// key as PEM (for the tests' https servers).
import { webcrypto } from 'node:crypto';
import { type IssuedCertificate, issueCertificate } from '../../src/emulation/certificate-factory.js';

export interface TestCertificate {
  /** The certificate, PEM. */
  certPem: string;
  /** The same, base64 DER on one line (how SAML metadata and some vendors carry it). */
  certBase64: string;
  /** Its private key, PKCS#8 PEM. */
  keyPem: string;
  /** For signing further certificates with this one. */
  keys: CryptoKeyPair;
  subject: string;
}

export interface CertificateOptions {
  commonName: string;
  /** Days from now (negative: in the past). Default -1. */
  notBeforeDays?: number;
  /** Days from now (negative: expired). Default 365. */
  notAfterDays?: number;
  /** DNS names and IP addresses it is valid for (a TLS server's). */
  dnsNames?: string[];
  ipAddresses?: string[];
  /** A CA (may sign others). */
  ca?: boolean;
  /** The issuer; absent: self-signed. */
  issuer?: TestCertificate;
}

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

export async function makeCertificate(options: CertificateOptions): Promise<TestCertificate> {
  const issuer: IssuedCertificate | undefined = options.issuer && {
    pem: options.issuer.certPem,
    base64: options.issuer.certBase64,
    subject: options.issuer.subject,
    keys: options.issuer.keys,
  };
  const issued = await issueCertificate({
    subject: `CN=${options.commonName}`,
    expiresInDays: options.notAfterDays ?? 365,
    validFromDays: options.notBeforeDays ?? -1,
    dnsNames: options.dnsNames,
    ipAddresses: options.ipAddresses,
    ca: options.ca,
    issuer,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', issued.keys.privateKey);
  return {
    certPem: `${issued.pem}\n`,
    certBase64: issued.base64,
    keyPem: pem('PRIVATE KEY', pkcs8),
    keys: issued.keys,
    subject: issued.subject,
  };
}

/** A CA and a TLS server certificate it signed for localhost and 127.0.0.1 (valid `notAfterDays`, default 365). */
export async function makeTlsPair(notAfterDays = 365): Promise<{ ca: TestCertificate; server: TestCertificate }> {
  const ca = await makeCertificate({ commonName: 'idp-gateway test CA', ca: true, notAfterDays: 3650 });
  const server = await makeCertificate({
    commonName: 'localhost',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
    issuer: ca,
    notAfterDays,
  });
  return { ca, server };
}
