// One provider module's wire state (what the four WHM read functions return for it) and the one function
// that turns it into a NormalizedProvider. Reads and plans both go through `normalizeCpanelProvider`, so a
// predicted state and the state read back afterwards cannot drift apart.
import type { z } from 'zod';
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import { isSecretKey, type Fingerprinter } from '../../core/secrets.js';
import {
  type availableProvidersData,
  type clientConfigurationsData,
  type configurationField,
  CPANEL_SERVICES,
  type CpanelService,
  type DisplayConfiguration,
} from './wire.js';

export type AvailableProvider = z.output<typeof availableProvidersData>['providers'][number];
export type ConfigurationField = z.output<typeof configurationField>;
export type ClientConfigurations = z.output<typeof clientConfigurationsData>['client_configurations'];

/** Everything WHM says about one provider module, already zod-parsed. */
export interface CpanelWireProvider {
  /** Its entry in get_available_authentication_providers. */
  entry: AvailableProvider;
  /** get_provider_client_configurations: the stored configuration (with the secret) plus redirect_uris. */
  clientConfigurations: ClientConfigurations;
  /** get_provider_configuration_fields, in the (unsorted) order WHM returned them. */
  configurationFields: ConfigurationField[];
  /** get_provider_display_configurations: one entry per service. */
  displayConfigurations: DisplayConfiguration[];
}

/** The configuration field whose value is the provider's `clientId`. */
export const CLIENT_ID_FIELD = 'client_id';

/** What the CpanelIdentityProvider type shows beyond the common fields (NormalizedProvider.details). */
export type CpanelDetails = {
  configured: boolean;
  /** The services the module is enabled on, in CPANEL_SERVICES order. */
  enabledServices: CpanelService[];
  /** Computed by WHM from the host name and module; empty when the caller may not read the configuration. */
  redirectUris: string[];
  /** The fields the module declares, by display order. */
  configurationFields: Array<{
    fieldId: string;
    label: string;
    description: string | null;
    displayOrder: number;
    secret: boolean;
    hasValue: boolean;
    /** null for a secret, and for client_id (whose value is the provider's `clientId`). */
    value: string | null;
  }>;
  /** The login button, one entry per service. */
  display: Array<{
    service: CpanelService;
    label: string | null;
    link: string | null;
    color: string | null;
    textColor: string | null;
    icon: string | null;
    iconType: string | null;
    displayName: string | null;
    providerName: string | null;
    documentationUrl: string | null;
  }>;
};

/**
 * The details of a provider state the pipeline hands back (a live read, a cached snapshot or an audit row's
 * state, which an older gateway may have written): read defensively, any key may be missing.
 */
export function storedCpanelDetails(provider: NormalizedProvider): Partial<CpanelDetails> {
  return provider.details as Partial<CpanelDetails>;
}

export function normalizeCpanelProvider(wire: CpanelWireProvider, fingerprinter: Fingerprinter): NormalizedProvider<CpanelDetails> {
  const { entry, clientConfigurations: clientConfig } = wire;
  const fields = [...wire.configurationFields].sort((a, b) => (a.display_order ?? 0) - (b.display_order ?? 0));
  const enabledServices = CPANEL_SERVICES.filter((svc) =>
    svc === 'whostmgrd' ? (entry.whostmgrd_enabled ?? entry.whostmgr_enabled) : entry[`${svc}_enabled`],
  );
  const clientSecret = typeof clientConfig.client_secret === 'string' ? clientConfig.client_secret : null;
  const clientId = typeof clientConfig[CLIENT_ID_FIELD] === 'string' ? clientConfig[CLIENT_ID_FIELD] : null;
  // A caller that may not read the config file gets `{}` without redirect_uris: the secret is then unknown.
  const secretReadable = 'redirect_uris' in clientConfig;
  const details: CpanelDetails = {
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
        // A secret's value is never kept; client_id's is the provider's `clientId` (kept there, once, so that a
        // change of client id is one change, not also one of this field).
        value: secret || field.field_id === CLIENT_ID_FIELD ? null : (field.value ?? null),
      };
    }),
    display: wire.displayConfigurations.map(toDisplay),
  };
  return {
    key: entry.id,
    displayName: entry.display_name ?? entry.provider_name ?? entry.id,
    protocol: 'OIDC',
    enabled: enabledServices.length > 0,
    clientId,
    secretFingerprints: secretReadable ? { clientSecret: fingerprinter.fingerprintOrNull(clientSecret) } : {},
    details,
  };
}

function toDisplay(config: DisplayConfiguration): CpanelDetails['display'][number] {
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
