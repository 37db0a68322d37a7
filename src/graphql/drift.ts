// The drift query: providers changed, created or deleted at a vendor outside the gateway, field by field.
import type { DRIFT_KINDS } from '../core/reads/drift.js';
import type { DriftReport, ProviderDriftView } from '../core/reads/provider-reader.js';
import { FieldChangeRef } from './audit.js';
import { visibleConnection } from './access.js';
import { builder } from './builder.js';
import { VendorEnum } from './enums.js';
import { IdentityProvider } from './provider.js';

const DriftKindEnum = builder.enumType('DriftKind', {
  values: {
    CHANGED: { description: 'The provider exists on both sides and differs.' },
    CREATED: { description: 'The vendor has a provider the gateway did not know.' },
    DELETED: { description: 'A provider the gateway knew is gone at the vendor.' },
  } satisfies Record<(typeof DRIFT_KINDS)[number], unknown>,
});

const ProviderDriftRef = builder.objectRef<ProviderDriftView>('ProviderDrift').implement({
  description: "One provider that differs between the gateway's last known state and the vendor.",
  fields: (t) => ({
    key: t.exposeString('key', { description: "The vendor's own id of the provider." }),
    kind: t.field({ type: DriftKindEnum, resolve: (d) => d.kind }),
    changes: t.field({
      type: [FieldChangeRef],
      description:
        'Field by field, before = last known, after = live. A secret shows only that its fingerprint changed; a secret the vendor never returns cannot drift.',
      resolve: (d) => d.changes,
    }),
    provider: t.field({
      type: IdentityProvider,
      description: 'The live state, or for DELETED the last known state (syncedAt says when the gateway saw it).',
      resolve: (d) => d.provider,
    }),
  }),
});

const DriftReportRef = builder.objectRef<DriftReport>('DriftReport').implement({
  description:
    'What changed at the vendor since the gateway last read it or wrote to it. Checking does not change the ' +
    "gateway's state: a snapshot refresh (identityProviders(refresh: true), or any read once the cache is " +
    'stale) records each drifted provider as an audit event of kind DRIFT_DETECTED (actor "drift-detector", ' +
    'operation "driftDetected") and takes the live state as the new baseline.',
  fields: (t) => ({
    connectionId: t.exposeString('connectionId'),
    vendor: t.field({ type: VendorEnum, resolve: (r) => r.vendor }),
    checkedAt: t.expose('checkedAt', { type: 'DateTime', description: 'When the vendor was read for this report.' }),
    lastSyncedAt: t.expose('lastSyncedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'The last full read of the connection, the baseline (with the changes made through the gateway since). ' +
        'null when the gateway has never read it: there is then nothing to compare and the list is empty.',
    }),
    drifted: t.boolean({ description: 'True when any provider drifted.', resolve: (r) => r.providers.length > 0 }),
    providers: t.field({ type: [ProviderDriftRef], description: 'Ordered by key.', resolve: (r) => r.providers }),
  }),
});

builder.queryField('drift', (t) =>
  t.field({
    type: DriftReportRef,
    description:
      'Compares the state the gateway last saw or applied with the live vendor state. Reads the vendor now; a ' +
      'vendor that cannot be read is an error with extensions.code VENDOR_ERROR, an unknown connection NOT_FOUND. ' +
      'Admin only (FORBIDDEN for other roles).',
    args: { connectionId: t.arg.string({ required: true }) },
    // Configuration health: admin only.
    authScopes: { admin: true },
    resolve: (_root, args, ctx) => ctx.services.reader.checkDrift(visibleConnection(ctx, args.connectionId)),
  }),
);
