// The GraphQL documents of the rotation, typed by hand after schema/schema.graphql (the gateway's schema).
// Nullable fields are `| null`, as the schema declares them.
import { typedDocument } from './graphql-client.js';

/** The one mutation the rotation sends: Akamai custom providers take a new client secret in an update. */
export const ROTATE_OPERATION = 'updateAkamaiCustomProvider';
export const ROTATABLE_TYPE = 'AkamaiCustomProvider';

export interface ProviderState {
  __typename: string;
  id?: string;
  key?: string | null;
  displayName?: string | null;
  connectionId?: string | null;
  vendor?: string | null;
  protocol?: 'OAUTH2' | 'OIDC' | 'SAML' | null;
  version?: string | null;
  hasClientSecret?: boolean | null;
  stale?: boolean | null;
}

const PROVIDER_FIELDS = `
  __typename
  ... on ManagedIdentityProvider { id key displayName connectionId vendor protocol version hasClientSecret stale }`;

export const READ_PROVIDER = typedDocument<{ identityProvider: ProviderState | null }, { id: string }>(`
query RotationTarget($id: ID!) {
  identityProvider(id: $id) {${PROVIDER_FIELDS}
  }
}`);

export interface FieldChange {
  path: string | null;
  before: unknown;
  after: unknown;
  secret: boolean | null;
}

/** A vendor write as planned or sent; secrets and auth headers read "[REDACTED]". */
export interface PlannedVendorRequest {
  method: string | null;
  path: string | null;
  query: Record<string, unknown> | null;
  headers: Record<string, string> | null;
  body: string | null;
  purpose: string | null;
}

export interface AuditEvent {
  id: string | null;
  occurredAt: string | null;
  finishedAt: string | null;
  actor: string | null;
  requestId: string | null;
  operation: string | null;
  connectionId: string | null;
  providerKey: string | null;
  status: 'DRY_RUN' | 'FAILED' | 'PENDING' | 'REJECTED' | 'SUCCEEDED' | 'UNKNOWN' | null;
  reason: string | null;
  error: string | null;
  changes: FieldChange[] | null;
  vendorRequests: Array<{ method: string | null; path: string | null; status: number | null; durationMs: number | null }> | null;
}

const AUDIT_FIELDS = `
  id occurredAt finishedAt actor requestId operation connectionId providerKey status reason error
  changes { path before after secret }
  vendorRequests { method path status durationMs }`;

export interface RotateInput {
  id: string;
  clientSecret: string;
  dryRun?: boolean;
  idempotencyKey?: string;
  expectedVersion?: string;
}

/** Every member of UpdateAkamaiCustomProviderResult, as the fields below select them. */
export type RotateResult =
  | {
      __typename: 'UpdateAkamaiCustomProviderPayload';
      dryRun: boolean | null;
      replayed: boolean | null;
      changes: FieldChange[] | null;
      vendorRequests: PlannedVendorRequest[] | null;
      auditEvent: AuditEvent | null;
      provider: ProviderState | null;
    }
  | { __typename: 'ValidationError'; message: string | null; fieldErrors: Array<{ path: string[] | null; message: string | null }> | null }
  | {
      __typename: 'VersionConflictError';
      message: string | null;
      expectedVersion: string | null;
      currentVersion: string | null;
      changes: FieldChange[] | null;
    }
  | {
      __typename: 'VendorError';
      message: string | null;
      vendor: string | null;
      httpStatus: number | null;
      vendorCode: string | null;
      retryable: boolean | null;
    }
  | { __typename: 'IdempotencyInProgressError' | 'IdempotencyKeyReuseError'; message: string | null; idempotencyKey: string | null }
  | { __typename: 'ForbiddenError'; message: string | null; requiredRole: string | null }
  | { __typename: 'NotFoundError'; message: string | null };

export const ROTATE_CLIENT_SECRET = typedDocument<{ updateAkamaiCustomProvider: RotateResult }, { input: RotateInput }>(`
mutation RotateClientSecret($input: UpdateAkamaiCustomProviderInput!) {
  updateAkamaiCustomProvider(input: $input) {
    __typename
    ... on UpdateAkamaiCustomProviderPayload {
      dryRun replayed
      changes { path before after secret }
      vendorRequests { method path query headers body purpose }
      auditEvent {${AUDIT_FIELDS}
      }
      provider {${PROVIDER_FIELDS}
      }
    }
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on VersionConflictError { expectedVersion currentVersion changes { path before after secret } }
    ... on VendorError { vendor httpStatus vendorCode retryable }
    ... on IdempotencyInProgressError { idempotencyKey }
    ... on IdempotencyKeyReuseError { idempotencyKey }
    ... on ForbiddenError { requiredRole }
  }
}`);

export const AUDIT_EVENTS_OF_PROVIDER = typedDocument<
  { auditEvents: { edges: Array<{ node: AuditEvent | null } | null> | null } | null },
  { connectionId: string; providerKey: string; operation: string }
>(`
query RotationAudit($connectionId: String!, $providerKey: String!, $operation: String!) {
  auditEvents(connectionId: $connectionId, providerKey: $providerKey, operation: $operation, first: 50) {
    edges { node {${AUDIT_FIELDS}
    } }
  }
}`);
