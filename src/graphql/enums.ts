import { VENDOR_KEYS, type VendorKey } from '../core/vendor-key.js';
import { AUDIT_KINDS, AUDIT_STATUSES } from '../store/tables.js';
import { builder } from './builder.js';

export const VendorEnum = builder.enumType('Vendor', {
  values: Object.fromEntries(VENDOR_KEYS.map((key) => [key.toUpperCase(), { value: key }])) as Record<
    Uppercase<VendorKey>,
    { value: VendorKey }
  >,
});

export const ProtocolEnum = builder.enumType('Protocol', {
  values: ['OIDC', 'SAML', 'OAUTH2'] as const,
});

export const AuditStatusEnum = builder.enumType('AuditStatus', {
  values: AUDIT_STATUSES,
});

export const AuditKindEnum = builder.enumType('AuditKind', {
  description: 'MUTATION: a change made (or planned) through the gateway. DRIFT_DETECTED: a change seen at the vendor that the gateway did not make.',
  values: AUDIT_KINDS,
});
