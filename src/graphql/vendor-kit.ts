// What a vendor's GraphQL registration (VendorModule.registerGraphQL) is handed: the schema builder and the
// gateway's helpers for a provider type and its mutations. Handed in rather than imported, so that loading a
// vendor module (the config check, the CLI) never builds a schema, and a schema can be built from any list of
// vendor modules (src/graphql/schema.ts).
import type { ObjectRef } from '@pothos/core';
import type { VendorAdapter } from '../core/vendor-contract/adapter.js';
import type { ProviderView } from '../core/vendor-contract/adapter.js';
import type { VendorModule } from '../core/vendor-contract/vendor-module.js';
import type { JsonObject } from '../model/provider.js';
import type { builder, SchemaTypes } from './builder.js';
import type { ProviderMutationOptions } from './mutation-field.js';
import type { ProviderTypeOptions } from './provider.js';

export type GatewayBuilder = typeof builder;

export interface VendorGraphQLKit {
  builder: GatewayBuilder;
  /** The vendor's provider type: a Relay node implementing ManagedIdentityProvider, a member of IdentityProvider. */
  defineProviderType<Details extends JsonObject>(options: ProviderTypeOptions<Details>): ObjectRef<SchemaTypes, ProviderView<Details>>;
  /** One vendor mutation through the pipeline: `name(input: NameInput!): NameResult!`. */
  defineProviderMutation<Adapter extends VendorAdapter, Input>(options: ProviderMutationOptions<Adapter, Input>): void;
}

/** A vendor module as the gateway lists it (src/vendors/index.ts): core's part plus its GraphQL registration. */
export type GatewayVendorModule = VendorModule<never, VendorGraphQLKit>;
