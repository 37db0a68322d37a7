// An identity provider's SAML 2.0 metadata (what ADFS, Okta, Entra ID, Shibboleth publish) read into the few
// things a vendor's SAML provider needs: entity id, sign-on and logout URLs per binding, signing certificates.
// The XML is parsed by @xmldom/xmldom, namespace-aware (elements are matched by namespace and local name, never
// by prefix), with no DTD: a document with a DOCTYPE is refused before parsing, so no entity is ever expanded
// (billion laughs, external entities). Any problem is a SetupSourceError saying what to give instead.
//
// The metadata's own XML signature is NOT verified: the document's trust comes from the channel it came by (an
// https URL the admin chose, or text the admin pasted), as when the same fields are typed by hand.
import { X509Certificate } from 'node:crypto';
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { SetupSourceError } from './source-error.js';

export const SAML_METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const HTTP_REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const HTTP_POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/** A SingleSignOnService or SingleLogoutService: its Binding and Location, as the document gives them (trimmed). */
export interface SamlEndpoint {
  binding: string;
  location: string;
}

export interface SamlIdpMetadata {
  entityId: string;
  /** In document order; at least one. */
  singleSignOnServices: SamlEndpoint[];
  singleLogoutServices: SamlEndpoint[];
  /** Base64 DER, whitespace removed, each readable by X509Certificate: KeyDescriptor use="signing" or without use; no duplicates. */
  signingCertificates: string[];
  nameIdFormats: string[];
  /** The IDPSSODescriptor's WantAuthnRequestsSigned; null when the document does not say. */
  wantAuthnRequestsSigned: boolean | null;
  /** The earliest validUntil of the IdP's descriptor and the elements around it; null when none is given. */
  validUntil: Date | null;
}

/** The sign-on URL a vendor should store: HTTP-Redirect, else HTTP-POST, else the first listed. */
export function preferredSsoUrl(metadata: SamlIdpMetadata): string | null {
  return preferredLocation(metadata.singleSignOnServices);
}

/** The logout URL a vendor should store (same preference), or null when the IdP publishes none. */
export function preferredSloUrl(metadata: SamlIdpMetadata): string | null {
  return preferredLocation(metadata.singleLogoutServices);
}

function preferredLocation(endpoints: SamlEndpoint[]): string | null {
  const pick =
    endpoints.find((e) => e.binding === HTTP_REDIRECT_BINDING) ?? endpoints.find((e) => e.binding === HTTP_POST_BINDING) ?? endpoints[0];
  return pick?.location ?? null;
}

/**
 * The IdP described by `xml`: a root EntityDescriptor, or the one EntityDescriptor with an IDPSSODescriptor in an
 * EntitiesDescriptor; its SAML 2.0 IDPSSODescriptor. Throws SetupSourceError on any problem (no field named).
 */
export function parseSamlMetadata(xml: string): SamlIdpMetadata {
  const root = parseXml(xml);
  const entity = idpEntity(root);
  const entityId = entityIdOf(entity);
  if (entityId === null) throw new SetupSourceError("the EntityDescriptor has no entityID: the IdP's metadata names its entity id there");
  const idp = saml2IdpDescriptor(entity, entityId);

  const singleSignOnServices = mdChildren(idp, 'SingleSignOnService').map((el, i) => endpointOf(el, 'SingleSignOnService', i));
  if (!singleSignOnServices.length) {
    throw new SetupSourceError('the IDPSSODescriptor has no SingleSignOnService: the metadata does not say where users sign on');
  }
  const singleLogoutServices = mdChildren(idp, 'SingleLogoutService').map((el, i) => endpointOf(el, 'SingleLogoutService', i));

  return {
    entityId,
    singleSignOnServices,
    singleLogoutServices,
    signingCertificates: signingCertificatesOf(idp),
    nameIdFormats: unique(mdChildren(idp, 'NameIDFormat').map((el) => (el.textContent ?? '').trim())),
    wantAuthnRequestsSigned: booleanAttribute(idp, 'WantAuthnRequestsSigned'),
    validUntil: earliestValidUntil(idp),
  };
}

// ---- the XML -------------------------------------------------------------------------------------------------

