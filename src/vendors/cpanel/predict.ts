// The wire state a provider module will have once a write succeeds, worked out from its current wire state
// the way WHM (and the emulator) applies each write. The result goes through the same normalizer as a read.
// What WHM computes itself (redirect_uris, the `link` of each display entry) cannot change through these
// writes, so the current values are kept.
import type { CpanelWireProvider } from './normalize.js';
import type { CpanelService } from './wire.js';

/** The stored client configuration as a flat string map (what a partial update merges into). */
export function storedClientConfiguration(wire: CpanelWireProvider): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(wire.clientConfigurations)) {
    if (typeof value === 'string' && key !== 'redirect_uris') out[key] = value;
  }
  return out;
}

/** set_provider_client_configurations replaces the whole configuration; the module is then configured. */
export function withClientConfiguration(wire: CpanelWireProvider, configuration: Record<string, string>): CpanelWireProvider {
  const { redirect_uris: redirectUris } = wire.clientConfigurations;
  return {
    ...wire,
    entry: { ...wire.entry, configured: true },
    // redirect_uris are derived by WHM from the host name and module, not from the configuration.
    clientConfigurations: { ...configuration, ...(redirectUris === undefined ? {} : { redirect_uris: redirectUris }) },
    configurationFields: wire.configurationFields.map((field) => ({ ...field, value: configuration[field.field_id] ?? null })),
  };
}

/** set_provider_display_configurations overrides the given keys on one service only. */
export function withDisplayChanges(wire: CpanelWireProvider, service: CpanelService, changes: Record<string, string>): CpanelWireProvider {
  return {
    ...wire,
    displayConfigurations: wire.displayConfigurations.map((entry) => (entry.service === service ? { ...entry, ...changes } : entry)),
  };
}

/** enable_/disable_authentication_provider flips one service's flag in the providers list. */
export function withEnabled(wire: CpanelWireProvider, service: CpanelService, enabled: boolean): CpanelWireProvider {
  return { ...wire, entry: { ...wire.entry, [`${service}_enabled`]: enabled } };
}
