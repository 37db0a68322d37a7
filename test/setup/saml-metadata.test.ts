// SAML IdP metadata read the way real IdPs publish it (ADFS's FederationMetadata.xml, an Okta app's metadata),
// and every way a document is refused: DOCTYPEs (no entity is ever expanded), SP metadata, several IdPs, broken
// certificates, malformed XML with its position, empty text, NUL bytes. Certificates are made for the test.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HTTP_POST_BINDING,
  HTTP_REDIRECT_BINDING,
  parseSamlMetadata,
  preferredSloUrl,
  preferredSsoUrl,
  type SamlIdpMetadata,
} from '../../src/core/setup/saml-metadata.js';
import { SetupSourceError } from '../../src/core/setup/source-error.js';
import { makeCertificate, type TestCertificate } from '../support/certificates.js';
import { adfsFederationMetadata, oktaAppMetadata } from '../support/saml-metadata-documents.js';

const ARTIFACT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact';
const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

let signing: TestCertificate;
let encryption: TestCertificate;
let other: TestCertificate;

beforeAll(async () => {
  [signing, encryption, other] = await Promise.all([
    makeCertificate({ commonName: 'ADFS Signing - adfs.contoso.example' }),
    makeCertificate({ commonName: 'ADFS Encryption - adfs.contoso.example' }),
    makeCertificate({ commonName: 'another key' }),
  ]);
});

