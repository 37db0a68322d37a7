// Talks WHM API 1 External Authentication: GET /json-api/<function>?api.version=1&... with
// `Authorization: whm USER:TOKEN`, reads the `{data, metadata}` envelope, and normalizes a provider module
// (client config shared by all services, display config and enabled flag per service).
import type { z } from 'zod';
import type { JsonObject, NormalizedProvider, VendorAdapter } from '../../core/adapter.js';
import { VendorError } from '../../core/errors.js';
import { mapLimit } from '../../core/map-limit.js';
import { isSecretKey } from '../../core/secrets.js';
import type { AdapterDeps, BaseConnectionConfig } from '../../core/vendor-module.js';
import { VendorHttpClient } from '../../core/vendor-http.js';
import { parseWire } from '../../core/wire.js';
import {
  availableProvidersData,
  clientConfigurationsData,
  configurationFieldsData,
  CPANEL_SERVICES,
  type CpanelService,
  type DisplayConfiguration,
  displayConfigurationsData,
  noData,
  whmEnvelope,
  type WhmFunction,
} from './wire.js';

export interface CpanelConnectionConfig extends BaseConnectionConfig {
  vendor: 'cpanel';
  username: string;
  apiToken: string;
}

type AvailableProvider = z.infer<typeof availableProvidersData>['providers'][number];

/** Providers described at once when listing (each takes three WHM calls). */
const DESCRIBE_CONCURRENCY = 4;

/** The client configuration is stored once per provider; any valid service name reads it. */
const READ_SERVICE: CpanelService = 'cpaneld';

export class CpanelAdapter implements VendorAdapter {
  readonly vendor = 'cpanel' as const;
  private readonly http: VendorHttpClient;

  constructor(
    private readonly connection: CpanelConnectionConfig,
    private readonly deps: AdapterDeps,
  ) {
    deps.secrets.add(connection.apiToken);
    this.http = new VendorHttpClient({
      vendor: 'cpanel',
      baseUrl: connection.baseUrl,
      secrets: deps.secrets,
      connectTimeoutMs: connection.connectTimeoutMs,
      totalTimeoutMs: connection.totalTimeoutMs,
    });
  }

  /** Calls one WHM API 1 function and returns its `data` (null when the function returns none). */
  async call<T extends z.ZodType>(fn: WhmFunction, args: Record<string, string>, data: T): Promise<z.output<T> | null> {
    const res = await this.http.send({
      method: 'GET',
      path: `/json-api/${fn}`,
      query: { 'api.version': '1', ...args },
      headers: { authorization: `whm ${this.connection.username}:${this.connection.apiToken}`, accept: 'application/json' },
    });
    if (res.status === 401 || res.status === 403) {
      throw new VendorError(
        { vendor: 'cpanel', httpStatus: res.status, vendorCode: 'AUTH_FAILED', retryable: false },
        `WHM refused the API token for ${this.connection.username} (HTTP ${res.status}).`,
      );
    }
    if (res.status !== 200) {
      throw new VendorError(
        { vendor: 'cpanel', httpStatus: res.status, vendorCode: `HTTP_${res.status}`, retryable: res.status >= 500 },
        `WHM answered HTTP ${res.status} to ${fn}.`,
      );
    }
    const envelope = parseWire('cpanel', res, whmEnvelope(data));
    if (envelope.metadata.result !== 1) {
      throw new VendorError(
        { vendor: 'cpanel', httpStatus: 200, vendorCode: 'API_FAILURE', retryable: false },
        this.deps.secrets.scrub(envelope.metadata.reason),
      );
    }
    return (envelope.data ?? null) as z.output<T> | null;
  }

  async list(): Promise<NormalizedProvider[]> {
    const available = await this.available();
    return mapLimit(available, DESCRIBE_CONCURRENCY, (entry) => this.describe(entry));
  }

  async get(key: string): Promise<NormalizedProvider | null> {
    const entry = (await this.available()).find((provider) => provider.id === key);
    return entry ? this.describe(entry) : null;
  }

