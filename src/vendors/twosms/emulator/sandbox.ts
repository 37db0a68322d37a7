// Starts the 2sms emulator on a free loopback port with the Northwind sample account, and returns the
// connection (credentials already resolved) that reaches it. The sample certificates are made at start-up:
// Northwind's expires in 25 days (inside the 30 days the checks warn about), Contoso's in 400.
import { randomBytes, randomUUID } from 'node:crypto';
import { issueCertificate } from '../../../emulation/certificate-factory.js';
import { fillSamples } from '../../../emulation/sample-fill.js';
import type { SandboxOptions, SandboxVendor } from '../../../core/vendor-contract/vendor-module.js';
import { createTwoSmsEmulator } from './server.js';
import { SAMPLE_USER_ID, type SampleCertificates, sampleForeignDomains, sampleProviders, sampleTxtRecords } from './sample-data.js';

/** Made once per process, at the first start: the emulators of a scaled sandbox (1 000 connections) share them. */
let certificates: Promise<SampleCertificates> | undefined;

function sandboxCertificates(): Promise<SampleCertificates> {
  certificates ??= Promise.all([
    issueCertificate({
      subject: 'CN=idp.northwind.example, O=Sample IdP, OU=Sandbox certificate expiring 25 days after start',
      expiresInDays: 25,
    }),
    issueCertificate({
      subject: 'CN=adfs.contoso-research.example, O=Sample IdP, OU=Sandbox certificate expiring 400 days after start',
      expiresInDays: 400,
    }),
  ]).then(([northwind, contoso]) => ({ northwind: northwind.pem, contoso: contoso.pem }));
  return certificates;
}

export async function startTwoSmsSandbox(options: SandboxOptions = {}): Promise<SandboxVendor> {
  const clientId = 'northwind-gateway';
  // A fresh secret per run: the sandbox's credentials are never a constant in the code.
  const clientSecret = randomBytes(18).toString('base64url');
  const emulator = await createTwoSmsEmulator({
    clientId,
    clientSecret,
    userId: SAMPLE_USER_ID,
    providers: fillSamples(sampleProviders(await sandboxCertificates()), options.providers, (p, n) => ({
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
