// The plans page: the current estate as a document to start from, the plan of a document, and its apply (the
// audit events of the apply arrive live while it runs).
import { graphql, persisted } from '../graphql.js';

export const ExportEstateQuery = persisted(
  graphql(`
    query ConsoleExportEstate {
      exportEstate { yaml providerCount }
    }
  `),
);

export const PlanEstateMutation = persisted(
  graphql(`
    mutation ConsolePlanEstate($input: PlanEstateInput!) {
      planEstate(input: $input) {
        __typename
        ... on EstatePlan {
          id
          expiresAt
          hasChanges
          fromCache
          snapshotAgeSeconds
          summary { creates updates deletes unchanged unmanaged }
          items {
            action
            vendor
            connectionId
            key
            documentPath
            operations
            warnings
            changes { path before after secret }
            vendorRequests { purpose method path query body }
          }
        }
        ... on EstateDocumentError { problems { line column path message } }
        ... on Error { message }
      }
    }
  `),
);

export const ApplyEstatePlanMutation = persisted(
  graphql(`
    mutation ConsoleApplyEstatePlan($input: ApplyEstatePlanInput!) {
      applyEstatePlan(input: $input) {
        __typename
        ... on EstateApplyReport {
          changeSetId
          succeeded
          items { action status connectionId key documentPath error { code message } }
        }
        ... on Error { message }
      }
    }
  `),
);

export const ApplyProgressSubscription = persisted(
  graphql(`
    subscription ConsoleApplyProgress($actor: String) {
      auditEventAdded(actor: $actor, kind: MUTATION) { id status operation connectionId providerKey finishedAt }
    }
  `),
);
