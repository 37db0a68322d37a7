// The ManagedIdentityProvider interface (a Relay Node) and the helper every vendor uses to define its type.
import type { ObjectFieldBuilder, ObjectRef } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ProviderView } from '../core/vendor-contract/adapter.js';
import type { JsonObject } from '../model/provider.js';
import { providerRef } from './loaders.js';
import type { VendorKey } from '../model/vendor-key.js';
import { builder, type GraphQLContext, type SchemaTypes } from './builder.js';
import { certificatesField } from './certificates.js';
import { ProtocolEnum, VendorEnum } from './enums.js';

export const ManagedIdentityProvider = builder.interfaceRef<ProviderView>('ManagedIdentityProvider').implement({
  description: 'What every identity provider has, whatever its vendor. Vendor-specific fields are on the vendor types.',
  interfaces: [builder.nodeInterfaceRef()],
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (p) => p.vendor }),
    connectionId: t.exposeString('connectionId', { description: 'The configured connection this provider was read through.' }),
    key: t.exposeString('key', { description: "The vendor's own id of the provider." }),
    displayName: t.exposeString('displayName'),
    protocol: t.field({ type: ProtocolEnum, resolve: (p) => p.protocol }),
    enabled: t.exposeBoolean('enabled', { nullable: true, description: 'null where the vendor cannot say.' }),
    clientId: t.exposeString('clientId', { nullable: true }),
    hasClientSecret: t.boolean({
      nullable: true,
      description:
        'Whether a client secret is set; null where the vendor never says and the gateway did not set it. The secret itself is never returned.',
      resolve: (p) => ('clientSecret' in p.secretFingerprints ? p.secretFingerprints.clientSecret !== null : null),
    }),
    version: t.exposeString('version', {
      description: 'Hash of the non-secret state and the secret fingerprints: changes whenever anything (a secret too) changes.',
    }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When this state was read from the vendor.' }),
    stale: t.exposeBoolean('stale', { description: 'True when the vendor could not be read and this is the last known state.' }),
    certificates: certificatesField(t),
  }),
});

/** Fields of a vendor's provider type, reading its typed `details` (the shape its normalize.ts names). */
export type ProviderFieldBuilder<Details extends JsonObject = JsonObject> = ObjectFieldBuilder<SchemaTypes, ProviderView<Details>>;

/** Every vendor's provider type, by vendor; filled as the vendor modules load. */
const providerTypes = new Map<VendorKey, ObjectRef<SchemaTypes, ProviderView>>();

export const IdentityProvider = builder.unionType('IdentityProvider', {
  description: 'An identity provider of any vendor. Every member implements ManagedIdentityProvider.',
  types: () => [...providerTypes.values()],
  resolveType: (provider) => providerTypes.get(provider.vendor)!,
});

/** What Pothos relay's `nodes(ids:)` / `node(id:)` (resolveNodes) reads from a Node type's options to load it. */
interface NodeLoading {
  loadMany: (ids: string[], ctx: GraphQLContext) => Array<Promise<ProviderView | null>>;
}

/**
 * Defines a vendor's provider type: a Relay node whose global id names the connection and the vendor's
 * key, loaded through the per-request DataLoader (so `nodes(ids:)` reads each connection once).
 *
 * Not with `builder.node()`: the `id` field it adds is an async resolver (Pothos relay's globalID), so every
 * provider of a list would complete as a promise of its own — a promise, a microtask and a promiseForObject
 * per provider, about 0.2 ms of CPU per cached page of 50. The same Node type, declared here:
 * the Node interface, a synchronous `id` giving the same global id, and `loadMany` among the type's options,
 * where resolveNodes looks for it.
 */
export interface ProviderTypeOptions<Details extends JsonObject = JsonObject> {
  name: string;
  vendor: VendorKey;
  description: string;
  fields: (t: ProviderFieldBuilder<Details>) => Record<string, unknown>;
}

export function defineProviderType<Details extends JsonObject>(
  options: ProviderTypeOptions<Details>,
): ObjectRef<SchemaTypes, ProviderView<Details>> {
  // Typed by the vendor's details: the union hands this type only providers of its vendor (isTypeOf, resolveType).
  const ref = builder.objectRef<ProviderView<Details>>(options.name);
  const loading: NodeLoading = { loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.provider.load(id)) };
  builder.objectType(ref, {
    ...loading,
    description: options.description,
    interfaces: [builder.nodeInterfaceRef(), ManagedIdentityProvider],
    isTypeOf: (value) => (value as ProviderView | null)?.vendor === options.vendor,
    fields: (t) => ({
      id: t.field({ type: 'ID', nullable: false, resolve: (p) => encodeGlobalID(options.name, providerRef(p.connectionId, p.key)) }),
      ...(options.fields(t as unknown as ProviderFieldBuilder<Details>) as Record<string, never>),
    }),
  });
  providerTypes.set(options.vendor, ref as unknown as ObjectRef<SchemaTypes, ProviderView>);
  return ref;
}
