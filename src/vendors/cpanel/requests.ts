// The WHM API 1 requests, built as data (pure functions). Reads are `GET /json-api/<function>?api.version=1&...`;
// writes are `POST /json-api/<function>` with every argument (api.version included) in an
// application/x-www-form-urlencoded body and nothing in the query string, so that no argument of a write (a
// client secret above all) lands in WHM's access log or a proxy's: WHM API 1 takes the same parameters either
// way. The `authorization` header is not part of a built request: the adapter adds it at send time
// (CpanelAdapter.authHeaderNames).
import type { PlannedRequest } from '../../core/vendor-contract/adapter.js';
import type { CpanelService, WhmFunction } from './wire.js';

/** Headers every WHM call carries besides auth. */
export const WHM_HEADERS: Readonly<Record<string, string>> = { accept: 'application/json' };

/** The content type of a write's body. */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** A call's arguments in wire order: api.version first, then `args` as given. */
function whmArguments(args: Record<string, string>): Record<string, string> {
  return { 'api.version': '1', ...args };
}

/**
 * One WHM API 1 read: every argument in the query string, in order (api.version first, then `args` as given).
 * A read is safe to repeat.
 */
export function whmRequest(fn: WhmFunction, args: Record<string, string>, purpose: string): PlannedRequest {
  return {
    method: 'GET',
    path: `/json-api/${fn}`,
    query: whmArguments(args),
    headers: { ...WHM_HEADERS },
    purpose,
    idempotent: true,
  };
}

/**
 * One WHM API 1 write: POST with every argument (api.version first, then `args` as given) form-encoded in
 * the body, no query string. Every write here sets a whole value or a flag (set_* replace, enable/disable),
 * so a call that failed on the way may be sent again.
 */
export function whmWrite(fn: WhmFunction, args: Record<string, string>, purpose: string): PlannedRequest {
  return {
    method: 'POST',
    path: `/json-api/${fn}`,
    headers: { ...WHM_HEADERS, 'content-type': FORM_CONTENT_TYPE },
    body: new URLSearchParams(whmArguments(args)).toString(),
    purpose,
    idempotent: true,
  };
}

/**
 * set_provider_client_configurations: WHM replaces the whole stored configuration with `configuration`, so
 * it must hold every declared field, secret included (the real value: the pipeline redacts plans).
 */
export function buildSetClientConfigurationRequest(
  providerId: string,
  service: CpanelService,
  configuration: Record<string, string>,
): PlannedRequest {
  return whmWrite(
    'set_provider_client_configurations',
    { service_name: service, provider_id: providerId, configurations: JSON.stringify(configuration) },
    `replace the client configuration of ${providerId} (shared by all services; told to ${service})`,
  );
}

/** set_provider_display_configurations: only the given display keys of one service change. */
export function buildSetDisplayConfigurationRequest(
  providerId: string,
  service: CpanelService,
  changes: Record<string, string>,
): PlannedRequest {
  return whmWrite(
    'set_provider_display_configurations',
    { service_name: service, provider_id: providerId, configurations: JSON.stringify(changes) },
    `change the login button of ${providerId} on ${service} (${Object.keys(changes).join(', ')})`,
  );
}

/** enable_authentication_provider / disable_authentication_provider for one service. */
export function buildSetEnabledRequest(providerId: string, service: CpanelService, enabled: boolean): PlannedRequest {
  return whmWrite(
    enabled ? 'enable_authentication_provider' : 'disable_authentication_provider',
    { service_name: service, provider_id: providerId },
    `${enabled ? 'enable' : 'disable'} ${providerId} on ${service}`,
  );
}
