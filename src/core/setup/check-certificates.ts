// The certificates an identity provider signs with (SAML): each one readable and valid now, warned about weeks
// before it expires (an expired signing certificate stops every sign-in at once), and each issued and signed by
// the next one in the list, so a chain that would not verify at the service provider is found before it is used.
import type { X509Certificate } from 'node:crypto';
import type { ConfigurationCheck, IdpConfiguration } from './configuration.js';
import { days, daysLeft, EXPIRY_WARNING_DAYS, type Finding, worst } from './check-kit.js';
import { parseCertificateText } from './x509.js';

const nameOf = (index: number) => (index === 0 ? 'certificate.signing' : `certificate.chain[${index}]`);
const day = (date: Date) => date.toISOString().slice(0, 10);
const subjectOf = (cert: X509Certificate) => cert.subject.replace(/\n/g, ', ');

export function checkCertificates(config: IdpConfiguration, now: Date): ConfigurationCheck[] {
  const texts = config.certificates?.filter((text) => text.trim() !== '') ?? [];
  if (!texts.length) {
    if (config.protocol !== 'SAML') return [];
    const message =
      'no signing certificate is configured: a SAML provider needs the IdP signing certificate to verify its assertions; add it (from the IdP metadata)';
    return [{ name: 'certificate.signing', status: 'FAIL', message }];
  }
  const certs = texts.map(parseCertificateText);
  return certs.map((cert, index): ConfigurationCheck => {
    const name = nameOf(index);
    if (!cert)
      return {
        name,
        status: 'FAIL',
        message: 'is not a readable X.509 certificate (PEM or base64 DER expected): give the certificate again',
      };
    const findings = [validity(cert, now)];
    const next = certs[index + 1];
    if (next) findings.push(issuedBy(cert, next, nameOf(index + 1)));
    else if (index + 1 < certs.length) findings.push({ status: 'FAIL', message: `its issuer ${nameOf(index + 1)} is not readable` });
    return {
      name,
      status: worst(findings.map((finding) => finding.status)),
      message: `${subjectOf(cert)}: ${findings.map((f) => f.message).join('; ')}`,
    };
  });
}

function validity(cert: X509Certificate, now: Date): Finding {
  const validFrom = new Date(cert.validFrom);
  const validTo = new Date(cert.validTo);
  if (now < validFrom) return { status: 'FAIL', message: `not valid before ${day(validFrom)}: use a certificate that is valid now` };
  if (now > validTo) return { status: 'FAIL', message: `expired on ${day(validTo)}: replace it with the IdP's current certificate` };
  const left = daysLeft(validTo, now);
  if (left < EXPIRY_WARNING_DAYS) {
    return { status: 'WARN', message: `expires on ${day(validTo)} (${days(left)} left): add the IdP's next certificate before then` };
  }
  return { status: 'PASS', message: `valid until ${day(validTo)} (${days(left)} left)` };
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate, issuerName: string): Finding {
  if (!cert.checkIssued(issuer)) {
    return {
      status: 'FAIL',
      message: `not issued by ${issuerName} (${subjectOf(issuer)}): give the chain in order, each certificate followed by its issuer`,
    };
  }
  if (!cert.verify(issuer.publicKey)) {
    return {
      status: 'FAIL',
      message: `its signature does not verify with the key of ${issuerName}: the chain is broken, give the issuer's real certificate`,
    };
  }
  return { status: 'PASS', message: `issued and signed by ${issuerName}` };
}
