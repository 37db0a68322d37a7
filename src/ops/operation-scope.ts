// Which gateway operation a vendor call is made for, so that metrics and traces can say it. An
// AsyncLocalStorage carries it from where the work starts (a GraphQL request, the reconciler) down to the
// vendor HTTP client, which knows nothing of GraphQL.
//
// The label is bounded by the schema, never by what a client sends: the root field of the GraphQL operation
// (`identityProviders`, `setCpanelClientConfiguration`, `applyIdentityProviderChanges`, ...), `multiple`
// for an operation with several root fields, `reconcile` for the reconciler, `none` before a request has been
// executed (or when it never is), `other` outside all of these.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface OperationScope {
  /** Set once the operation is known (a GraphQL request learns it when it executes). */
  operation: string;
}

export const RECONCILE_OPERATION = 'reconcile';
export const OUTSIDE_OPERATIONS = 'other';

const scopes = new AsyncLocalStorage<OperationScope>();

/** Runs `work` (and everything it starts: promises, timers) as part of `scope`. */
export function runInOperation<T>(scope: OperationScope | string, work: () => T): T {
  return scopes.run(typeof scope === 'string' ? { operation: scope } : scope, work);
}

/** The operation the current code runs for. */
export function currentOperation(): string {
  return scopes.getStore()?.operation ?? OUTSIDE_OPERATIONS;
}
