// A provider's GraphQL id as the gateway gives it (Relay global id: base64 of "<Type>:<connection>/<key>"), so a
// test names a provider by type, connection and key instead of building the base64 by hand.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { providerRef } from '../../src/graphql/loaders.js';

/** The GraphQL types of the five vendors' providers. */
export type ProviderTypeName =
  | 'CpanelIdentityProvider'
  | 'AkamaiCustomProvider'
  | 'TwoSmsIdentityProvider'
  | 'HuaweiIdentityProvider'
  | 'SlashIdOidcCredential';

export function globalId(typeName: ProviderTypeName, connectionId: string, key: string): string {
  return encodeGlobalID(typeName, providerRef(connectionId, key));
}
