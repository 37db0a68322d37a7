// The estate table: one page of providers across every connection, searched, filtered and sorted by the gateway
// from its store; the connections streamed one by one (@defer), so a slow vendor shows late, never blocks; and
// the live feed of changes that makes the table refresh.
import { graphql, persisted } from '../graphql.js';

export const EstateRow = graphql(`
  fragment EstateRow on ManagedIdentityProvider {
    __typename
    id
    vendor
    connectionId
    key
    displayName
    protocol
    enabled
    clientId
    hasClientSecret
    stale
    syncedAt
    certificates { daysLeft role }
    ... on CpanelIdentityProvider { enabledServices }
  }
`);

export const EstateQuery = persisted(
  graphql(
    `
    query ConsoleEstate(
      $first: Int
      $after: String
      $last: Int
      $before: String
      $search: String
      $vendor: Vendor
      $connectionId: String
      $protocol: Protocol
      $enabled: Boolean
      $expiringWithinDays: Int
      $orderBy: ProviderOrder
    ) {
      identityProviders(
        first: $first
        after: $after
        last: $last
        before: $before
        search: $search
        vendor: $vendor
        connectionId: $connectionId
        protocol: $protocol
        enabled: $enabled
        certificateExpiresWithinDays: $expiringWithinDays
        orderBy: $orderBy
      ) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        connectionErrors { connectionId vendor code message }
        edges { node { ...EstateRow } }
      }
    }
  `,
    [EstateRow],
  ),
);

/** Each connection's state, the slow ones as they come (each group's read is deferred). */
export const EstateConnectionsQuery = persisted(
  graphql(`
    query ConsoleEstateConnections {
      identityProvidersByConnection {
        connectionId
        vendor
        ... @defer { stale syncedAt error { code message } }
      }
    }
  `),
);

export const EstateChangedSubscription = persisted(
  graphql(`
    subscription ConsoleEstateChanged {
      providerChanged { connectionId key kind }
    }
  `),
);
