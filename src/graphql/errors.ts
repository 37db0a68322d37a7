// The error types a mutation may return, as members of its `<Name>Result` union.
import { NotFoundError, ValidationError, VendorError } from '../core/errors.js';
import { builder } from './builder.js';
import { VendorEnum } from './enums.js';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Every error a mutation can return.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldErrorRef = builder.objectRef<{ path: string[]; message: string }>('FieldError').implement({
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

export const MUTATION_ERRORS = [ValidationError, VendorError, NotFoundError];
