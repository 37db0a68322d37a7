// An estate document checked as a whole before anything is read or written: its shape (`version: 1`,
// `connections:` by id, each with `providers:` and an optional `prune`), every connection configured and
// visible to the caller, every provider entry valid for its vendor (enum names as in GraphQL, secrets as
// references with supplied values). Every problem is reported at once, each with its path and line:column.
//
// `providers:` is a mapping keyed by the provider's key, or a list whose items carry `key:` (a create whose
// key the vendor assigns, Akamai's, is a list item without one).
import type { Connection, ConnectionRegistry } from '../connections.js';
import type { JsonObject } from '../vendor-contract/adapter.js';
import type { VendorEstate } from '../vendor-contract/estate.js';
import { convertEnumValues } from '../inputs/enum-names.js';
import { type DocumentPath, type DocumentProblem, type DocumentText, readDocumentText } from './document-text.js';
import { readSecretField, type SecretReferenceName, type SecretReferenceValues, valueAt, withValueAt } from './secret-references.js';

export interface EstateEntry {
  path: DocumentPath;
  /** The provider's key; null for a create whose key the vendor assigns. */
  key: string | null;
  /** The entry as the vendor's `entry` schema parsed it, canonical, with the supplied secret values. */
  fields: JsonObject;
  /** The entry's secret fields with a value, by entry path: the reference the value came from. */
  secretReferences: Record<string, SecretReferenceName>;
}

export interface EstateConnectionSection {
  connection: Connection;
  estate: VendorEstate;
  prune: boolean;
  entries: EstateEntry[];
}

export interface EstateDocument {
  sections: EstateConnectionSection[];
  /** A problem found later (planning) placed in the document: the deepest node of `path` it has. */
  problemAt(path: DocumentPath, message: string): DocumentProblem;
  /** Every reference the document used with a value, and the value (for fingerprints; never stored). */
  secretValues: Map<SecretReferenceName, string>;
}

export interface DocumentContext {
  connections: Pick<ConnectionRegistry, 'find'>;
  /** The caller's connections (null: every one). Another connection is answered as one not configured. */
  visibleConnections: ReadonlySet<string> | null;
  estates: ReadonlyMap<string, VendorEstate>;
  secrets: SecretReferenceValues;
}

export type DocumentReading = { ok: true; document: EstateDocument } | { ok: false; problems: DocumentProblem[] };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const KEY = /^[^\s\p{Cc}][^\p{Cc}]{0,254}$/u;

export function readEstateDocument(text: string, context: DocumentContext): DocumentReading {
  const source = readDocumentText(text);
  if (source.problems.length) return { ok: false, problems: source.problems };
  const problems: DocumentProblem[] = [];
  const document: EstateDocument = { sections: [], secretValues: new Map(), problemAt: source.problemAt };
  const root = source.value;
  if (!isPlainObject(root))
    return { ok: false, problems: [source.problemAt([], 'the document must be a mapping with version and connections')] };
  for (const key of Object.keys(root))
    if (key !== 'version' && key !== 'connections')
      problems.push(source.problemAt([key], 'unknown key: a document has version and connections'));
  if (root.version !== 1) problems.push(source.problemAt(['version'], 'version must be 1'));
  if (!isPlainObject(root.connections)) {
    problems.push(source.problemAt(['connections'], 'connections must be a mapping of connection id to its providers'));
    return { ok: false, problems };
  }
  for (const [id, body] of Object.entries(root.connections)) {
    const section = readSection(source, id, body, context, document, problems);
    if (section) document.sections.push(section);
  }
  return problems.length ? { ok: false, problems } : { ok: true, document };
}

