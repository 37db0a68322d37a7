// How 2sms appears in GraphQL: TwoSmsIdentityProvider (a SAML IdP bound to an email domain) and its four
// mutations, whose input fields come from the zod inputs (inputs.ts). Inputs use the vendor's request names in
// camelCase (loginUrl, logoutUrl), reads its read names (signOnUrl): the same drift as at 2sms, so what a
// client sends and sees matches the vendor's documentation.
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import {
  createTwoSmsIdentityProvider,
  deleteTwoSmsIdentityProvider,
  updateTwoSmsIdentityProvider,
  verifyTwoSmsDomain,
} from './mutations.js';
import type { TwoSmsDetails, TwoSmsServiceProvider } from './normalize.js';

/** Registers the vendor's GraphQL types and mutations (called once, by buildGatewaySchema). */
export function registerGraphQL({ builder, defineProviderType, defineProviderMutation }: VendorGraphQLKit): void {
  const TYPE_NAME = 'TwoSmsIdentityProvider';

  const ServiceProvider = builder.objectRef<TwoSmsServiceProvider>('TwoSmsServiceProvider').implement({
    description:
      'What to enter in your own identity provider for 2sms (its SAML service provider), as 2sms answered the last create or update.',
    fields: (t) => ({
      entityId: t.string({ nullable: true, description: "2sms's SAML entity id (EntityID).", resolve: (sp) => sp.entityId }),
      replyUrl: t.string({
        nullable: true,
        description: 'Where the identity provider posts its SAML response: the assertion consumer URL (ReplyURL).',
        resolve: (sp) => sp.replyUrl,
      }),
    }),
  });

  defineProviderType<TwoSmsDetails>({
    name: TYPE_NAME,
    vendor: 'twosms',
    description:
      'A 2sms SAML identity provider. Users whose email domain is `domain` sign in through it once 2sms has verified that the domain publishes `domainTxtRecord` as a DNS TXT record. A domain belongs to one provider across the whole 2sms platform.',
    fields: (t) => ({
      name: t.string({ nullable: true, resolve: (p) => p.details.name }),
      provider: t.string({
        nullable: true,
        description: 'The identity provider (2sms calls it both the "name" and the "URL" of the provider); the domain is derived from it.',
        resolve: (p) => p.details.provider,
      }),
      domain: t.string({
        nullable: true,
        description: 'The email domain this provider signs users in for.',
        resolve: (p) => p.details.domain,
      }),
      domainTxtRecord: t.string({
        nullable: true,
        description: 'The value to publish as a DNS TXT record on the domain before verifyTwoSmsDomain (DomainTXTrecord).',
        resolve: (p) => p.details.domainTxtRecord,
      }),
      verified: t.boolean({
        nullable: true,
        description: 'Whether 2sms found the TXT record on the domain.',
        resolve: (p) => p.details.verified,
      }),
      signOnUrl: t.string({
        nullable: true,
        description: 'Where users are sent to sign in (loginUrl in the mutations).',
        resolve: (p) => p.details.signOnUrl,
      }),
      logoutUrl: t.string({ nullable: true, resolve: (p) => p.details.logoutUrl }),
      certificate: t.string({
        nullable: true,
        description: "The identity provider's public X.509 signing certificate, as 2sms stores it.",
        resolve: (p) => p.details.certificate,
      }),
      certificateExpiry: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When the certificate expires; null without a certificate.',
        resolve: (p) => (p.details.certificateExpiry ? new Date(p.details.certificateExpiry) : null),
      }),
      signAuthnRequest: t.boolean({
        nullable: true,
        description: 'Whether 2sms signs its authentication requests.',
        resolve: (p) => p.details.signAuthnRequest,
      }),
      samlResponseSigned: t.boolean({
        nullable: true,
        description: 'Whether the SAML response must be signed.',
        resolve: (p) => p.details.samlResponseSigned,
      }),
      samlAssertionSigned: t.boolean({
        nullable: true,
        description: 'Whether the SAML assertion must be signed.',
        resolve: (p) => p.details.samlAssertionSigned,
      }),
      samlAssertionEncrypted: t.boolean({
        nullable: true,
        description: 'Whether the SAML assertion must be encrypted.',
        resolve: (p) => p.details.samlAssertionEncrypted,
      }),
      clockSkewSeconds: t.float({
        nullable: true,
        description: 'Allowed clock difference with the identity provider, in seconds.',
        resolve: (p) => p.details.clockSkewSeconds,
      }),
      serviceProvider: t.field({
        type: ServiceProvider,
        nullable: true,
        description:
          '2sms answers these only to a create or update (no read returns them): null until the gateway made one for this provider.',
        resolve: (p) => p.details.serviceProvider ?? null,
      }),
    }),
  });

  defineProviderMutation({
    spec: createTwoSmsIdentityProvider,
    providerTypeName: TYPE_NAME,
    description:
      'Adds a SAML identity provider (POST api/v2/admin/identityproviders). It starts unverified: publish its domainTxtRecord on the domain, then call verifyTwoSmsDomain.',
  });

  defineProviderMutation({
    spec: updateTwoSmsIdentityProvider,
    providerTypeName: TYPE_NAME,
    description:
      'Changes a SAML identity provider. Partial: a field left out keeps its value (2sms replaces the whole object, so the gateway sends the current values with the change). `certificate: null` removes the certificate. A new domain needs a new verification.',
  });

  defineProviderMutation({
    spec: deleteTwoSmsIdentityProvider,
    providerTypeName: TYPE_NAME,
    description: 'Deletes a SAML identity provider (DELETE api/v1/admin/identityproviders/{id}); the payload shows its last state.',
  });

  defineProviderMutation({
    spec: verifyTwoSmsDomain,
    providerTypeName: TYPE_NAME,
    description:
      "Asks 2sms to look for the provider's TXT record on its domain now (GET .../{id}/verification). When the record is missing the result is a VendorError with vendorCode VerificationFailed.",
  });
}
