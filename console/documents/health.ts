// The health page: each connection's circuit, last error and vendor traffic of the last hour (admin only in the
// API), and the certificates that expire within the year ahead.
import { graphql, persisted } from '../graphql.js';

export const HealthQuery = persisted(
  graphql(`
    query ConsoleHealth {
      connections {
        id
        vendor
        health {
          status
          circuit
          circuitRetryAt
          consecutiveFailures
          lastError
          lastErrorAt
          lastSyncedAt
          traffic { minute requests errors meanMs maxMs }
        }
      }
    }
  `),
);

export const ExpiringCertificatesQuery = persisted(
  graphql(`
    query ConsoleExpiringCertificates($days: Int!) {
      identityProviders(certificateExpiresWithinDays: $days, first: 200) {
        totalCount
        edges {
          node {
            ... on ManagedIdentityProvider {
              id
              connectionId
              key
              displayName
              certificates { role subject notAfter daysLeft }
            }
          }
        }
      }
    }
  `),
);