/** The SetupSourceError parsing `xml` throws (the test fails when it parses). */
function refusal(xml: string): SetupSourceError {
  try {
    parseSamlMetadata(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(SetupSourceError);
    return error as SetupSourceError;
  }
  throw new Error('the document was accepted');
}

/** A minimal IdP EntityDescriptor (md: prefix), with `inner` as the IDPSSODescriptor's content. */
const entity = (entityId: string, inner: string, attributes = '') =>
  `<md:EntityDescriptor xmlns:md="${MD}" entityID="${entityId}"${attributes}>` +
  `<md:IDPSSODescriptor protocolSupportEnumeration="${PROTOCOL}">${inner}</md:IDPSSODescriptor></md:EntityDescriptor>`;

const key = (certificate: string, use?: string) =>
  `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>` +
  `<ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

const sso = (location: string, binding = HTTP_REDIRECT_BINDING) => `<md:SingleSignOnService Binding="${binding}" Location="${location}"/>`;

describe('parseSamlMetadata: real shapes', () => {
  it('ADFS FederationMetadata.xml: the IdP descriptor only, the signing certificate and not the encryption one', () => {
    const xml = adfsFederationMetadata({ signing: signing.certBase64, encryption: encryption.certBase64 });
    const ls = 'https://adfs.contoso.example/adfs/ls/';
    expect(parseSamlMetadata(xml)).toEqual<SamlIdpMetadata>({
      entityId: 'http://adfs.contoso.example/adfs/services/trust',
      singleSignOnServices: [
        { binding: HTTP_REDIRECT_BINDING, location: ls },
        { binding: HTTP_POST_BINDING, location: ls },
      ],
      singleLogoutServices: [
        { binding: HTTP_REDIRECT_BINDING, location: ls },
        { binding: HTTP_POST_BINDING, location: ls },
      ],
      signingCertificates: [signing.certBase64],
      nameIdFormats: [
        'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      ],
      wantAuthnRequestsSigned: null,
      validUntil: null,
    });
  });

  it("ADFS: the certificate of the metadata's own signature and of the SP and WS-Federation roles are not taken", () => {
    const xml = adfsFederationMetadata({
      signing: signing.certBase64,
      encryption: encryption.certBase64,
      metadataSigning: other.certBase64,
    });
    expect(xml).toContain(other.certBase64);
    expect(parseSamlMetadata(xml).signingCertificates).toEqual([signing.certBase64]);
  });

  it('ADFS served with a byte order mark and CRLF line ends parses the same', () => {
    const xml = adfsFederationMetadata({ signing: signing.certBase64, encryption: encryption.certBase64 });
    const served = `\uFEFF${xml.replace(/></g, '>\r\n<')}`;
    expect(parseSamlMetadata(served)).toEqual(parseSamlMetadata(xml));
  });

  it('Okta app metadata with single logout: entity id, POST and Redirect URLs, the one signing certificate', () => {
    const metadata = parseSamlMetadata(oktaAppMetadata({ signing: signing.certBase64, singleLogout: true }));
    const app = 'https://dev-12345678.okta.com/app/dev-12345678_gateway_1/exk1fcia6d6EMsf331d8';
    expect(metadata).toEqual<SamlIdpMetadata>({
      entityId: 'http://www.okta.com/exk1fcia6d6EMsf331d8',
      singleSignOnServices: [
        { binding: HTTP_POST_BINDING, location: `${app}/sso/saml` },
        { binding: HTTP_REDIRECT_BINDING, location: `${app}/sso/saml` },
      ],
      singleLogoutServices: [
        { binding: HTTP_POST_BINDING, location: `${app}/slo/saml` },
        { binding: HTTP_REDIRECT_BINDING, location: `${app}/slo/saml` },
      ],
      signingCertificates: [signing.certBase64],
      nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
      wantAuthnRequestsSigned: false,
      validUntil: null,
    });
    expect(preferredSsoUrl(metadata)).toBe(`${app}/sso/saml`);
    expect(preferredSloUrl(metadata)).toBe(`${app}/slo/saml`);
  });

  it('Okta without single logout: no logout services; a certificate in 64-column lines comes back without whitespace', () => {
    const metadata = parseSamlMetadata(oktaAppMetadata({ signing: signing.certBase64, wrapCertificate: true }));
    expect(metadata.singleLogoutServices).toEqual([]);
    expect(preferredSloUrl(metadata)).toBeNull();
    expect(metadata.signingCertificates).toEqual([signing.certBase64]);
  });

  it('matches by namespace, not prefix: another prefix works, an IDPSSODescriptor in another namespace is none', () => {
    const xml = entity('https://idp.example/saml', key(signing.certBase64, 'signing') + sso('https://idp.example/sso'))
      .replace(/md:/g, 'saml2md:')
      .replace('xmlns:md=', 'xmlns:saml2md=');
    expect(xml).not.toContain('<md:');
    expect(parseSamlMetadata(xml).entityId).toBe('https://idp.example/saml');
    const foreign = entity('https://idp.example/saml', sso('https://idp.example/sso'))
      .replace(/md:(IDPSSODescriptor|SingleSignOnService)/g, 'x:$1')
      .replace('<x:IDPSSODescriptor', '<x:IDPSSODescriptor xmlns:x="urn:example:other"');
    expect(refusal(foreign).message).toBe(
      'https://idp.example/saml has no IDPSSODescriptor: give the metadata of a SAML identity provider',
    );
  });

  it('a key without use counts as signing; duplicates are kept once; the SAML 2.0 descriptor is chosen over a SAML 1.1 one', () => {
    const saml11 =
      '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol">' +
      `${key(other.certBase64, 'signing')}${sso('https://idp.example/saml1')}</md:IDPSSODescriptor>`;
    const xml = entity(
      'https://idp.example/saml',
      key(signing.certBase64) + key(signing.certBase64, 'signing') + sso('https://idp.example/sso'),
    )
      .replace('<md:IDPSSODescriptor', `${saml11}<md:IDPSSODescriptor`)
      .replace(
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"',
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol urn:oasis:names:tc:SAML:2.0:protocol"',
      );
    const metadata = parseSamlMetadata(xml);
    expect(metadata.signingCertificates).toEqual([signing.certBase64]);
    expect(metadata.singleSignOnServices).toEqual([{ binding: HTTP_REDIRECT_BINDING, location: 'https://idp.example/sso' }]);
  });

  it('an EntitiesDescriptor with one IdP (and an SP): that IdP, valid until the earliest validUntil around it', () => {
    const idp = entity(
      'https://idp.example/saml',
      key(signing.certBase64, 'signing') + sso('https://idp.example/sso'),
      ' validUntil="2031-06-01T00:00:00Z"',
    );
    const sp =
      '<md:EntityDescriptor entityID="https://sp.example/saml">' +
      `<md:SPSSODescriptor protocolSupportEnumeration="${PROTOCOL}"/></md:EntityDescriptor>`;
    const inner = idp.replace(` xmlns:md="${MD}"`, '');
    const xml = `<md:EntitiesDescriptor xmlns:md="${MD}" validUntil="2030-01-31T12:00:00">${sp}${inner}</md:EntitiesDescriptor>`;
    const metadata = parseSamlMetadata(xml);
    expect(metadata.entityId).toBe('https://idp.example/saml');
    expect(metadata.validUntil).toEqual(new Date('2030-01-31T12:00:00Z'));
    expect(parseSamlMetadata(idp).validUntil).toEqual(new Date('2031-06-01T00:00:00Z'));
  });
});

describe('preferredSsoUrl / preferredSloUrl', () => {
  const metadata = (services: [string, string][]): SamlIdpMetadata => ({
    entityId: 'e',
    singleSignOnServices: services.map(([binding, location]) => ({ binding, location })),
    singleLogoutServices: services.map(([binding, location]) => ({ binding, location })),
    signingCertificates: [],
    nameIdFormats: [],
    wantAuthnRequestsSigned: null,
    validUntil: null,
  });

  it('HTTP-Redirect wherever it is listed, else HTTP-POST, else the first; null for none', () => {
    const all = metadata([
      [ARTIFACT_BINDING, 'https://idp.example/artifact'],
      [HTTP_POST_BINDING, 'https://idp.example/post'],
      [HTTP_REDIRECT_BINDING, 'https://idp.example/redirect'],
    ]);
    expect(preferredSsoUrl(all)).toBe('https://idp.example/redirect');
    expect(preferredSloUrl(all)).toBe('https://idp.example/redirect');
    const noRedirect = metadata([
      [ARTIFACT_BINDING, 'https://idp.example/artifact'],
      [HTTP_POST_BINDING, 'https://idp.example/post'],
    ]);
    expect(preferredSsoUrl(noRedirect)).toBe('https://idp.example/post');
    expect(preferredSsoUrl(metadata([[ARTIFACT_BINDING, 'https://idp.example/artifact']]))).toBe('https://idp.example/artifact');
    expect(preferredSloUrl(metadata([]))).toBeNull();
  });
});

describe('parseSamlMetadata: DTDs and entities are refused, nothing is expanded', () => {
  const DOCTYPE_REFUSED = /^the document must not contain a DOCTYPE \(DTDs and entities are not accepted; found at line \d+, column \d+\)$/;

  it('billion laughs', () => {
    const laughs = ['<!ENTITY lol "lol">'];
    for (let level = 1; level <= 9; level++) laughs.push(`<!ENTITY lol${level} "${`&lol${level === 1 ? '' : level - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${laughs.join('\n')}\n]>\n${entity('&lol9;', sso('https://idp.example/sso'))}`;
    const error = refusal(xml);
    expect(error.message).toMatch(DOCTYPE_REFUSED);
    expect(error.message).toContain('line 2, column 1');
    expect(error.message).not.toContain('lollol');
  });

  it('an external entity (file:///etc/passwd), also in lower case and after a byte order mark and a comment', () => {
    const xxe = (doctype: string) =>
      `\uFEFF<!-- metadata -->${doctype} foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>` +
      entity('&xxe;', key(signing.certBase64, 'signing') + sso('https://idp.example/&xxe;'));
    for (const doctype of ['<!DOCTYPE', '<!doctype']) {
      const error = refusal(xxe(doctype));
      expect(error.message).toMatch(DOCTYPE_REFUSED);
      expect(error.message).not.toMatch(/root:|passwd/);
    }
  });

  it('the DOCTYPE is refused before parsing: a document that is otherwise not XML at all gets the same answer', () => {
    expect(refusal('<!DOCTYPE x [ <!ENTITY a SYSTEM "https://attacker.example/x"> ]><<<').message).toMatch(DOCTYPE_REFUSED);
  });

  it('an entity reference without a DTD is not expanded either: the XML is not well-formed', () => {
    const error = refusal(entity('&xxe;', key(signing.certBase64, 'signing') + sso('https://idp.example/sso')));
    expect(error.message).toMatch(/^the document is not well-formed XML: entity not found:&xxe;/);
  });
});

