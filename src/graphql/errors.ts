// The error types a mutation may return, as members of its `<Name>Result` union.
import {
  ChangeInProgressError,
  ConfigurationTestFailedError,
  ForbiddenError,
  type GatewayError,
  IdempotencyInProgressError,
  IdempotencyKeyReuseError,
  MutationInterruptedError,
  NotFoundError,
  OutcomePendingError,
  StoreUnavailableError,
  ValidationError,
  VendorError,
  VersionConflictError,
  type VersionChange,
} from '../core/errors.js';
import { AuditEventRef } from './audit.js';
import { ConfigurationCheckRef } from './configuration-check.js';
import { builder } from './builder.js';
import { RoleEnum } from './access.js';
import { AuditStatusEnum, VendorEnum } from './enums.js';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Every error a mutation can return.',
  fields: (t) => ({
    message: t.exposeString('message'),
    auditEvent: t.field({
      type: AuditEventRef,
      nullable: true,
      description:
        'The audit event this attempt left (REJECTED, FAILED, UNKNOWN, or still PENDING), where it left one; null for answers that write none (forbidden, an unknown connection, idempotency refusals, a database that did not answer).',
      resolve: (error) => (error as Partial<GatewayError>).auditEvent ?? null,
    }),
  }),
});

export const FieldErrorRef = builder.objectRef<{ path: string[]; message: string }>('FieldError').implement({
  description: 'One problem with one input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field inside `input`, e.g. ["color"].' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input breaks a rule. Nothing was sent to the vendor.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], resolve: (error) => error.fieldErrors }) }),
});

builder.objectType(VendorError, {
  name: 'VendorError',
  description: 'The vendor refused the request or could not be reached.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (error) => error.vendor }),
    httpStatus: t.exposeInt('httpStatus', { nullable: true, description: 'null when no HTTP answer came (timeout, reset).' }),
    vendorCode: t.exposeString('vendorCode', {
      description: "The vendor's own error code, or TIMEOUT, UNAVAILABLE, BAD_RESPONSE, AUTH_FAILED, ...",
    }),
    retryable: t.exposeBoolean('retryable', { description: 'Whether the same request may succeed if sent again later.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The provider or connection does not exist (or is not visible to you).',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

const VersionChangeRef = builder.objectRef<VersionChange>('VersionChange').implement({
  description: 'A field that changed since the version the client expected. Secrets show only that they changed.',
  fields: (t) => ({
    path: t.exposeString('path'),
    before: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.before }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.after }),
    secret: t.exposeBoolean('secret'),
  }),
});

builder.objectType(ConfigurationTestFailedError, {
  name: 'ConfigurationTestFailedError',
  description: '`test: true` found a FAIL in the configuration the change would leave. Nothing was sent to the vendor.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    checks: t.field({
      type: [ConfigurationCheckRef],
      description: 'Every check that ran, the FAILs among them.',
      resolve: (error) => error.checks,
    }),
  }),
});

builder.objectType(VersionConflictError, {
  name: 'VersionConflictError',
  description: 'The provider is no longer at `expectedVersion`. Nothing was sent: read it again and decide.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    expectedVersion: t.exposeString('expectedVersion'),
    currentVersion: t.exposeString('currentVersion'),
    changes: t.field({
      type: [VersionChangeRef],
      description: 'What changed since `expectedVersion`, when the gateway still knows that state (else empty).',
      resolve: (error) => error.changes,
    }),
  }),
});

builder.objectType(IdempotencyKeyReuseError, {
  name: 'IdempotencyKeyReuseError',
  description: 'The idempotency key was used before with a different input. Nothing was sent.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ idempotencyKey: t.exposeString('idempotencyKey') }),
});

builder.objectType(IdempotencyInProgressError, {
  name: 'IdempotencyInProgressError',
  description:
    'A mutation with this idempotency key is still running, or its gateway instance stopped and its outcome is not settled yet. Nothing was sent for this request: retry after `retryAfterSeconds` to get the result.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    idempotencyKey: t.exposeString('idempotencyKey'),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds'),
  }),
});

builder.objectType(StoreUnavailableError, {
  name: 'StoreUnavailableError',
  description:
    "The gateway's database did not answer before anything was sent to the vendor. Nothing changed: send the change again after `retryAfterSeconds`.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(ChangeInProgressError, {
  name: 'ChangeInProgressError',
  description:
    'Another change of the same provider is still in flight (its audit event is PENDING). Nothing was sent: send this one again once it has ended.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    pendingAuditEventId: t.exposeID('pendingAuditEventId', { description: 'The audit event of the change in flight.' }),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds'),
  }),
});

builder.objectType(OutcomePendingError, {
  name: 'OutcomePendingError',
  description:
    "The change WAS sent to the vendor and ended as `observedStatus`, but the gateway's database did not answer in time to record it. `auditEvent` stays PENDING until the database answers, then it is finished as `observedStatus`. Do not send the change again without an idempotency key (a retry with one replays the outcome once recorded).",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    observedStatus: t.field({
      type: AuditStatusEnum,
      description: 'SUCCEEDED, FAILED or UNKNOWN: what the vendor (and the read-back) said.',
      resolve: (e) => e.observedStatus,
    }),
  }),
});

builder.objectType(MutationInterruptedError, {
  name: 'MutationInterruptedError',
  description:
    'The gateway stopped while this change was in flight. Reconciliation read the vendor and settled it as `status`: FAILED (it did not land) or UNKNOWN (the vendor shows neither the old nor the planned state). See `auditEvent`.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ status: t.field({ type: AuditStatusEnum, resolve: (e) => e.status }) }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description:
    "The caller's role does not allow this operation (viewer: reads; operator: also changes; admin: also reverts, all audit events, configuration health). Nothing was read or sent.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    requiredRole: t.field({
      type: RoleEnum,
      nullable: true,
      description: 'The role the operation needs.',
      resolve: (error) => error.requiredRole,
    }),
  }),
});

export const MUTATION_ERRORS = [
  ValidationError,
  ConfigurationTestFailedError,
  VendorError,
  NotFoundError,
  VersionConflictError,
  IdempotencyKeyReuseError,
  IdempotencyInProgressError,
  ForbiddenError,
  StoreUnavailableError,
  ChangeInProgressError,
  OutcomePendingError,
  MutationInterruptedError,
];
