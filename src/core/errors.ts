// Typed failures every layer understands. GraphQL maps each class to an object type that implements
// `interface Error`; the pipeline stores them (already redacted) in the audit trail.
import type { AuditEventRow } from '../store/audit.js';
import type { VendorKey } from '../model/vendor-key.js';
import type { ConfigurationCheck } from './setup/configuration.js';

export interface FieldError {
  /** Path into the mutation input, e.g. ["color"] or ["configurations", "client_id"]. */
  path: string[];
  message: string;
}

export abstract class GatewayError extends Error {
  abstract readonly code: string;
  /**
   * The audit event this attempt left, when it left one (the pipeline sets it); null for answers that write
   * none (forbidden, an unknown connection, idempotency refusals, a database that did not answer).
   */
  auditEvent: AuditEventRow | null = null;
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message };
  }
}

export class ValidationError extends GatewayError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly fieldErrors: FieldError[],
    message?: string,
  ) {
    super(message ?? `Invalid input: ${fieldErrors.map((e) => `${e.path.join('.') || '(input)'}: ${e.message}`).join('; ')}`);
  }
  override toJSON() {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors };
  }
}

export class NotFoundError extends GatewayError {
  readonly code = 'NOT_FOUND';
}

export interface VendorErrorDetails {
  vendor: VendorKey;
  /** HTTP status the vendor answered with; null when no answer came (timeout, reset). */
  httpStatus: number | null;
  /** The vendor's own error code where it has one, else one of ours (TIMEOUT, BAD_RESPONSE, ...). */
  vendorCode: string;
  retryable: boolean;
  /**
   * false when the gateway knows no request reached the vendor (an open circuit, a refused connection), so a
   * write cannot have landed. Default true: with httpStatus null that means the outcome is unknown.
   */
  requestSent?: boolean;
}

export class VendorError extends GatewayError {
  readonly code = 'VENDOR_ERROR';
  readonly vendor: VendorKey;
  readonly httpStatus: number | null;
  readonly vendorCode: string;
  readonly retryable: boolean;
  /** See VendorErrorDetails.requestSent; not serialized (it only decides an audit row's status). */
  readonly requestSent: boolean;
  constructor(details: VendorErrorDetails, message: string) {
    super(message);
    this.vendor = details.vendor;
    this.httpStatus = details.httpStatus;
    this.vendorCode = details.vendorCode;
    this.retryable = details.retryable;
    this.requestSent = details.requestSent ?? true;
  }
  override toJSON() {
    return {
      ...super.toJSON(),
      vendor: this.vendor,
      httpStatus: this.httpStatus,
      vendorCode: this.vendorCode,
      retryable: this.retryable,
    };
  }
}

/**
 * A write that failed this way may still have landed at the vendor: no answer came (timeout, reset), or the
 * vendor said so itself (HTTP 408 from SlashID: replication continues in the background). Not when nothing
 * was sent at all (an open circuit, a refused connection).
 */
export function writeOutcomeUnknown(error: GatewayError): boolean {
  return error instanceof VendorError && (error.httpStatus === 408 || (error.httpStatus === null && error.requestSent));
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

export interface VersionChange {
  path: string;
  before: unknown;
  after: unknown;
  secret: boolean;
}

/** `test: true` found a FAIL in the configuration the change would leave: nothing was sent. */
export class ConfigurationTestFailedError extends GatewayError {
  readonly code = 'CONFIGURATION_TEST_FAILED';
  constructor(readonly checks: ConfigurationCheck[]) {
    const failed = checks.filter((check) => check.status === 'FAIL');
    super(
      `The configuration failed ${failed.length} check${failed.length === 1 ? '' : 's'}: ${failed.map((c) => `${c.name}: ${c.message}`).join('; ')}`,
    );
  }
  override toJSON() {
    return { ...super.toJSON(), checks: this.checks };
  }
}

/** The provider changed since the client read it: nothing was sent. */
export class VersionConflictError extends GatewayError {
  readonly code = 'VERSION_CONFLICT';
  constructor(
    readonly expectedVersion: string,
    readonly currentVersion: string,
    /** What changed since `expectedVersion`, where the gateway still knows that state; else empty. */
    readonly changes: VersionChange[],
  ) {
    super(`The provider is at version ${currentVersion}, not ${expectedVersion}: read it again and decide.`);
  }
  override toJSON() {
    return { ...super.toJSON(), expectedVersion: this.expectedVersion, currentVersion: this.currentVersion, changes: this.changes };
  }
}

/** The idempotency key was used before with a different input. */
export class IdempotencyKeyReuseError extends GatewayError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly idempotencyKey: string) {
    super(`The idempotency key "${idempotencyKey}" was used with a different input; use a new key for a new change.`);
  }
}