describe('parseSamlMetadata: refused documents', () => {
  const good = () => key(signing.certBase64, 'signing') + sso('https://idp.example/sso');

  it('SP metadata, alone or in an EntitiesDescriptor', () => {
    const sp =
      `<md:EntityDescriptor xmlns:md="${MD}" entityID="https://sp.example/saml">` +
      `<md:SPSSODescriptor protocolSupportEnumeration="${PROTOCOL}">` +
      `<md:AssertionConsumerService Binding="${HTTP_POST_BINDING}" Location="https://sp.example/acs" index="0"/>` +
      '</md:SPSSODescriptor></md:EntityDescriptor>';
    expect(refusal(sp).message).toBe(
      "this is SP metadata: https://sp.example/saml has an SPSSODescriptor but no IDPSSODescriptor; give the identity provider's metadata",
    );
    const inSet = `<md:EntitiesDescriptor xmlns:md="${MD}">${sp.replace(` xmlns:md="${MD}"`, '')}</md:EntitiesDescriptor>`;
    expect(refusal(inSet).message).toMatch(/^this is SP metadata: the EntitiesDescriptor holds service providers but no IDPSSODescriptor/);
  });

  it('an EntitiesDescriptor with two IdPs names both', () => {
    const xml =
      `<md:EntitiesDescriptor xmlns:md="${MD}">` +
      entity('https://idp-one.example/saml', good()).replace(` xmlns:md="${MD}"`, '') +
      entity('https://idp-two.example/saml', good()).replace(` xmlns:md="${MD}"`, '') +
      '</md:EntitiesDescriptor>';
    expect(refusal(xml).message).toBe(
      'the EntitiesDescriptor holds 2 identity providers (https://idp-one.example/saml, https://idp-two.example/saml): ' +
        'give the metadata of one IdP',
    );
  });

  it('a bad certificate is named by its KeyDescriptor, whether signing or encryption', () => {
    const notACertificate = Buffer.from('definitely not DER').toString('base64');
    expect(refusal(entity('https://idp.example/saml', key(notACertificate, 'signing') + sso('https://idp.example/sso'))).message).toBe(
      'the certificate of KeyDescriptor 1 (use="signing") of the IDPSSODescriptor is not a readable X.509 certificate',
    );
    const adfs = adfsFederationMetadata({ signing: signing.certBase64, encryption: signing.certBase64.slice(0, 200) });
    expect(refusal(adfs).message).toBe(
      'the certificate of KeyDescriptor 1 (use="encryption") of the IDPSSODescriptor is not a readable X.509 certificate',
    );
    expect(refusal(entity('https://idp.example/saml', key(signing.certPem) + sso('https://idp.example/sso'))).message).toMatch(
      /^the certificate of KeyDescriptor 1 of the IDPSSODescriptor is not base64/,
    );
  });

  it('malformed XML says what and where (line and column)', () => {
    const lines = oktaAppMetadata({ signing: signing.certBase64 }).replace(/></g, '>\n<').split('\n');
    const at = lines.findIndex((line) => line.startsWith('<md:NameIDFormat>'));
    lines[at] = lines[at]!.replace('</md:NameIDFormat>', '</md:NameIDFormats>');
    const error = refusal(lines.join('\n'));
    expect(error.message).toMatch(/^the document is not well-formed XML: .*NameIDFormat.* \(line \d+, column \d+\)$/);
    expect(error.message).toContain(`(line ${at + 1}, `);
    expect(refusal('<md:EntityDescriptor xmlns:md="x" a="1" a="2"/>').message).toMatch(
      /^the document is not well-formed XML: .*\(line 1, column \d+\)$/,
    );
    expect(refusal(`${entity('https://idp.example/saml', good())}<trailing/>`).message).toMatch(/^the document is not well-formed XML: /);
    expect(refusal('<md:EntityDescriptor entityID="x"/>').message).toMatch(/^the document is not well-formed XML: .*namespace/);
  });

  it('empty text, whitespace, and text that is no XML', () => {
    for (const text of ['', '   \n\t', '\uFEFF']) {
      expect(refusal(text).message).toBe("the document is empty: give the IdP's SAML metadata XML (an EntityDescriptor)");
    }
    expect(refusal('https://idp.example/metadata').message).toMatch(/^the document is not well-formed XML: /);
  });

  it('NUL bytes and other characters XML forbids, with their position', () => {
    const xml = entity('https://idp.example/saml', good());
    expect(refusal(`${xml.slice(0, 30)}\u0000${xml.slice(30)}`).message).toBe(
      'the document contains the character U+0000, which XML does not allow (line 1, column 31): ' +
        'it is not a metadata document as text (binary, or decoded with the wrong encoding)',
    );
    expect(refusal(`<a>\n\n  \u001B</a>`).message).toContain('U+001B, which XML does not allow (line 3, column 3)');
    expect(refusal(`<a>\uD800</a>`).message).toContain('U+D800');
  });

  it('what an IdP descriptor must have: entityID, SAML 2.0, a sign-on service with binding and location, a signing certificate', () => {
    expect(refusal(entity('', good())).message).toMatch(/^the EntityDescriptor has no entityID/);
    expect(refusal(entity('https://idp.example/saml', key(signing.certBase64, 'signing'))).message).toBe(
      'the IDPSSODescriptor has no SingleSignOnService: the metadata does not say where users sign on',
    );
    expect(refusal(entity('https://idp.example/saml', good().replace(' Location="https://idp.example/sso"', ''))).message).toBe(
      'SingleSignOnService 1 of the IDPSSODescriptor has no Location',
    );
    expect(
      refusal(entity('https://idp.example/saml', key(encryption.certBase64, 'encryption') + sso('https://idp.example/sso'))).message,
    ).toMatch(/^the IDPSSODescriptor has no signing certificate/);
    const saml11 = entity('https://idp.example/saml', good()).replace(':SAML:2.0:protocol', ':SAML:1.1:protocol');
    expect(refusal(saml11).message).toMatch(/^the IDPSSODescriptor of https:\/\/idp.example\/saml does not support SAML 2.0/);
    expect(refusal(`<EntityDescriptor entityID="x"/>`).message).toMatch(/^the root element is <EntityDescriptor> in namespace \(none\)/);
  });

  it('attribute values that are not what the schema allows', () => {
    const signed = entity('https://idp.example/saml', good()).replace(
      '<md:IDPSSODescriptor',
      '<md:IDPSSODescriptor WantAuthnRequestsSigned="yes"',
    );
    expect(refusal(signed).message).toBe('WantAuthnRequestsSigned of the IDPSSODescriptor is "yes": an xs:boolean is true, false, 1 or 0');
    expect(parseSamlMetadata(signed.replace('"yes"', '"true"')).wantAuthnRequestsSigned).toBe(true);
    expect(refusal(entity('https://idp.example/saml', good(), ' validUntil="next year"')).message).toMatch(
      /^validUntil of the EntityDescriptor is "next year": not an xs:dateTime/,
    );
  });
});
