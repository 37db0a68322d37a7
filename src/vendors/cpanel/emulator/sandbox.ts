// Sample data for the sandbox: the modules a fresh cPanel & WHM server ships, some configured and enabled.
import { randomBytes } from 'node:crypto';
import { fillSamples } from '../../../emulation/sample-fill.js';
import type { SandboxOptions, SandboxVendor } from '../../../core/vendor-contract/vendor-module.js';
import { type CpanelModuleSeed, createCpanelEmulator } from './server.js';

export const CPANEL_SAMPLE_MODULES: CpanelModuleSeed[] = [
  {
    id: 'google',
    displayName: 'Google',
    color: 'dd4b39',
    textcolor: 'FFFFFF',
    icon: 'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=',
    documentationUrl: 'https://developers.google.com/identity/protocols/OpenIDConnect',
    clientConfig: { client_id: '1234567890-sandbox.apps.googleusercontent.com', client_secret: 'sandbox-google-secret' },
    enabled: ['cpaneld', 'whostmgrd'],
  },
  {
    id: 'cpanelid',
    displayName: 'cPanelID',
    providerName: 'cPanel, L.L.C.',
    color: 'FF6C2C',
    textcolor: 'FFFFFF',
    documentationUrl: 'https://docs.cpanel.net/knowledge-base/accounts/how-to-use-cpanelid/',
    clientConfig: { client_id: 'sandbox-cpanelid-client', client_secret: 'sandbox-cpanelid-secret' },
    enabled: ['cpaneld'],
  },
  {
    id: 'facebook',
    displayName: 'Facebook',
    color: '3b5998',
    textcolor: 'FFFFFF',
    documentationUrl: 'https://developers.facebook.com/docs/facebook-login',
  },
  {
    id: 'slack',
    displayName: 'Slack',
    color: '4A154B',
    textcolor: 'FFFFFF',
    documentationUrl: 'https://api.slack.com/authentication/sign-in-with-slack',
    clientConfig: { client_id: '000000000.sandbox', client_secret: 'sandbox-slack-secret' },
  },
];

export async function startCpanelSandbox(options: SandboxOptions = {}): Promise<SandboxVendor> {
  const apiToken = randomBytes(16).toString('hex').toUpperCase();
  const emulator = await createCpanelEmulator({
    username: 'root',
    apiToken,
    modules: fillSamples(structuredClone(CPANEL_SAMPLE_MODULES), options.providers, (m, n) => ({
      ...m,
      id: `${m.id}${n}`,
      displayName: `${m.displayName} ${n}`,
    })),
    faults: options.faults,
  });
  return {
    connection: { id: 'whm-sandbox', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken },
    faults: emulator.faults,
    requests: emulator.requests,
    close: emulator.close,
  };
}