/**
 * A mutation with the same idempotency key is still running (here or on another instance), or its instance
 * died and its outcome is not settled yet: retry after `retryAfterSeconds` to get the settled outcome.
 */
export class IdempotencyInProgressError extends GatewayError {
  readonly code = 'IDEMPOTENCY_IN_PROGRESS';
  constructor(
    readonly idempotencyKey: string,
    readonly retryAfterSeconds: number,
    why = 'is still running',
  ) {
    super(`The mutation with the idempotency key "${idempotencyKey}" ${why}; retry in ${retryAfterSeconds} s to get its result.`);
  }
  override toJSON() {
    return { ...super.toJSON(), idempotencyKey: this.idempotencyKey, retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** The gateway's database did not answer before anything was sent to the vendor: nothing changed; retry. */
export class StoreUnavailableError extends GatewayError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
  override toJSON() {
    return { ...super.toJSON(), retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** Another change of the same provider is still in flight (its audit row is PENDING): nothing was sent; retry. */
export class ChangeInProgressError extends GatewayError {
  readonly code = 'CHANGE_IN_PROGRESS';
  constructor(
    message: string,
    /** The audit event of the change in flight. */
    readonly pendingAuditEventId: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
  override toJSON() {
    return { ...super.toJSON(), pendingAuditEventId: this.pendingAuditEventId, retryAfterSeconds: this.retryAfterSeconds };
  }
}

/**
 * The change was sent to the vendor, but the gateway's database did not answer in time to record how it
 * ended: its audit event stays PENDING until the database answers, then it is finished as `observedStatus`
 * (what the gateway saw of the vendor). Do not send the change again without an idempotency key.
 */
export class OutcomePendingError extends GatewayError {
  readonly code = 'OUTCOME_PENDING';
  constructor(
    message: string,
    /** SUCCEEDED, FAILED or UNKNOWN: what the vendor's answer (and the read-back) said. */
    readonly observedStatus: 'SUCCEEDED' | 'FAILED' | 'UNKNOWN',
  ) {
    super(message);
  }
  override toJSON() {
    return { ...super.toJSON(), observedStatus: this.observedStatus };
  }
}

/**
 * The gateway stopped while this change was in flight; reconciliation read the vendor and settled it as
 * `status` (FAILED: it did not land; UNKNOWN: the vendor shows neither the old nor the planned state).
 */
export class MutationInterruptedError extends GatewayError {
  readonly code = 'INTERRUPTED';
  constructor(
    message: string,
    readonly status: 'FAILED' | 'UNKNOWN',
  ) {
    super(message);
  }
  override toJSON() {
    return { ...super.toJSON(), status: this.status };
  }
}

/** The caller's role does not allow this (see README, Security). Nothing was read or sent. */
export class ForbiddenError extends GatewayError {
  readonly code = 'FORBIDDEN';
  constructor(
    message: string,
    /** The role the operation needs. */
    readonly requiredRole: 'viewer' | 'operator' | 'admin' | null = null,
  ) {
    super(message);
  }
  override toJSON() {
    return { ...super.toJSON(), requiredRole: this.requiredRole };
  }
}
