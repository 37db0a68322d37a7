// The configuration checks of one provider of a connection: the vendor describes it (VendorSetup.configurationOf),
// core checks the description (checks.ts). A vendor with nothing to check answers one WARN saying so, so a
// `test: true` never passes silently on a vendor that was not checked at all.
import type { Connection } from '../connections.js';
import type { OutboundFetcher } from '../outbound/fetcher.js';
import type { NormalizedProvider } from '../vendor-contract/adapter.js';
import { checkConfiguration } from './checks.js';
import type { ConfigurationCheck } from './configuration.js';

export async function checkProviderConfiguration(
  connection: Pick<Connection, 'vendor' | 'setup'>,
  provider: NormalizedProvider,
  fetcher: OutboundFetcher,
): Promise<ConfigurationCheck[]> {
  const configuration = connection.setup?.configurationOf(provider) ?? null;
  if (!configuration) {
    return [
      { name: 'configuration', status: 'WARN', message: `${connection.vendor} holds nothing for this provider that the gateway can check` },
    ];
  }
  return checkConfiguration(configuration, { fetcher });
}
