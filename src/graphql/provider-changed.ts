// The providerChanged subscription (over SSE, as auditEventAdded): a page keeps its providers up to date without
// polling. It is fed by the live audit feed, so it sees every finished change of every instance on the same
// PostgreSQL (core/audit/cluster.ts): a gateway mutation once SUCCEEDED, and a drift a snapshot refresh found
// (its DRIFT_DETECTED row). A provider change is read from the row alone: `before` null is a create, `after`
// null a delete, and `after` is the state the snapshot holds. Nothing is sent for PENDING rows, dry runs,
// failed, rejected or UNKNOWN outcomes, nor for a change that left the provider as it was.
import { restrictAuditFilter } from '../core/access.js';
import type { ProviderView } from '../core/vendor-contract/adapter.js';
import { toView } from '../core/reads/provider-reader.js';
import { storedProvider } from '../model/provider.js';
import { providerVersion } from '../model/version.js';
import { type AuditEventRow, matchesAuditFilter } from '../store/audit.js';
import { visibleConnection } from './access.js';
import { AuditEventRef } from './audit.js';
import { builder, type GraphQLContext } from './builder.js';
import { IdentityProvider } from './provider.js';

const PROVIDER_CHANGE_KINDS = ['CREATED', 'UPDATED', 'DELETED'] as const;
type ProviderChangeKind = (typeof PROVIDER_CHANGE_KINDS)[number];

interface ProviderChange {
  kind: ProviderChangeKind;
  connectionId: string;
  key: string;
  provider: ProviderView | null;
  version: string | null;
  auditEvent: AuditEventRow | null;
}

/** A finished row that changed a provider: what the subscription passes on (checked when the row is published). */
function isFinishedProviderChange(row: AuditEventRow): boolean {
  return row.finishedAt !== null && row.status === 'SUCCEEDED' && row.providerKey !== null && row.changes.length > 0;
}

/** The change a finished row records, as `ctx`'s caller may see it: its audit event only where auditEvents would show it. */
function providerChangeOf(row: AuditEventRow, ctx: GraphQLContext): ProviderChange {
  const before = storedProvider(row.before);
  const after = storedProvider(row.after);
  const version = after ? providerVersion(after) : null;
  const provider =
    after && version
      ? toView(
          { connectionId: row.connectionId, vendor: row.vendor, provider: after, version, fetchedAt: row.finishedAt ?? row.startedAt },
          false,
        )
      : null;
  const readable = restrictAuditFilter({}, ctx.principal);
  return {
    kind: !after ? 'DELETED' : !before ? 'CREATED' : 'UPDATED',
    connectionId: row.connectionId,
    key: row.providerKey!,
    provider,
    version,
    auditEvent: readable && matchesAuditFilter(row, readable) ? row : null,
  };
}

const ProviderChangeKindEnum = builder.enumType('ProviderChangeKind', {
  values: {
    CREATED: { description: 'A provider that did not exist before.' },
    UPDATED: { description: 'A provider that exists and changed (a secret counts).' },
    DELETED: { description: 'A provider that is gone: `provider` and `version` are null.' },
  } satisfies Record<ProviderChangeKind, unknown>,
});

const ProviderChangeRef = builder.objectRef<ProviderChange>('ProviderChange').implement({
  description: 'One finished change of one provider: made through the gateway, or found at the vendor by a snapshot refresh (drift).',
  fields: (t) => ({
    kind: t.field({ type: ProviderChangeKindEnum, nullable: false, resolve: (c) => c.kind }),
    connectionId: t.exposeString('connectionId', { nullable: false }),
    key: t.exposeString('key', { nullable: false, description: "The vendor's own id of the provider." }),
    provider: t.field({
      type: IdentityProvider,
      nullable: true,
      description: 'The provider after the change (as the gateway now holds it); null when DELETED.',
      resolve: (c) => c.provider,
    }),
    version: t.exposeString('version', {
      nullable: true,
      description: "The provider's version after the change (what expectedVersion takes); null when DELETED.",
    }),
    auditEvent: t.field({
      type: AuditEventRef,
      nullable: true,
      description:
        'The audit event that records the change (a mutation, or DRIFT_DETECTED for a change found by a refresh), ' +
        'when auditEvents would show it to the caller: an admin every one, a viewer or operator only its own changes; else null.',
      resolve: (c) => c.auditEvent,
    }),
  }),
});

builder.subscriptionField('providerChanged', (t) =>
  t.field({
    type: ProviderChangeRef,
    nullable: false,
    description:
      'Providers as they change, so that a page updates without polling (over SSE: POST or GET /graphql with ' +
      '"Accept: text/event-stream"). One event per finished change, from every gateway instance on the same ' +
      'PostgreSQL: a mutation, revert or estate apply once SUCCEEDED (also one settled after a crash), and each ' +
      'provider a snapshot refresh finds changed, created or deleted at the vendor (drift). Never a PENDING row, ' +
      "a dry run, or a failed, rejected or UNKNOWN attempt. Only the connections of the caller's token; naming " +
      'another in `connectionId` is NOT_FOUND, as for a connection that is not configured. A subscriber that ' +
      'falls 1000 changes behind is ended with an error: read the providers again and subscribe again.',
    args: { connectionId: t.arg.string({ description: 'Only the changes of this connection.' }) },
    subscribe: (_root, args, ctx) => {
      const only = args.connectionId == null ? null : visibleConnection(ctx, args.connectionId).id;
      const readable = ctx.principal.connections;
      // Checked when a row is published: other rows are never queued for this subscriber.
      return ctx.services.auditFeed.subscribe({
        filter: (row) =>
          isFinishedProviderChange(row) &&
          (only === null ? readable === null || readable.has(row.connectionId) : row.connectionId === only),
      });
    },
    resolve: (row, _args, ctx) => providerChangeOf(row, ctx),
  }),
);
