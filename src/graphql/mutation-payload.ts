// The fields every mutation payload shares (a vendor mutation's, a revert's): the provider, its audit event, the
// field changes, the exact vendor requests, whether it was a dry run or a replay. Defined once, with each
// payload's own descriptions.
import type { ObjectFieldBuilder } from '@pothos/core';
import type { MutationSuccess } from '../core/mutations/idempotency.js';
import { AuditEventRef, FieldChangeRef } from './audit.js';
import type { SchemaTypes } from './builder.js';
import { PlannedVendorRequestRef } from './planned-request.js';
import { IdentityProvider } from './provider.js';

export type OutcomeField = 'provider' | 'auditEvent' | 'changes' | 'vendorRequests' | 'dryRun' | 'replayed';

export function outcomeFields<Payload extends MutationSuccess>(
  t: ObjectFieldBuilder<SchemaTypes, Payload>,
  descriptions: Partial<Record<OutcomeField, string>> = {},
) {
  return {
    provider: t.field({ type: IdentityProvider, description: descriptions.provider, resolve: (payload) => payload.provider }),
    auditEvent: t.field({ type: AuditEventRef, description: descriptions.auditEvent, resolve: (payload) => payload.auditEvent }),
    changes: t.field({ type: [FieldChangeRef], description: descriptions.changes, resolve: (payload) => payload.changes }),
    vendorRequests: t.field({
      type: [PlannedVendorRequestRef],
      description: descriptions.vendorRequests,
      resolve: (payload) => payload.vendorRequests,
    }),
    dryRun: t.boolean({ description: descriptions.dryRun, resolve: (payload) => payload.dryRun }),
    replayed: t.boolean({ description: descriptions.replayed, resolve: (payload) => payload.replayed }),
  };
}
