// The X.509 certificates a vendor holds for a provider (issue 17.4): the `Certificate` type and the
// `certificates` field every provider type has through ManagedIdentityProvider ([] where the vendor holds none).
// What is listed and how it is read is core's (core/setup/certificates.ts); this only shows it.
import type { InterfaceFieldBuilder } from '@pothos/core';
import { certificatesOf, type ProviderCertificate } from '../core/setup/certificates.js';
import type { ProviderView } from '../core/vendor-contract/adapter.js';
import { builder, type SchemaTypes } from './builder.js';

export const CertificateRoleEnum = builder.enumType('CertificateRole', {
  values: {
    SIGNING: { value: 'signing', description: 'The certificate the IdP signs its SAML responses and assertions with.' },
    CHAIN: { value: 'chain', description: "A CA certificate of the signing certificate's chain (each issued by the next)." },
  } as const,
});

export const CertificateRef = builder.objectRef<ProviderCertificate>('Certificate').implement({
  description:
    'An X.509 certificate the vendor holds for the provider. One that cannot be read has `problem` set and nulls for what would be read from it.',
  fields: (t) => ({
    role: t.field({ type: CertificateRoleEnum, resolve: (c) => c.role }),
    subject: t.exposeString('subject', { nullable: true, description: 'Distinguished name, e.g. "CN=idp.example, O=Example".' }),
    issuer: t.exposeString('issuer', { nullable: true }),
    notBefore: t.expose('notBefore', { type: 'DateTime', nullable: true }),
    notAfter: t.expose('notAfter', {
      type: 'DateTime',
      nullable: true,
      description: 'When it expires: sign-in stops then unless it was replaced.',
    }),
    daysLeft: t.exposeInt('daysLeft', {
      nullable: true,
      description: 'Whole days until notAfter, rounded up; 0 or less once expired.',
    }),
    sha256Fingerprint: t.exposeString('sha256Fingerprint', {
      nullable: true,
      description: 'SHA-256 of the DER, colon-separated upper-case hex, as IdP consoles show it.',
    }),
    problem: t.exposeString('problem', {
      nullable: true,
      description: 'Why the certificate could not be read, and what to do; null when it was read.',
    }),
  }),
});

/** The `certificates` field of ManagedIdentityProvider: read through the provider's connection's vendor setup. */
export function certificatesField(t: InterfaceFieldBuilder<SchemaTypes, ProviderView>) {
  return t.field({
    type: [CertificateRef],
    description:
      'Every X.509 certificate the vendor holds for this provider (the SAML signing certificate first, then its chain); [] where it holds none.',
    resolve: (provider, _args, ctx) => certificatesOf(ctx.services.connections.find(provider.connectionId)?.setup, provider),
  });
}
