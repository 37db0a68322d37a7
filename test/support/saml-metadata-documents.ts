// IdP metadata documents shaped like the two a SAML setup most often meets, for the metadata parser's tests:
// ADFS's FederationMetadata.xml (default metadata namespace, a ds:Signature, WS-Federation RoleDescriptors, an
// SPSSODescriptor beside the IDPSSODescriptor, encryption and signing keys, one URL for every binding) and an
// Okta app's metadata (md: prefix, one signing key, POST and Redirect sign-on, optionally logout). Certificates
// are given as base64 DER (makeCertificate's certBase64); nothing here is signed for real (the parser does not
// verify metadata signatures).

export interface AdfsMetadataOptions {
  /** The federation service name, e.g. adfs.contoso.example. */
  host?: string;
  /** The token-signing certificate (base64 DER). */
  signing: string;
  /** The token-decrypting certificate (base64 DER). */
  encryption: string;
  /** The certificate in the metadata's own ds:Signature; ADFS signs with the token-signing one (the default). */
  metadataSigning?: string;
}

const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const FED_NS = 'http://docs.oasis-open.org/wsfed/federation/200706';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const WSA_NS = 'http://www.w3.org/2005/08/addressing';
const BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings';
const NAMEID = 'urn:oasis:names:tc';

/** ADFS writes KeyInfo with a default xmldsig namespace inside the metadata's default namespace. */
const adfsKeyInfo = (certificate: string) =>
  `<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${certificate}</X509Certificate></X509Data></KeyInfo>`;

const adfsKey = (use: string, certificate: string) => `<KeyDescriptor use="${use}">${adfsKeyInfo(certificate)}</KeyDescriptor>`;

/** The claims ADFS lists in its IDPSSODescriptor, as SAML assertion Attributes. */
const claimAttribute = (claim: string, friendlyName: string) =>
  `<Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/${claim}" ` +
  `NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri" FriendlyName="${friendlyName}" xmlns="${ASSERTION_NS}" />`;

const endpointReference = (element: string, address: string) => `<fed:${element}>${addressReference(address)}</fed:${element}>`;

const addressReference = (address: string) =>
  `<wsa:EndpointReference xmlns:wsa="${WSA_NS}"><wsa:Address>${address}</wsa:Address></wsa:EndpointReference>`;

