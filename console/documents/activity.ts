// The activity page: the audit feed with its filters, newest first, and the same filters live.
import { graphql, persisted } from '../graphql.js';

const ActivityEvent = graphql(`
  fragment ConsoleActivityEvent on AuditEvent {
    id
    kind
    operation
    status
    actor
    vendor
    connectionId
    providerKey
    occurredAt
    durationMs
    error
    errorCode
    changes { path before after secret }
  }
`);

export const ActivityQuery = persisted(
  graphql(
    `
    query ConsoleActivity(
      $first: Int
      $after: String
      $vendor: Vendor
      $connectionId: String
      $status: [AuditStatus!]
      $kind: AuditKind
      $actor: String
    ) {
      auditEvents(first: $first, after: $after, vendor: $vendor, connectionId: $connectionId, status: $status, kind: $kind, actor: $actor) {
        pageInfo { hasNextPage endCursor }
        edges { node { ...ConsoleActivityEvent } }
      }
    }
  `,
    [ActivityEvent],
  ),
);

export const ActivitySubscription = persisted(
  graphql(
    `
    subscription ConsoleActivityAdded($vendor: Vendor, $connectionId: String, $status: [AuditStatus!], $kind: AuditKind, $actor: String) {
      auditEventAdded(vendor: $vendor, connectionId: $connectionId, status: $status, kind: $kind, actor: $actor) {
        ...ConsoleActivityEvent
      }
    }
  `,
    [ActivityEvent],
  ),
);
