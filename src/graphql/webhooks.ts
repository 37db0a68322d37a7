// Webhook deliveries for admins: what was sent where, with each one's last attempt, and sending one again
// (same event, same webhook-id: receivers that already have it drop it). The deliveries of every endpoint
// are the gateway's own records, spanning every connection: admin only, and not for an admin token limited to
// some connections (as /metrics).
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import type { Principal } from '../core/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { messageId } from '../core/events/signature.js';
import { listDeliveries, redeliver, type WebhookDeliveryRow } from '../store/webhook-deliveries.js';
import type { DELIVERY_STATUSES } from '../store/tables.js';
import { builder } from './builder.js';
import { forwardPage, withoutEmptyPageCursors } from './paging.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  values: {
    PENDING: { description: 'To be sent (again) at nextAttemptAt.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Given up: the retry window ran out (redeliverWebhook sends it again).' },
  } satisfies Record<(typeof DELIVERY_STATUSES)[number], unknown>,
});

type DeliveryView = WebhookDeliveryRow & { eventType?: string };

const WebhookDeliveryRef = builder.objectRef<DeliveryView>('WebhookDelivery').implement({
  description: 'One event sent to one webhook endpoint, and how its attempts went.',
  fields: (t) => ({
    id: t.exposeID('id'),
    endpoint: t.exposeString('endpoint', { description: "The webhook's `name` in the configuration." }),
    eventId: t.exposeID('eventId'),
    webhookId: t.string({
      description: 'The `webhook-id` header of every attempt (receivers deduplicate by it).',
      resolve: (d) => messageId(d.eventId),
    }),
    eventType: t.string({ nullable: true, resolve: (d) => d.eventType ?? null }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts'),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => (d.status === 'PENDING' ? d.nextAttemptAt : null) }),
    lastAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.lastAttemptAt }),
    lastStatusCode: t.int({
      nullable: true,
      description: "The last attempt's HTTP status; null: no answer.",
      resolve: (d) => d.lastStatusCode,
    }),
    lastError: t.string({ nullable: true, resolve: (d) => d.lastError }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.deliveredAt }),
  }),
});

/** Deliveries tell of every connection's events: an admin limited to some connections may not read or resend them. */
function requireUnlimitedAdmin(principal: Principal): void {
  if (principal.connections !== null)
    throw new ForbiddenError(
      `webhook deliveries span every connection; "${principal.name}" is limited to some connections (an admin token without a connections limit may)`,
      'admin',
    );
}

function cursorOf(after: string | null | undefined): string | undefined {
  if (!after) return undefined;
  const id = Buffer.from(after, 'base64url').toString('utf8');
  if (!UUID.test(id)) throw new ValidationError([{ path: ['after'], message: 'after is not a cursor this query returned' }]);
  return id;
}

builder.queryField('webhookDeliveries', (t) =>
  t.connection({
    type: WebhookDeliveryRef,
    description: 'Webhook deliveries, newest first; admin only. `first` defaults to 50 and may not exceed 200.',
    authScopes: { admin: true },
    skipTypeScopes: true,
    args: {
      endpoint: t.arg.string({ description: "Only this webhook's (its `name`)." }),
      status: t.arg({ type: DeliveryStatusEnum }),
    },
    resolve: async (_root, args, ctx) => {
      requireUnlimitedAdmin(ctx.principal);
      const page = forwardPage(args, cursorOf);
      const connection = await resolveCursorConnection(
        { ...page, toCursor: (row: DeliveryView) => Buffer.from(row.id, 'utf8').toString('base64url') },
        async ({ after, limit }: ResolveCursorConnectionArgs) =>
          listDeliveries(ctx.services.db, { endpoint: args.endpoint ?? undefined, status: args.status ?? undefined, limit, after }),
      );
      return withoutEmptyPageCursors(connection);
    },
  }),
);

builder.mutationField('redeliverWebhook', (t) =>
  t.fieldWithInput({
    description:
      'Sends a delivery again now, whatever its status, as the same message (same webhook-id); its attempts go on counting. Admin only.',
    input: { deliveryId: t.input.id({ required: true }) },
    type: WebhookDeliveryRef,
    nullable: false,
    authScopes: { admin: true },
    skipTypeScopes: true,
    errors: { types: [ForbiddenError, NotFoundError, ValidationError], directResult: true, union: { name: 'RedeliverWebhookResult' } },
    resolve: async (_root, { input }, ctx) => {
      requireUnlimitedAdmin(ctx.principal);
      const id = String(input.deliveryId);
      if (!UUID.test(id)) throw new ValidationError([{ path: ['input', 'deliveryId'], message: 'deliveryId is not the id of a delivery' }]);
      const row = await redeliver(ctx.services.db, id);
      if (!row) throw new NotFoundError(`no webhook delivery has the id ${id}`);
      return row;
    },
  }),
);