/** entityID http://<host>/adfs/services/trust; every SAML endpoint at https://<host>/adfs/ls/. */
export function adfsFederationMetadata(options: AdfsMetadataOptions): string {
  const host = options.host ?? 'adfs.contoso.example';
  const ls = `https://${host}/adfs/ls/`;
  const trust2005 = `https://${host}/adfs/services/trust/2005/issuedtokenmixedasymmetricbasic256`;
  const id = '_7c1d5b1e-3f0a-4c39-9a57-2f6b2d1e8c44';
  const nameIdFormats = [
    `${NAMEID}:SAML:1.1:nameid-format:emailAddress`,
    `${NAMEID}:SAML:2.0:nameid-format:persistent`,
    `${NAMEID}:SAML:2.0:nameid-format:transient`,
  ]
    .map((format) => `<NameIDFormat>${format}</NameIDFormat>`)
    .join('');
  const roleDescriptor = (type: string, body: string) =>
    `<RoleDescriptor xsi:type="fed:${type}" xmlns:xsi="${XSI_NS}" xmlns:fed="${FED_NS}" ` +
    'protocolSupportEnumeration="http://docs.oasis-open.org/ws-sx/ws-trust/200512 http://schemas.xmlsoap.org/ws/2005/02/trust ' +
    `${FED_NS}" ServiceDisplayName="Contoso ADFS">${adfsKey('signing', options.signing)}${body}</RoleDescriptor>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<EntityDescriptor ID="${id}" entityID="http://${host}/adfs/services/trust" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">`,
    '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>',
    '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#" />',
    '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" />',
    `<ds:Reference URI="#${id}"><ds:Transforms>`,
    '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature" />',
    '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#" /></ds:Transforms>',
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256" />',
    '<ds:DigestValue>9pNq1lY0b6Xn8kzq0m2dG7m0uJ5Yx3pQ2oM4cX1vR8A=</ds:DigestValue></ds:Reference></ds:SignedInfo>',
    `<ds:SignatureValue>${'bm90IHZlcmlmaWVk'.repeat(16)}</ds:SignatureValue>`,
    adfsKeyInfo(options.metadataSigning ?? options.signing),
    '</ds:Signature>',
    roleDescriptor(
      'ApplicationServiceType',
      `<fed:TargetScopes>${addressReference(trust2005)}</fed:TargetScopes>` +
        endpointReference('ApplicationServiceEndpoint', trust2005) +
        endpointReference('PassiveRequestorEndpoint', ls),
    ),
    roleDescriptor(
      'SecurityTokenServiceType',
      '<fed:TokenTypesOffered><fed:TokenType Uri="urn:oasis:names:tc:SAML:2.0:assertion" />' +
        '<fed:TokenType Uri="urn:oasis:names:tc:SAML:1.0:assertion" /></fed:TokenTypesOffered>' +
        '<fed:ClaimTypesOffered><auth:ClaimType Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" Optional="true" ' +
        'xmlns:auth="http://docs.oasis-open.org/wsfed/authorization/200706"><auth:DisplayName>E-Mail Address</auth:DisplayName>' +
        '<auth:Description>The e-mail address of the user</auth:Description></auth:ClaimType></fed:ClaimTypesOffered>' +
        endpointReference('SecurityTokenServiceEndpoint', `https://${host}/adfs/services/trust/2005/certificatemixed`) +
        endpointReference('PassiveRequestorEndpoint', ls),
    ),
    '<SPSSODescriptor WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    adfsKey('encryption', options.encryption),
    adfsKey('signing', options.signing),
    `<SingleLogoutService Binding="${BINDING}:HTTP-Redirect" Location="${ls}" />`,
    `<SingleLogoutService Binding="${BINDING}:HTTP-POST" Location="${ls}" />`,
    nameIdFormats,
    `<AssertionConsumerService Binding="${BINDING}:HTTP-POST" Location="${ls}" index="0" isDefault="true" />`,
    `<AssertionConsumerService Binding="${BINDING}:HTTP-Artifact" Location="${ls}" index="1" />`,
    `<AssertionConsumerService Binding="${BINDING}:HTTP-Redirect" Location="${ls}" index="2" />`,
    '</SPSSODescriptor>',
    '<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    adfsKey('encryption', options.encryption),
    adfsKey('signing', options.signing),
    `<SingleLogoutService Binding="${BINDING}:HTTP-Redirect" Location="${ls}" />`,
    `<SingleLogoutService Binding="${BINDING}:HTTP-POST" Location="${ls}" />`,
    nameIdFormats,
    `<SingleSignOnService Binding="${BINDING}:HTTP-Redirect" Location="${ls}" />`,
    `<SingleSignOnService Binding="${BINDING}:HTTP-POST" Location="${ls}" />`,
    claimAttribute('emailaddress', 'E-Mail Address'),
    claimAttribute('upn', 'UPN'),
    '</IDPSSODescriptor>',
    '<ContactPerson contactType="support" />',
    '</EntityDescriptor>',
  ].join('');
}

export interface OktaMetadataOptions {
  /** The Okta org's host, e.g. dev-12345678.okta.com. */
  orgHost?: string;
  /** The app's id (its entity id is http://www.okta.com/<appId>). */
  appId?: string;
  /** The app's SAML signing certificate (base64 DER). */
  signing: string;
  /** Whether single logout is enabled on the app (adds SingleLogoutService POST and Redirect). */
  singleLogout?: boolean;
  /** Write the certificate in 64-column lines, as some exports and pastes have it. */
  wrapCertificate?: boolean;
}

/**
 * entityID http://www.okta.com/<appId>; sign-on https://<org>/app/<org-app>/<appId>/sso/saml (POST, then
 * Redirect), logout .../slo/saml when enabled.
 */
export function oktaAppMetadata(options: OktaMetadataOptions): string {
  const orgHost = options.orgHost ?? 'dev-12345678.okta.com';
  const appId = options.appId ?? 'exk1fcia6d6EMsf331d8';
  const appPath = `https://${orgHost}/app/${orgHost.split('.')[0]}_gateway_1/${appId}`;
  const certificate = options.wrapCertificate ? `\n${options.signing.replace(/.{1,64}/g, '$&\n')}` : options.signing;
  const slo = options.singleLogout
    ? `<md:SingleLogoutService Binding="${BINDING}:HTTP-POST" Location="${appPath}/slo/saml"/>` +
      `<md:SingleLogoutService Binding="${BINDING}:HTTP-Redirect" Location="${appPath}/slo/saml"/>`
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/${appId}">` +
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>' +
    `<ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    slo +
    `<md:NameIDFormat>${NAMEID}:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>` +
    `<md:NameIDFormat>${NAMEID}:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="${BINDING}:HTTP-POST" Location="${appPath}/sso/saml"/>` +
    `<md:SingleSignOnService Binding="${BINDING}:HTTP-Redirect" Location="${appPath}/sso/saml"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}