function readSection(
  source: DocumentText,
  id: string,
  body: unknown,
  context: DocumentContext,
  document: EstateDocument,
  problems: DocumentProblem[],
): EstateConnectionSection | null {
  const path = ['connections', id];
  const visible = !context.visibleConnections || context.visibleConnections.has(id);
  const connection = visible ? context.connections.find(id) : undefined;
  if (!connection) {
    problems.push(source.problemAt(path, `no connection "${id}" is configured`));
    return null;
  }
  const estate = context.estates.get(connection.vendor);
  if (!estate) {
    problems.push(source.problemAt(path, `${connection.vendor} connections cannot be managed by an estate document yet`));
    return null;
  }
  if (!isPlainObject(body)) {
    problems.push(source.problemAt(path, 'a connection must be a mapping with providers (and prune)'));
    return null;
  }
  for (const key of Object.keys(body))
    if (key !== 'providers' && key !== 'prune')
      problems.push(source.problemAt([...path, key], 'unknown key: a connection has providers and prune'));
  if (body.prune !== undefined && typeof body.prune !== 'boolean')
    problems.push(source.problemAt([...path, 'prune'], 'prune must be true or false'));
  const section: EstateConnectionSection = { connection, estate, prune: body.prune === true, entries: [] };
  const providers = body.providers ?? {};
  const items: Array<{ path: DocumentPath; key: unknown; fields: unknown }> = [];
  if (Array.isArray(providers)) {
    providers.forEach((item, index) => {
      const { key, ...fields } = isPlainObject(item) ? item : { key: undefined };
      items.push({ path: [...path, 'providers', index], key, fields: isPlainObject(item) ? fields : item });
    });
  } else if (isPlainObject(providers)) {
    for (const [key, fields] of Object.entries(providers)) items.push({ path: [...path, 'providers', key], key, fields });
  } else {
    problems.push(source.problemAt([...path, 'providers'], 'providers must be a mapping by key, or a list of providers'));
  }
  const seen = new Set<string>();
  for (const item of items) {
    const entry = readEntry(source, item, estate, context.secrets, document, problems);
    if (!entry) continue;
    if (entry.key !== null) {
      if (seen.has(entry.key)) problems.push(source.problemAt(item.path, `provider "${entry.key}" is named twice in this connection`));
      seen.add(entry.key);
    }
    section.entries.push(entry);
  }
  return section;
}

function readEntry(
  source: DocumentText,
  item: { path: DocumentPath; key: unknown; fields: unknown },
  estate: VendorEstate,
  supplied: SecretReferenceValues,
  document: EstateDocument,
  problems: DocumentProblem[],
): EstateEntry | null {
  const before = problems.length;
  let key: string | null = null;
  if (item.key === undefined || item.key === null) {
    if (estate.createKey !== 'vendor')
      problems.push(source.problemAt(item.path, 'key is required: this vendor names a provider by the key the document gives'));
  } else if (typeof item.key !== 'string' || !KEY.test(item.key)) {
    problems.push(source.problemAt([...item.path, 'key'], 'key must be a string of 1-255 characters without control characters'));
  } else {
    key = item.key;
  }
  if (!isPlainObject(item.fields)) {
    problems.push(source.problemAt(item.path, 'a provider must be a mapping of its fields'));
    return null;
  }
  let fields: Record<string, unknown> = item.fields;
  const secretReferences: Record<string, SecretReferenceName> = {};
  for (const secretPath of Object.keys(estate.secretFields)) {
    const reading = readSecretField(valueAt(fields, secretPath), supplied);
    const fieldPath = [...item.path, ...secretPath.split('.')];
    if (reading.kind === 'problem') {
      problems.push(source.problemAt(fieldPath, reading.message));
      fields = withValueAt(fields, secretPath, undefined);
    } else if (reading.kind === 'kept') fields = withValueAt(fields, secretPath, undefined);
    else if (reading.kind === 'value') {
      fields = withValueAt(fields, secretPath, reading.value);
      secretReferences[secretPath] = reading.reference;
      document.secretValues.set(reading.reference, reading.value);
    }
  }
  const parsed = estate.entry.safeParse(convertEnumValues(estate.entry, fields, 'to-wire'));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const secret = Object.keys(estate.secretFields).includes(issue.path.join('.'));
      // A secret's message never quotes its value.
      problems.push(
        source.problemAt(
          [...item.path, ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
          secret ? 'is not a valid secret for this field' : issue.message,
        ),
      );
    }
  }
  if (problems.length > before || !parsed.success) return null;
  return { path: item.path, key, fields: estate.canonical(parsed.data as JsonObject), secretReferences };
}
