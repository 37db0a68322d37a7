// Builds the GraphQL schema from a list of vendor modules: the gateway's own types (imported here), then each
// vendor's registration (VendorModule.registerGraphQL, handed the builder and the helpers), then what is derived
// from all of them (the Vendor enum, the batch mutation's VendorMutation enum). One schema per builder: the
// builder is a module singleton, so a second schema (a test with a fake vendor) needs fresh modules.
import { GraphQLDeferDirective, GraphQLStreamDirective } from '@graphql-tools/utils';
import { type GraphQLSchema, specifiedDirectives } from 'graphql';
import type { VendorAdapter } from '../core/vendor-contract/adapter.js';
import './access.js';
import { registerAutomation, type VendorMutations } from './automation.js';
import './audit.js';
import { builder } from './builder.js';
import './by-connection.js';
import './drift.js';
import { defineVendorEnum } from './enums.js';
import { registerEstate } from './estate.js';
import './errors.js';
import { defineProviderMutation, type ProviderMutationOptions } from './mutation-field.js';
import { defineProviderType } from './provider.js';
import './provider-changed.js';
import './queries.js';
import './webhooks.js';
import { registerConfigurationTest } from './test-configuration.js';
import type { GatewayVendorModule, VendorGraphQLKit } from './vendor-kit.js';

export interface GatewaySchema {
  schema: GraphQLSchema;
  /** Every vendor mutation by name (batches run them by name; tests walk them). */
  mutations: VendorMutations;
}

export function buildGatewaySchema(modules: readonly GatewayVendorModule[]): GatewaySchema {
  defineVendorEnum(modules.map((module) => module.vendor));
  const mutations = new Map<string, ProviderMutationOptions<VendorAdapter, unknown>>();
  const kit: VendorGraphQLKit = {
    builder,
    defineProviderType,
    defineProviderMutation: (options) => {
      const registered = defineProviderMutation(options);
      if (mutations.has(registered.spec.operation)) throw new Error(`two vendor mutations are named ${registered.spec.operation}`);
      mutations.set(registered.spec.operation, registered);
    },
  };
  for (const module of modules) module.registerGraphQL(kit);
  registerAutomation(mutations, modules);
  registerEstate(mutations, modules);
  registerConfigurationTest(mutations, modules);
  // @defer and @stream in the schema itself (not only added by yoga's plugin when serving): the printed SDL and
  // introspection name them, so that documents using them check against schema/schema.graphql.
  const directives = [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective];
  return { schema: builder.toSchema({ directives }), mutations };
}
