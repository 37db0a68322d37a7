// The schema's shared enums. Vendor's values are the vendor modules' keys, so it is defined when the schema is
// built from a module list (defineVendorEnum, src/graphql/schema.ts); the other modules use it only inside field
// thunks, which Pothos runs at toSchema(), after that.
import type { EnumRef } from '@pothos/core';
import type { VendorKey } from '../model/vendor-key.js';
import { AUDIT_KINDS, AUDIT_STATUSES } from '../store/tables.js';
import { builder, type SchemaTypes } from './builder.js';

// Assigned once by defineVendorEnum, read through the live ES module binding.
export let VendorEnum: EnumRef<SchemaTypes, VendorKey, VendorKey>;

export function defineVendorEnum(vendorKeys: readonly VendorKey[]): void {
  VendorEnum = builder.enumType('Vendor', {
    values: Object.fromEntries(vendorKeys.map((key) => [key.toUpperCase(), { value: key }])),
  }) as EnumRef<SchemaTypes, VendorKey, VendorKey>;
}

export const ProtocolEnum = builder.enumType('Protocol', {
  values: ['OIDC', 'SAML', 'OAUTH2'] as const,
});

export const AuditStatusEnum = builder.enumType('AuditStatus', {
  values: AUDIT_STATUSES,
});

export const AuditKindEnum = builder.enumType('AuditKind', {
  description:
    'MUTATION: a change made (or planned) through the gateway. DRIFT_DETECTED: a change seen at the vendor that the gateway did not make.',
  values: AUDIT_KINDS,
});
