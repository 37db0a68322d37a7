// How 2sms appears in GraphQL: TwoSmsIdentityProvider (a SAML IdP bound to an email domain) and its four
// mutations. Inputs use the vendor's request names in camelCase (loginUrl, logoutUrl), reads its read names
// (signOnUrl): the same drift as at 2sms, so what a client sends and sees matches the vendor's documentation.
import { defineProviderMutation } from '../../graphql/mutation-field.js';
import { defineProviderType, detail } from '../../graphql/provider.js';
import {
  createTwoSmsIdentityProvider,
  deleteTwoSmsIdentityProvider,
  updateTwoSmsIdentityProvider,
  verifyTwoSmsDomain,
} from './mutations.js';

const TYPE_NAME = 'TwoSmsIdentityProvider';

export const TwoSmsIdentityProvider = defineProviderType({
  name: TYPE_NAME,
  vendor: 'twosms',
  description:
    'A 2sms SAML identity provider. Users whose email domain is `domain` sign in through it once 2sms has verified that the domain publishes `domainTxtRecord` as a DNS TXT record. A domain belongs to one provider across the whole 2sms platform.',
  fields: (t) => ({
    name: t.string({ nullable: true, resolve: (p) => detail<string | null>(p, 'name') }),
    provider: t.string({
      nullable: true,
      description: 'The identity provider (2sms calls it both the "name" and the "URL" of the provider); the domain is derived from it.',
      resolve: (p) => detail<string | null>(p, 'provider'),
    }),
    domain: t.string({ nullable: true, description: 'The email domain this provider signs users in for.', resolve: (p) => detail<string | null>(p, 'domain') }),
    domainTxtRecord: t.string({
      nullable: true,
      description: 'The value to publish as a DNS TXT record on the domain before verifyTwoSmsDomain (DomainTXTrecord).',
      resolve: (p) => detail<string | null>(p, 'domainTxtRecord'),
    }),
    verified: t.boolean({ nullable: true, description: 'Whether 2sms found the TXT record on the domain.', resolve: (p) => detail<boolean | null>(p, 'verified') }),
    signOnUrl: t.string({ nullable: true, description: 'Where users are sent to sign in (loginUrl in the mutations).', resolve: (p) => detail<string | null>(p, 'signOnUrl') }),
    logoutUrl: t.string({ nullable: true, resolve: (p) => detail<string | null>(p, 'logoutUrl') }),
    certificate: t.string({
      nullable: true,
      description: "The identity provider's public X.509 signing certificate, as 2sms stores it.",
      resolve: (p) => detail<string | null>(p, 'certificate'),
    }),
    certificateExpiry: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the certificate expires; null without a certificate.',
      resolve: (p) => {
        const iso = detail<string | null>(p, 'certificateExpiry');
        return iso ? new Date(iso) : null;
      },
    }),
    signAuthnRequest: t.boolean({ nullable: true, description: 'Whether 2sms signs its authentication requests.', resolve: (p) => detail<boolean | null>(p, 'signAuthnRequest') }),
    samlResponseSigned: t.boolean({ nullable: true, description: 'Whether the SAML response must be signed.', resolve: (p) => detail<boolean | null>(p, 'samlResponseSigned') }),
    samlAssertionSigned: t.boolean({ nullable: true, description: 'Whether the SAML assertion must be signed.', resolve: (p) => detail<boolean | null>(p, 'samlAssertionSigned') }),
    samlAssertionEncrypted: t.boolean({ nullable: true, description: 'Whether the SAML assertion must be encrypted.', resolve: (p) => detail<boolean | null>(p, 'samlAssertionEncrypted') }),
    clockSkewSeconds: t.float({
      nullable: true,
      description: 'Allowed clock difference with the identity provider, in seconds.',
      resolve: (p) => detail<number | null>(p, 'clockSkewSeconds'),
    }),
  }),
});

const fieldDocs = {
  name: 'The name of this SSO configuration (Name).',
  provider:
    "The identity provider's SAML entity id (Provider): an absolute URI, i.e. a URL (e.g. https://sso.example.com or Okta's http://www.okta.com/exk...) or a URN (urn:...), without user name, password or spaces. 2sms derives the domain from it; a domain held by any other provider on the platform is refused.",
  loginUrl: "The identity provider's sign-on URL (LoginUrl; read back as signOnUrl): https:// only, without user name or password.",
  logoutUrl: "The identity provider's logout URL (LogoutUrl): https:// only, without user name or password.",
  certificate: "The identity provider's X.509 signing certificate, PEM or base64 DER.",
};

defineProviderMutation({
  spec: createTwoSmsIdentityProvider,
  providerTypeName: TYPE_NAME,
  description:
    'Adds a SAML identity provider (POST api/v2/admin/identityproviders). It starts unverified: publish its domainTxtRecord on the domain, then call verifyTwoSmsDomain.',
  fields: (t) => ({
    name: t.string({ required: true, description: fieldDocs.name }),
    provider: t.string({ required: true, description: fieldDocs.provider }),
    loginUrl: t.string({ required: true, description: fieldDocs.loginUrl }),
    logoutUrl: t.string({ required: true, description: fieldDocs.logoutUrl }),
    certificate: t.string({ description: fieldDocs.certificate }),
  }),
});

defineProviderMutation({
  spec: updateTwoSmsIdentityProvider,
  providerTypeName: TYPE_NAME,
  description:
    'Changes a SAML identity provider. Partial: a field left out keeps its value (2sms replaces the whole object, so the gateway sends the current values with the change). `certificate: null` removes the certificate. A new domain needs a new verification.',
  fields: (t) => ({
    name: t.string({ description: fieldDocs.name }),
    provider: t.string({ description: fieldDocs.provider }),
    loginUrl: t.string({ description: fieldDocs.loginUrl }),
    logoutUrl: t.string({ description: fieldDocs.logoutUrl }),
    certificate: t.string({ description: `${fieldDocs.certificate} null removes it.` }),
  }),
});

defineProviderMutation({
  spec: deleteTwoSmsIdentityProvider,
  providerTypeName: TYPE_NAME,
  description: 'Deletes a SAML identity provider (DELETE api/v1/admin/identityproviders/{id}); the payload shows its last state.',
  fields: () => ({}),
});

defineProviderMutation({
  spec: verifyTwoSmsDomain,
  providerTypeName: TYPE_NAME,
  description:
    "Asks 2sms to look for the provider's TXT record on its domain now (GET .../{id}/verification). When the record is missing the result is a VendorError with vendorCode VerificationFailed.",
  fields: () => ({}),
});
