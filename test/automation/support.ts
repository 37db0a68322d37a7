// The automation tests' cPanel gateway: its options, the mutations they send and a provider's version.
import type { Harness } from '../support/harness.js';
import type { VendorGatewayOptions } from '../support/vendor-gateway.js';
import { cpanelId } from '../cpanel/support.js';

/** Every refresh: true of these tests reads WHM (no floor between them: test/performance/refresh-floor.test.ts has it). */
export const EVERY_REFRESH_READS: VendorGatewayOptions<'cpanel'> = { connection: { minRefreshIntervalSeconds: 0 } };

export const DISPLAY = `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename
  ... on Error { message }
  ... on SetCpanelDisplayConfigurationPayload { dryRun replayed changes { path before after secret }
    vendorRequests { method path query headers body purpose }
    auditEvent { id status } provider { ... on ManagedIdentityProvider { version } ... on CpanelIdentityProvider { display { service color } } } }
  ... on VersionConflictError { currentVersion expectedVersion changes { path before after } }
  ... on IdempotencyKeyReuseError { idempotencyKey } ... on IdempotencyInProgressError { idempotencyKey } } }`;

export const CLIENT = `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename
  ... on Error { message }
  ... on SetCpanelClientConfigurationPayload { dryRun replayed changes { path before after secret }
    vendorRequests { method path query headers body purpose } auditEvent { id status }
    provider { ... on ManagedIdentityProvider { clientId hasClientSecret version } } } } }`;

export async function versionOf(h: Harness, key: string): Promise<string> {
  const res = await h.gql(`query($id: ID!) { identityProvider(id: $id) { ... on ManagedIdentityProvider { version } } }`, {
    id: cpanelId(key),
  });
  return res.data.identityProvider.version;
}
