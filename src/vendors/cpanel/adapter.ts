// Talks WHM API 1 External Authentication with `Authorization: whm USER:TOKEN`: reads as
// GET /json-api/<function>?api.version=1&..., writes as POST /json-api/<function> with every argument in a
// form-encoded body (no secret in a URL); reads the `{data, metadata}` envelope, and normalizes a provider
// module (client config shared by all services, display config and enabled flag per service).
// Requests are built as data (requests.ts); `sendPlanned` is the one way out, for reads and planned writes.
// WHM's failure answers become VendorErrors in errors.ts.
import type { z } from 'zod';
import type { NormalizedProvider, PlannedRequest, VendorAdapter } from '../../core/vendor-contract/adapter.js';
import { mapLimit } from '../../core/reads/map-limit.js';
import { isSecretKey } from '../../core/secrets.js';
import type { AdapterDeps, BaseConnectionConfig } from '../../core/vendor-contract/vendor-module.js';
import { connectionHttpOptions, VendorHttpClient } from '../../core/vendor-http/client.js';
import { parseWire } from '../../core/vendor-http/wire.js';
import { whmFunctionFailure, whmHttpError } from './errors.js';
import { type AvailableProvider, type CpanelDetails, type CpanelWireProvider, normalizeCpanelProvider } from './normalize.js';
import { whmRequest } from './requests.js';
import {
  availableProvidersData,
  clientConfigurationsData,
  configurationFieldsData,
  type CpanelService,
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

/** Providers described at once when listing (each takes three WHM calls). */
const DESCRIBE_CONCURRENCY = 4;

/** The client configuration is stored once per provider; any valid service name reads it. */
const READ_SERVICE: CpanelService = 'cpaneld';

export class CpanelAdapter implements VendorAdapter {
  readonly vendor = 'cpanel' as const;
  readonly authHeaderNames = ['authorization'] as const;
  private readonly http: VendorHttpClient;

  constructor(
    private readonly connection: CpanelConnectionConfig,
    private readonly deps: AdapterDeps,
  ) {
    deps.secrets.add(connection.apiToken);
    this.http = new VendorHttpClient({ vendor: 'cpanel', ...connectionHttpOptions(connection, deps) });
  }

  /**
   * Sends one request exactly as built (planned writes included), adding the auth header, and returns the
   * `data` of WHM's envelope parsed with `data` (null when the function returns none). A refused token, an
   * HTTP error or `metadata.result: 0` is a VendorError.
   */
  async sendPlanned<T extends z.ZodType = typeof noData>(request: PlannedRequest, data?: T): Promise<z.output<T> | null> {
    const res = await this.http.send({
      method: request.method,
      path: request.path,
      query: request.query,
      headers: { ...request.headers, authorization: `whm ${this.connection.username}:${this.connection.apiToken}` },
      body: request.body,
      // Reads, and the planned writes (set_* replace, enable/disable set a flag): every one may be repeated.
      idempotent: request.idempotent ?? true,
    });
    if (res.status !== 200) throw whmHttpError(res.status, this.connection.username, request.path.replace(/^\/json-api\//, ''));
    const envelope = parseWire('cpanel', res, whmEnvelope(data ?? noData));
    if (envelope.metadata.result !== 1) throw whmFunctionFailure(envelope.metadata.reason, this.deps.secrets);
    return (envelope.data ?? null) as z.output<T> | null;
  }

  /** Calls one WHM API 1 read function and returns its `data` (null when the function returns none). */
  async call<T extends z.ZodType>(fn: WhmFunction, args: Record<string, string>, data: T): Promise<z.output<T> | null> {
    return this.sendPlanned(whmRequest(fn, args, `read ${fn}`), data);
  }

  async list(): Promise<NormalizedProvider<CpanelDetails>[]> {
    const available = await this.available();
    return mapLimit(available, DESCRIBE_CONCURRENCY, async (entry) => this.normalize(await this.describe(entry)));
  }

  async get(key: string): Promise<NormalizedProvider<CpanelDetails> | null> {
    const wire = await this.readWire(key);
    return wire ? this.normalize(wire) : null;
  }

  /**
   * Everything WHM says about one provider module, the stored client secret included (for merging a partial
   * update; never stored). null when the module does not exist. Reads only.
   */
  async readWire(key: string): Promise<CpanelWireProvider | null> {
    const entry = (await this.available()).find((provider) => provider.id === key);
    return entry ? this.describe(entry) : null;
  }

  /** Registers the secret-named values of a client configuration for scrubbing (plans carry real values). */
  registerSecrets(configuration: Record<string, string>): void {
    for (const [key, value] of Object.entries(configuration)) if (isSecretKey(key)) this.deps.secrets.add(value);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private normalize(wire: CpanelWireProvider): NormalizedProvider<CpanelDetails> {
    return normalizeCpanelProvider(wire, this.deps.fingerprinter);
  }

  private async available(): Promise<AvailableProvider[]> {
    const data = await this.call('get_available_authentication_providers', {}, availableProvidersData);
    return data?.providers ?? [];
  }

  private async describe(entry: AvailableProvider): Promise<CpanelWireProvider> {
    const args = { service_name: READ_SERVICE, provider_id: entry.id };
    const [clientData, fieldsData, displayData] = await Promise.all([
      this.call('get_provider_client_configurations', args, clientConfigurationsData),
      this.call('get_provider_configuration_fields', args, configurationFieldsData),
      this.call('get_provider_display_configurations', { provider_id: entry.id }, displayConfigurationsData),
    ]);
    const clientConfigurations = clientData?.client_configurations ?? {};
    // The stored secret passes through here (it is only fingerprinted): scrub it from anything kept or shown.
    for (const [key, value] of Object.entries(clientConfigurations))
      if (isSecretKey(key) && typeof value === 'string') this.deps.secrets.add(value);
    return {
      entry,
      clientConfigurations,
      configurationFields: fieldsData?.configuration_fields ?? [],
      displayConfigurations: displayData?.configurations ?? [],
    };
  }
}
