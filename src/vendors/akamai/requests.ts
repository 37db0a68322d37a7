// The Custom Provider API writes, built as data (pure functions): exactly what goes on the wire but the
// bearer token, which the adapter adds at send time (AkamaiAdapter.authHeaderNames). Each `purpose` is also
// the phrase an error names ("Akamai Identity Cloud refused to <purpose> ...").
import type { PlannedRequest } from '../../core/vendor-contract/adapter.js';
import { MERGE_PATCH, type ProviderWrite, providerPath, providersPath } from './wire.js';

export interface AkamaiApp {
  customerId: string;
  appId: string;
}

/** Every configuration call asks for JSON. */
const ACCEPT = { accept: 'application/json' } as const;

/** Create: POST application/json to the app's collection; Akamai assigns the id (sent twice, two providers). */
export function buildCreateRequest(app: AkamaiApp, body: ProviderWrite): PlannedRequest {
  return {
    method: 'POST',
    path: providersPath(app.customerId, app.appId),
    headers: { ...ACCEPT, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    purpose: `create a custom provider in app ${app.appId}`,
    idempotent: false,
  };
}

/**
 * Modify: PATCH with a JSON merge patch (members left out keep their value, `null` removes one); 204.
 * A merge patch applied twice gives what it gives once, so it may be repeated.
 */
export function buildModifyRequest(app: AkamaiApp, providerId: string, patch: ProviderWrite): PlannedRequest {
  return {
    method: 'PATCH',
    path: providerPath(app.customerId, app.appId, providerId),
    headers: { ...ACCEPT, 'content-type': MERGE_PATCH },
    body: JSON.stringify(patch),
    purpose: `modify custom provider ${providerId}`,
    idempotent: true,
  };
}

/** Reads (list, view) are not planned, but are built the same way so that every call carries the same headers. */
export function buildReadRequest(path: string, purpose: string): PlannedRequest {
  return { method: 'GET', path, headers: { ...ACCEPT }, purpose };
}
