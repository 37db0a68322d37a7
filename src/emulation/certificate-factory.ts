// X.509 certificates made by the sandbox when it starts, so that its sample providers hold certificates that
// expire a known number of days from then (issue 17.4: 5, 25 and 400 days), whatever day it is: what the
// `certificates` field and the expiry gauge show. @peculiar/x509 over node's WebCrypto; it resolves its parts
// through tsyringe, which needs the Reflect metadata polyfill loaded first. Only emulators import this module,
// and they are loaded on sandbox start only, never in a gateway started from a config file.
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface IssuedCertificate {
  /** The certificate, PEM (64-character lines, no line break after the END line). */
  pem: string;
  /** The same, base64 DER on one line (how SAML metadata and Akamai carry it). */
  base64: string;
  /** The distinguished name, as given. */
  subject: string;
  /** For issuing further certificates with this one (the private key never leaves the process). */
  keys: CryptoKeyPair;
}

export interface CertificateRequest {
  /** A distinguished name, e.g. `CN=idp.example, O=Example` (no commas inside a value). */
  subject: string;
  /** Days from now to the end of its validity (negative: expired). */
  expiresInDays: number;
  /** Days from now to its start (default -1: valid since yesterday). */
  validFromDays?: number;
  /** DNS names and IP addresses it is valid for (a TLS server's: the tests' loopback https servers). */
  dnsNames?: string[];
  ipAddresses?: string[];
  /** A CA certificate (may issue others). */
  ca?: boolean;
  /** The issuer; absent: self-signed. */
  issuer?: IssuedCertificate;
}

/** A certificate valid from `validFromDays` (default: a day ago) until `expiresInDays` from now. */
export async function issueCertificate(request: CertificateRequest): Promise<IssuedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(request.ca ?? false, undefined, true)];
  if (request.ca) extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  else extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true));
  const altNames = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (altNames.length) extensions.push(new x509.SubjectAlternativeNameExtension(altNames));
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    // A positive serial (first byte below 0x80), random so that two sandbox runs never share one.
    serialNumber: `01${randomBytes(15).toString('hex')}`,
    subject: request.subject,
    issuer: request.issuer?.subject ?? request.subject,
    notBefore: new Date(now + (request.validFromDays ?? -1) * DAY_MS),
    notAfter: new Date(now + request.expiresInDays * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: request.issuer?.keys.privateKey ?? keys.privateKey,
    extensions,
  });
  return {
    pem: cert.toString('pem').replace(/\r\n/g, '\n').trimEnd(),
    base64: cert.toString('base64'),
    subject: request.subject,
    keys,
  };
}