/** Characters XML 1.0 does not allow anywhere (NUL and most C0 controls, U+FFFE/U+FFFF, unpaired surrogates). */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function parseXml(xml: string): Element {
  // A UTF-8 byte order mark (ADFS serves one) is not part of the XML; xmldom would see content before the root.
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  if (text.trim() === '') throw new SetupSourceError("the document is empty: give the IdP's SAML metadata XML (an EntityDescriptor)");
  const bad = NOT_XML.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new SetupSourceError(
      `the document contains the character U+${code}, which XML does not allow (${positionOf(text, bad.index)}): ` +
        'it is not a metadata document as text (binary, or decoded with the wrong encoding)',
    );
  }
  // Refused before parsing: no DTD is read, no entity declared, none expanded. Metadata never needs one.
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    throw new SetupSourceError(
      `the document must not contain a DOCTYPE (DTDs and entities are not accepted; found at ${positionOf(text, doctype.index)})`,
    );
  }

  let problem: string | null = null;
  const parser = new DOMParser({
    // Warnings too: xmldom warns about malformed attributes it would otherwise guess at.
    onError: (_level, message, context) => {
      problem ??= withPosition(message, context?.locator);
      throw new Error(message);
    },
  });
  let root: Element | null = null;
  try {
    root = parser.parseFromString(text, 'application/xml').documentElement;
  } catch (error) {
    problem ??= withPosition(error instanceof Error ? error.message : String(error), (error as { locator?: unknown }).locator);
  }
  if (problem !== null || !root) throw new SetupSourceError(`the document is not well-formed XML: ${problem ?? 'it has no root element'}`);
  return root;
}

function withPosition(message: string, locator: unknown): string {
  const { lineNumber, columnNumber } = (locator ?? {}) as { lineNumber?: number; columnNumber?: number };
  if (!lineNumber || lineNumber < 1) return message;
  return `${message} (line ${lineNumber}${columnNumber ? `, column ${columnNumber}` : ''})`;
}

