// What the gateway tells webhook endpoints about (README "Events and webhooks"): the outbox's event types, named
// as Standard Webhooks receivers filter them (`<thing>.<what happened>`).
export const EVENT_TYPES = [
  'provider.created',
  'provider.updated',
  'provider.deleted',
  'mutation.failed',
  'mutation.unknown',
  'drift.detected',
  'certificate.expiring',
  'certificate.expired',
  'connection.health_changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
