// The WHM API 1 requests, built as data (pure functions): reads and writes alike are
// `GET /json-api/<function>?api.version=1&...`. The `authorization` header is not part of a built request:
// the adapter adds it at send time (CpanelAdapter.authHeaderNames).
import type { PlannedRequest } from '../../core/adapter.js';
import type { CpanelService, WhmFunction } from './wire.js';

/** Headers every WHM call carries besides auth. */
export const WHM_HEADERS: Readonly<Record<string, string>> = { accept: 'application/json' };

/**
 * One WHM API 1 call. The query keeps its order on the wire: api.version first, then `args` as given.
 * Every function here is safe to repeat (reads, and writes that set a whole value or a flag), so a call that
 * failed on the way may be sent again.
 */
export function whmRequest(fn: WhmFunction, args: Record<string, string>, purpose: string): PlannedRequest {
  return {
    method: 'GET',
    path: `/json-api/${fn}`,
    query: { 'api.version': '1', ...args },
    headers: { ...WHM_HEADERS },
    purpose,
    idempotent: true,
  };
}

/**
 * set_provider_client_configurations: WHM replaces the whole stored configuration with `configuration`, so
 * it must hold every declared field, secret included (the real value: the pipeline redacts plans).
 */
export function buildSetClientConfigurationRequest(providerId: string, service: CpanelService, configuration: Record<string, string>): PlannedRequest {
  return whmRequest(
    'set_provider_client_configurations',
    { service_name: service, provider_id: providerId, configurations: JSON.stringify(configuration) },
    `replace the client configuration of ${providerId} (shared by all services; told to ${service})`,
  );
}

/** set_provider_display_configurations: only the given display keys of one service change. */
export function buildSetDisplayConfigurationRequest(providerId: string, service: CpanelService, changes: Record<string, string>): PlannedRequest {
  return whmRequest(
    'set_provider_display_configurations',
    { service_name: service, provider_id: providerId, configurations: JSON.stringify(changes) },
    `change the login button of ${providerId} on ${service} (${Object.keys(changes).join(', ')})`,
  );
}

/** enable_authentication_provider / disable_authentication_provider for one service. */
export function buildSetEnabledRequest(providerId: string, service: CpanelService, enabled: boolean): PlannedRequest {
  return whmRequest(
    enabled ? 'enable_authentication_provider' : 'disable_authentication_provider',
    { service_name: service, provider_id: providerId },
    `${enabled ? 'enable' : 'disable'} ${providerId} on ${service}`,
  );
}
