// X.509 certificates made in a test, with @peculiar/x509 over node's WebCrypto: a CA and leaves it signs, or
// a self-signed one, with the validity dates a test needs (expiring in 5 days, expired yesterday, ...).
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

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

let serial = 1;

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

export async function makeCertificate(options: CertificateOptions): Promise<TestCertificate> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const subject = `CN=${options.commonName}`;
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true)];
  const altNames = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (altNames.length) extensions.push(new x509.SubjectAlternativeNameExtension(altNames));
  if (options.ca) extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    subject,
    issuer: options.issuer?.subject ?? subject,
    notBefore: new Date(now + (options.notBeforeDays ?? -1) * DAY_MS),
    notAfter: new Date(now + (options.notAfterDays ?? 365) * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: options.issuer?.keys.privateKey ?? keys.privateKey,
    extensions,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certPem: `${cert.toString('pem').replace(/\r\n/g, '\n').trimEnd()}\n`,
    certBase64: cert.toString('base64'),
    keyPem: pem('PRIVATE KEY', pkcs8),
    keys,
    subject,
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
