// The live estate as a document: every visible connection whose vendor has an estate mapping, each provider
// as its vendor exports it (enum values by their GraphQL names), secrets as optional `{ env }` references with
// predictable names and a comment saying whether the vendor holds a secret now. Planning it right away shows
// no change: an optional reference without a value keeps the current secret.
import { Document, isMap } from 'yaml';
import type { ConnectionRead } from '../reads/provider-reader.js';
import type { JsonObject, NormalizedProvider } from '../vendor-contract/adapter.js';
import type { VendorEstate } from '../vendor-contract/estate.js';
import { convertEnumValues } from '../inputs/enum-names.js';
import { withValueAt } from './secret-references.js';

export interface EstateExport {
  yaml: string;
  json: JsonObject;
  providerCount: number;
}

/** IDP_<CONNECTION>_<KEY>_<FIELD>: "whm-prod", "google", "clientSecret" -> IDP_WHM_PROD_GOOGLE_CLIENT_SECRET. */
export function secretEnvName(connectionId: string, key: string, secretPath: string): string {
  const part = (text: string) =>
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
  return ['IDP', part(connectionId), part(key), part(secretPath)].filter(Boolean).join('_').slice(0, 128);
}

function secretComment(provider: NormalizedProvider, fingerprintName: string, env: string): string {
  const known = provider.secretFingerprints[fingerprintName];
  if (known === undefined) return ` the vendor never shows whether a secret is set; set ${env} to set it`;
  return known === null ? ` no secret is set now; set ${env} to set one` : ` the vendor holds a secret now; set ${env} to rotate it`;
}

export function exportEstate(reads: ConnectionRead[], estates: ReadonlyMap<string, VendorEstate>): EstateExport {
  const connections: JsonObject = {};
  const comments: Array<{ path: Array<string | number>; text: string }> = [];
  let providerCount = 0;
  for (const read of reads) {
    const estate = estates.get(read.connection.vendor);
    if (!estate) continue;
    // A vendor that assigns keys gets the list form, so that a new provider can be added as an item without key.
    const listed = estate.createKey === 'vendor';
    const providers: JsonObject = {};
    const items: JsonObject[] = [];
    for (const provider of [...read.providers].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      let entry = convertEnumValues(estate.entry, estate.exportEntry(provider), 'to-names') as Record<string, unknown>;
      for (const [secretPath, fingerprintName] of Object.entries(estate.secretFields)) {
        if (estate.exportsSecret && !estate.exportsSecret(provider, secretPath)) continue;
        const env = secretEnvName(read.connection.id, provider.key, secretPath);
        entry = withValueAt(entry, secretPath, { env, optional: true });
        comments.push({
          path: ['connections', read.connection.id, 'providers', listed ? items.length : provider.key, ...secretPath.split('.')],
          text: secretComment(provider, fingerprintName, env),
        });
      }
      if (listed) items.push({ key: provider.key, ...(entry as JsonObject) });
      else providers[provider.key] = entry as JsonObject;
      providerCount += 1;
    }
    connections[read.connection.id] = { providers: listed ? items : providers };
  }
  const json: JsonObject = { version: 1, connections };
  const document = new Document(json);
  for (const { path, text } of comments) {
    const node = document.getIn(path, true);
    if (isMap(node)) {
      node.flow = true;
      node.comment = text;
    }
  }
  return { yaml: document.toString({ lineWidth: 0 }), json, providerCount };
}