function positionOf(text: string, index: number): string {
  const before = text.slice(0, index).split(/\r\n?|\n/);
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

const isElement = (node: Node): node is Element => node.nodeType === 1;

function isMd(element: Element, localName: string): boolean {
  return element.namespaceURI === SAML_METADATA_NS && element.localName === localName;
}

/** The element children of `parent` in the metadata namespace with this local name. */
function mdChildren(parent: Element, localName: string): Element[] {
  return Array.from(parent.childNodes).filter((node): node is Element => isElement(node) && isMd(node, localName));
}

function attribute(element: Element, name: string): string | null {
  const value = element.getAttribute(name);
  return value === null ? null : value.trim();
}

// ---- which entity, which descriptor --------------------------------------------------------------------------

/** The root EntityDescriptor, or the one IdP of an EntitiesDescriptor. */
function idpEntity(root: Element): Element {
  if (isMd(root, 'EntityDescriptor')) return root;
  if (!isMd(root, 'EntitiesDescriptor')) {
    throw new SetupSourceError(
      `the root element is <${root.localName}> in namespace ${root.namespaceURI ?? '(none)'}: SAML 2.0 metadata is an ` +
        `EntityDescriptor or EntitiesDescriptor in namespace ${SAML_METADATA_NS}`,
    );
  }
  const entities = Array.from(root.getElementsByTagNameNS(SAML_METADATA_NS, 'EntityDescriptor'));
  const idps = entities.filter((entity) => mdChildren(entity, 'IDPSSODescriptor').length > 0);
  if (idps.length === 1) return idps[0]!;
  if (idps.length > 1) {
    const names = idps.slice(0, 5).map((entity) => entityIdOf(entity) ?? '(no entityID)');
    const more = idps.length > 5 ? ` and ${idps.length - 5} more` : '';
    throw new SetupSourceError(
      `the EntitiesDescriptor holds ${idps.length} identity providers (${names.join(', ')}${more}): give the metadata of one IdP`,
    );
  }
  if (entities.some((entity) => mdChildren(entity, 'SPSSODescriptor').length > 0)) {
    throw new SetupSourceError(
      "this is SP metadata: the EntitiesDescriptor holds service providers but no IDPSSODescriptor; give the identity provider's metadata",
    );
  }
  throw new SetupSourceError('the EntitiesDescriptor holds no EntityDescriptor with an IDPSSODescriptor: give the metadata of one IdP');
}

function entityIdOf(entity: Element): string | null {
  const id = attribute(entity, 'entityID');
  return id ? id : null;
}

/** The entity's IDPSSODescriptor that speaks SAML 2.0 (an IdP may list a SAML 1.1 one besides). */
function saml2IdpDescriptor(entity: Element, entityId: string): Element {
  const descriptors = mdChildren(entity, 'IDPSSODescriptor');
  if (!descriptors.length) {
    if (mdChildren(entity, 'SPSSODescriptor').length) {
      throw new SetupSourceError(
        `this is SP metadata: ${entityId} has an SPSSODescriptor but no IDPSSODescriptor; give the identity provider's metadata`,
      );
    }
    throw new SetupSourceError(`${entityId} has no IDPSSODescriptor: give the metadata of a SAML identity provider`);
  }
  const saml2 = descriptors.find((d) => (attribute(d, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL));
  if (!saml2) {
    const listed = descriptors.map((d) => JSON.stringify(attribute(d, 'protocolSupportEnumeration') ?? '')).join(', ');
    throw new SetupSourceError(
      `the IDPSSODescriptor of ${entityId} does not support SAML 2.0 (protocolSupportEnumeration ${listed} lacks ${SAML2_PROTOCOL})`,
    );
  }
  return saml2;
}

// ---- the fields ----------------------------------------------------------------------------------------------

function endpointOf(element: Element, name: string, index: number): SamlEndpoint {
  const binding = attribute(element, 'Binding');
  const location = attribute(element, 'Location');
  if (!binding) throw new SetupSourceError(`${name} ${index + 1} of the IDPSSODescriptor has no Binding`);
  if (!location) throw new SetupSourceError(`${name} ${index + 1} of the IDPSSODescriptor has no Location`);
  return { binding, location };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Every KeyDescriptor's certificates must be readable (a broken one means a broken document); the signing ones are kept. */
function signingCertificatesOf(idp: Element): string[] {
  const signing: string[] = [];
  mdChildren(idp, 'KeyDescriptor').forEach((descriptor, index) => {
    const use = attribute(descriptor, 'use') ?? '';
    const which = `the certificate of KeyDescriptor ${index + 1}${use ? ` (use="${use}")` : ''} of the IDPSSODescriptor`;
    for (const element of Array.from(descriptor.getElementsByTagNameNS(XMLDSIG_NS, 'X509Certificate'))) {
      const base64 = (element.textContent ?? '').replace(/\s+/g, '');
      if (!base64) throw new SetupSourceError(`${which} is empty`);
      if (base64.length % 4 !== 0 || !BASE64.test(base64)) {
        throw new SetupSourceError(`${which} is not base64 (an X509Certificate holds the DER certificate in base64, without PEM lines)`);
      }
      try {
        new X509Certificate(Buffer.from(base64, 'base64'));
      } catch {
        throw new SetupSourceError(`${which} is not a readable X.509 certificate`);
      }
      if (use === '' || use === 'signing') signing.push(base64);
    }
  });
  if (!signing.length) {
    throw new SetupSourceError(
      'the IDPSSODescriptor has no signing certificate (a KeyDescriptor use="signing", or without use, holding an X509Certificate): ' +
        "the IdP's responses could not be verified",
    );
  }
  return unique(signing);
}

function booleanAttribute(element: Element, name: string): boolean | null {
  const value = attribute(element, name);
  if (value === null) return null;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new SetupSourceError(`${name} of the IDPSSODescriptor is ${JSON.stringify(value)}: an xs:boolean is true, false, 1 or 0`);
}

/** xs:dateTime; SAML times are UTC, so one without a zone is read as UTC. */
const DATE_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)?$/;

/** validUntil may sit on the descriptor, its EntityDescriptor and any EntitiesDescriptor around it: the earliest counts. */
function earliestValidUntil(idp: Element): Date | null {
  let earliest: Date | null = null;
  for (let element: Element | null = idp; element && element.namespaceURI === SAML_METADATA_NS; element = parentElement(element)) {
    const value = attribute(element, 'validUntil');
    if (value === null) continue;
    const match = DATE_TIME.exec(value);
    const date = match ? new Date(`${match[1]}${match[2] ?? 'Z'}`) : null;
    if (!date || Number.isNaN(date.getTime())) {
      throw new SetupSourceError(
        `validUntil of the ${element.localName} is ${JSON.stringify(value)}: not an xs:dateTime such as 2030-01-31T00:00:00Z`,
      );
    }
    if (!earliest || date < earliest) earliest = date;
  }
  return earliest;
}

function parentElement(element: Element): Element | null {
  const parent = element.parentNode;
  return parent && isElement(parent) ? parent : null;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}
