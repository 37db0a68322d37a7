// The error types a mutation may return, as members of its `<Name>Result` union.
import {
  ForbiddenError,
  IdempotencyInProgressError,
  IdempotencyKeyReuseError,
  NotFoundError,
  ValidationError,
  VendorError,
  VersionConflictError,
  type VersionChange,
} from '../core/errors.js';
import { builder } from './builder.js';
import { RoleEnum } from './access.js';
import { VendorEnum } from './enums.js';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Every error a mutation can return.',
  fields: (t) => ({ message: t.exposeString('message') }),
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
    vendorCode: t.exposeString('vendorCode', { description: "The vendor's own error code, or TIMEOUT, UNAVAILABLE, BAD_RESPONSE, AUTH_FAILED, ..." }),
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
  description: 'A mutation with this idempotency key is still running. Retry shortly to get its result.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ idempotencyKey: t.exposeString('idempotencyKey') }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: "The caller's role does not allow this operation (viewer: reads; operator: also changes; admin: also reverts, all audit events, configuration health). Nothing was read or sent.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    requiredRole: t.field({ type: RoleEnum, nullable: true, description: 'The role the operation needs.', resolve: (error) => error.requiredRole }),
  }),
});

export const MUTATION_ERRORS = [
  ValidationError,
  VendorError,
  NotFoundError,
  VersionConflictError,
  IdempotencyKeyReuseError,
  IdempotencyInProgressError,
  ForbiddenError,
];
