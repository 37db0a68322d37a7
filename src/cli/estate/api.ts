// The estate API's three operations as the CLI sends them (exportEstate, planEstate, applyEstatePlan): the
// selections, and the result union split into the wanted object or a CliFailure that words its typed error.
import type { EstateApplyReport, EstateExport, EstatePlan, EstateTypedError } from './api-types.js';
import { describeTypedError } from './typed-errors.js';
import { type GatewayEndpoint, requestGateway } from './graphql-client.js';
import type { EstateSecretInput } from './secret-values.js';

// The typed errors both result unions hold, with what their words need.
const ERROR_FIELDS = `
  __typename
  ... on Error { message }
  ... on ForbiddenError { requiredRole }
  ... on VendorError { vendor vendorCode httpStatus }
  ... on StoreUnavailableError { retryAfterSeconds }
  ... on IdempotencyInProgressError { retryAfterSeconds }
  ... on ValidationError { fieldErrors { path message } }`;

const PLAN_FIELDS = `
  id createdAt expiresAt fromCache snapshotAgeSeconds hasChanges
  summary { creates updates deletes unchanged unmanaged }
  items {
    connectionId vendor key documentPath action version
    changes { path before after secret }
    operations
    vendorRequests { method path query headers body purpose }
    warnings
  }`;

export const EXPORT_QUERY = `query ExportEstate($connectionIds: [String!], $vendors: [Vendor!]) {
  exportEstate(connectionIds: $connectionIds, vendors: $vendors) { yaml json providerCount }
}`;

export const PLAN_MUTATION = `mutation PlanEstate($input: PlanEstateInput!) {
  planEstate(input: $input) {${ERROR_FIELDS}
    ... on EstatePlan {${PLAN_FIELDS} }
    ... on EstateDocumentError { problems { path line column message } }
  }
}`;

export const APPLY_MUTATION = `mutation ApplyEstatePlan($input: ApplyEstatePlanInput!) {
  applyEstatePlan(input: $input) {${ERROR_FIELDS}
    ... on EstateApplyReport {
      changeSetId succeeded
      items {
        connectionId key documentPath action status
        auditEvents { id status operation }
        error { code message vendorCode retryable fieldErrors { path message } }
      }
    }
    ... on EstatePlanMovedError { moved { connectionId key plannedVersion currentVersion } }
  }
}`;

export async function exportEstate(
  endpoint: GatewayEndpoint,
  filters: { connectionIds?: string[]; vendors?: string[] },
): Promise<EstateExport> {
  const data = await requestGateway<{ exportEstate: EstateExport }>(endpoint, EXPORT_QUERY, {
    connectionIds: filters.connectionIds?.length ? filters.connectionIds : null,
    // The Vendor enum's values are the vendor keys in capitals: --vendor twosms is TWOSMS.
    vendors: filters.vendors?.length ? filters.vendors.map((vendor) => vendor.toUpperCase()) : null,
  });
  return data.exportEstate;
}

export async function planEstate(
  endpoint: GatewayEndpoint,
  input: { document: string; fromCache: boolean; secrets: EstateSecretInput[] },
): Promise<EstatePlan> {
  const { fromCache, ...rest } = input;
  const data = await requestGateway<{ planEstate: EstatePlan | EstateTypedError }>(
    endpoint,
    PLAN_MUTATION,
    { input: { ...rest, refresh: !fromCache } },
    input.secrets.map((secret) => secret.value),
  );
  return resultOf<EstatePlan>(data.planEstate, 'EstatePlan');
}

export async function applyEstatePlan(
  endpoint: GatewayEndpoint,
  input: { planId: string; secrets: EstateSecretInput[]; continueOnError: boolean; parallelism: number },
): Promise<EstateApplyReport> {
  const data = await requestGateway<{ applyEstatePlan: EstateApplyReport | EstateTypedError }>(
    endpoint,
    APPLY_MUTATION,
    { input },
    input.secrets.map((secret) => secret.value),
  );
  return resultOf<EstateApplyReport>(data.applyEstatePlan, 'EstateApplyReport');
}

function resultOf<T>(result: T | EstateTypedError, wanted: string): T {
  const typed = result as { __typename?: string };
  if (typed.__typename === wanted) return result as T;
  throw describeTypedError(result as EstateTypedError);
}
