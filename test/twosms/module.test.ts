// The 2sms vendor module as the gateway uses it: config keys, the sandbox, and no secret in what it reads.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { twosmsModule } from '../../src/vendors/twosms/index.js';

describe('twosmsModule', () => {
  it('declares clientId as a plain key and clientSecret as a secret', () => {
    expect(twosmsModule.vendor).toBe('twosms');
    expect(twosmsModule.connectionSecrets).toEqual(['clientSecret']);
    const shape = z.object(twosmsModule.connectionShape);
    expect(shape.safeParse({ clientId: 'northwind-gateway' }).success).toBe(true);
    expect(shape.safeParse({ clientId: ' ' }).error?.issues[0]?.path).toEqual(['clientId']);
  });

  it('starts a sandbox whose connection lists the sample providers, with no secret in them', async () => {
    const sandbox = await twosmsModule.startSandbox();
    const secrets = new SecretRegistry();
    const connection = sandbox.connection as { id: string; vendor: 'twosms'; baseUrl: string; clientId: string; clientSecret: string };
    const adapter = twosmsModule.createAdapter(
      { ...connection, cacheTtlSeconds: 30, connectTimeoutMs: 2_000, totalTimeoutMs: 10_000 },
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets },
    );
    try {
      const providers = await adapter.list();
      expect(providers.map((p) => p.displayName)).toEqual(['Northwind Traders SSO', 'Contoso Research ADFS', 'Fabrikam Okta (pending)']);
      expect(secrets.scrub(JSON.stringify(providers))).toBe(JSON.stringify(providers));
      expect(JSON.stringify(providers)).not.toContain(connection.clientSecret);
    } finally {
      await adapter.close?.();
      await sandbox.close();
    }
  });
});
