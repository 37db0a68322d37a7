// Starts the 2sms emulator on a free loopback port with the Northwind sample account, and returns the
// connection (credentials already resolved) that reaches it.
import { randomBytes, randomUUID } from 'node:crypto';
import { fillSamples } from '../../../emulation/sample-fill.js';
import type { SandboxOptions, SandboxVendor } from '../../../core/vendor-contract/vendor-module.js';
import { createTwoSmsEmulator } from './server.js';
import { SAMPLE_USER_ID, sampleForeignDomains, sampleProviders, sampleTxtRecords } from './sample-data.js';

export async function startTwoSmsSandbox(options: SandboxOptions = {}): Promise<SandboxVendor> {
  const clientId = 'northwind-gateway';
  // A fresh secret per run: the sandbox's credentials are never a constant in the code.
  const clientSecret = randomBytes(18).toString('base64url');
  const emulator = await createTwoSmsEmulator({
    clientId,
    clientSecret,
    userId: SAMPLE_USER_ID,
    providers: fillSamples(sampleProviders(), options.providers, (p, n) => ({
      ...p,
      ID: randomUUID(),
      Name: `${p.Name} ${n}`,
      Provider: `sso${n}.${p.Provider}`,
      Domain: `sso${n}.${p.Domain}`,
    })),
    foreignDomains: sampleForeignDomains,
    txtRecords: sampleTxtRecords(),
    faults: options.faults,
  });
  return {
    connection: { id: 'twosms-sandbox', vendor: 'twosms', baseUrl: emulator.url, clientId, clientSecret },
    faults: emulator.faults,
    requests: emulator.requests,
    close: () => emulator.close(),
  };
}
