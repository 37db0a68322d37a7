// The input of a mutation whose fields may come from SAML metadata or OIDC discovery (MutationSpec.sources):
// the source fetched through the guarded fetcher and parsed, the vendor's fields filled in from it (a field the
// client gave itself wins), the source fields removed. Runs before the input is validated, so the fields taken
// from a source meet exactly the rules of the same fields typed by hand, and a change made this way writes
// exactly what the explicit input would. Any problem names the source field; nothing is sent to a vendor.
import { createHash } from 'node:crypto';
import type { FieldError } from '../errors.js';
import { httpsUrlProblem } from '../inputs/https-url.js';
import type { OutboundFetcher } from '../outbound/fetcher.js';
import { SOURCE_FIELDS, type SetupSources } from '../vendor-contract/setup.js';
import { discoverOpenIdProvider } from './oidc-discovery.js';
import { parseSamlMetadata } from './saml-metadata.js';

export interface ResolvedSources {
  /** The input with the fields taken from the sources, without the source fields. */
  input: Record<string, unknown>;
  problems: FieldError[];
  /** The input fields filled in from a source. */
  taken: string[];
}

const SAML_ACCEPT = 'application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.8';

/** What the audit trail keeps of a metadata document given inline: its size and hash, not its text (up to 1 MB). */
export function summarizeMetadataXml(xml: string): string {
  return `<SAML metadata: ${Buffer.byteLength(xml)} bytes, sha256 ${createHash('sha256').update(xml).digest('hex').slice(0, 16)}>`;
}

/** The input as the audit trail records it: a metadata document by its summary. */
export function recordedSources(input: Record<string, unknown>): Record<string, unknown> {
  return typeof input.metadataXml === 'string' ? { ...input, metadataXml: summarizeMetadataXml(input.metadataXml) } : input;
}

const given = (value: unknown) => value !== undefined && value !== null;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function resolveSetupSources(
  sources: SetupSources | undefined,
  raw: Record<string, unknown>,
  fetcher: OutboundFetcher | undefined,
): Promise<ResolvedSources> {
  const problems: FieldError[] = [];
  const taken: string[] = [];
  const input = { ...raw };
  const fill = (fields: Record<string, unknown>) => {
    for (const [field, value] of Object.entries(fields)) {
      if (input[field] !== undefined || value === undefined) continue;
      input[field] = value;
      taken.push(field);
    }
  };
  if (!sources) return { input, problems, taken };

  if (sources.samlMetadata && (given(raw.metadataXml) || given(raw.metadataUrl))) {
    const xml = await samlMetadataText(raw, fetcher, problems);
    if (xml !== null) {
      const field = given(raw.metadataXml) ? 'metadataXml' : 'metadataUrl';
      try {
        fill(sources.samlMetadata(parseSamlMetadata(xml), raw));
      } catch (error) {
        problems.push({ path: [field], message: `${field} is not usable SAML metadata: ${message(error)}` });
      }
    }
  }

  const oidc = sources.oidcDiscovery;
  if (oidc && raw.discover === true) {
    const issuer = raw[oidc.issuerField];
    if (typeof issuer !== 'string' || issuer.trim() === '') {
      problems.push({ path: [oidc.issuerField], message: `${oidc.issuerField} is required with discover: true (the issuer to discover)` });
    } else if (!fetcher) {
      problems.push({ path: ['discover'], message: 'discovery is not available on this gateway (no outbound fetcher)' });
    } else {
      try {
        const discovery = await discoverOpenIdProvider(issuer.trim(), fetcher);
        // The issuer as the document spells it (a trailing slash may differ): that is the "iss" tokens carry.
        if (oidc.sendsIssuer && discovery.issuer !== issuer) {
          input[oidc.issuerField] = discovery.issuer;
          taken.push(oidc.issuerField);
        }
        fill(oidc.fields(discovery, raw));
      } catch (error) {
        problems.push({ path: ['discover'], message: `the OpenID Connect discovery of ${issuer.trim()} failed: ${message(error)}` });
      }
    }
  } else if (oidc && !oidc.sendsIssuer && given(raw[oidc.issuerField])) {
    problems.push({
      path: [oidc.issuerField],
      message: `${oidc.issuerField} is only used with discover: true (it names the issuer to discover)`,
    });
  }

  for (const field of SOURCE_FIELDS) delete input[field];
  if (oidc && !oidc.sendsIssuer) delete input[oidc.issuerField];
  return { input, problems, taken };
}

/** The metadata document: as given, or fetched from metadataUrl (https, guarded); null after a problem. */
async function samlMetadataText(
  raw: Record<string, unknown>,
  fetcher: OutboundFetcher | undefined,
  problems: FieldError[],
): Promise<string | null> {
  if (given(raw.metadataXml) && given(raw.metadataUrl)) {
    problems.push({ path: ['metadataUrl'], message: 'give metadataXml or metadataUrl, not both' });
    return null;
  }
  if (typeof raw.metadataXml === 'string') return raw.metadataXml;
  const url = raw.metadataUrl;
  if (typeof url !== 'string') {
    problems.push({ path: ['metadataUrl'], message: 'metadataUrl must be a string' });
    return null;
  }
  const problem = httpsUrlProblem(url);
  if (problem) {
    problems.push({ path: ['metadataUrl'], message: `metadataUrl ${problem}` });
    return null;
  }
  if (!fetcher) {
    problems.push({ path: ['metadataUrl'], message: 'fetching metadata is not available on this gateway (no outbound fetcher)' });
    return null;
  }
  try {
    return (await fetcher.fetch(url, { accept: SAML_ACCEPT })).body;
  } catch (error) {
    problems.push({ path: ['metadataUrl'], message: `metadataUrl could not be fetched: ${message(error)}` });
    return null;
  }
}