  /** The stored client configuration including its secret, for merging a partial update. Never stored. */
  async readClientConfiguration(providerId: string): Promise<Record<string, string>> {
    const data = await this.call('get_provider_client_configurations', { service_name: READ_SERVICE, provider_id: providerId }, clientConfigurationsData);
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(data?.client_configurations ?? {})) {
      if (typeof value === 'string' && key !== 'redirect_uris') out[key] = value;
    }
    for (const value of Object.values(out)) this.deps.secrets.add(value);
    return out;
  }

  async setClientConfiguration(providerId: string, service: CpanelService, configuration: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(configuration)) if (isSecretKey(key)) this.deps.secrets.add(value);
    await this.call(
      'set_provider_client_configurations',
      { service_name: service, provider_id: providerId, configurations: JSON.stringify(configuration) },
      noData,
    );
  }

  async setDisplayConfiguration(providerId: string, service: CpanelService, changes: Record<string, string>): Promise<void> {
    await this.call(
      'set_provider_display_configurations',
      { service_name: service, provider_id: providerId, configurations: JSON.stringify(changes) },
      noData,
    );
  }

  async setEnabled(providerId: string, service: CpanelService, enabled: boolean): Promise<void> {
    const fn = enabled ? 'enable_authentication_provider' : 'disable_authentication_provider';
    await this.call(fn, { service_name: service, provider_id: providerId }, noData);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async available(): Promise<AvailableProvider[]> {
    const data = await this.call('get_available_authentication_providers', {}, availableProvidersData);
    return data?.providers ?? [];
  }

  private async describe(entry: AvailableProvider): Promise<NormalizedProvider> {
    const args = { service_name: READ_SERVICE, provider_id: entry.id };
    const [clientData, fieldsData, displayData] = await Promise.all([
      this.call('get_provider_client_configurations', args, clientConfigurationsData),
      this.call('get_provider_configuration_fields', args, configurationFieldsData),
      this.call('get_provider_display_configurations', { provider_id: entry.id }, displayConfigurationsData),
    ]);
    const clientConfig = clientData?.client_configurations ?? {};
    const fields = [...(fieldsData?.configuration_fields ?? [])].sort((a, b) => (a.display_order ?? 0) - (b.display_order ?? 0));
    const enabledServices = CPANEL_SERVICES.filter((svc) =>
      svc === 'whostmgrd' ? (entry.whostmgrd_enabled ?? entry.whostmgr_enabled) : entry[`${svc}_enabled`],
    );
    const clientSecret = typeof clientConfig.client_secret === 'string' ? clientConfig.client_secret : null;
    const clientId = typeof clientConfig.client_id === 'string' ? clientConfig.client_id : null;
    // A caller that may not read the config file gets `{}` without redirect_uris: the secret is then unknown.
    const secretReadable = 'redirect_uris' in clientConfig;
    const display = (displayData?.configurations ?? []).map(toDisplay);
    const details: JsonObject = {
      configured: entry.configured,
      enabledServices: [...enabledServices],
      redirectUris: Array.isArray(clientConfig.redirect_uris) ? clientConfig.redirect_uris : [],
      configurationFields: fields.map((field) => {
        const secret = isSecretKey(field.field_id);
        return {
          fieldId: field.field_id,
          label: field.label ?? field.field_id,
          description: field.description ?? null,
          displayOrder: field.display_order ?? 0,
          secret,
          hasValue: Boolean(field.value),
          value: secret ? null : (field.value ?? null),
        };
      }),
      display,
    };
    return {
      key: entry.id,
      displayName: entry.display_name ?? entry.provider_name ?? entry.id,
      protocol: 'OIDC',
      enabled: enabledServices.length > 0,
      clientId,
      secretFingerprints: secretReadable ? { clientSecret: this.deps.fingerprinter.fingerprintOrNull(clientSecret) } : {},
      details,
    };
  }
}

function toDisplay(config: DisplayConfiguration): JsonObject {
  return {
    service: config.service,
    label: config.label ?? null,
    link: config.link ?? null,
    color: config.color ?? null,
    textColor: config.textcolor ?? null,
    icon: config.icon ?? null,
    iconType: config.icon_type ?? null,
    displayName: config.display_name ?? null,
    providerName: config.provider_name ?? null,
    documentationUrl: config.documentation_url ?? null,
  };
}
