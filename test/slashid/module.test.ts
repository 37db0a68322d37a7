// The SlashID module: its connection keys, and a sandbox that serves realistic sample credentials.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import type { SlashIdConnectionConfig } from '../../src/vendors/slashid/adapter.js';
import { slashidModule } from '../../src/vendors/slashid/index.js';

describe('slashidModule', () => {
  it('takes orgId from the config file and apiKey as a secret from the environment', () => {
    expect(slashidModule.connectionSecrets).toEqual(['apiKey']);
    const shape = z.object(slashidModule.connectionShape).strict();
    expect(shape.safeParse({ orgId: 'af5fbd30-7ce7-4548-8b30-4cd59cb2aba1' }).success).toBe(true);
    const missing = shape.safeParse({});
    expect(missing.success || missing.error.issues[0]!.path).toEqual(['orgId']);
  });

  it('starts a sandbox whose credentials the adapter lists, with no secret in them', async () => {
    const sandbox = await slashidModule.startSandbox();
    const secrets = new SecretRegistry();
    const connection = {
      cacheTtlSeconds: 30,
      connectTimeoutMs: 1_000,
      totalTimeoutMs: 5_000,
      ...sandbox.connection,
    } as unknown as SlashIdConnectionConfig;
    const adapter = slashidModule.createAdapter(connection, { secrets, fingerprinter: new Fingerprinter(Buffer.from('k')) });
    try {
      const providers = await adapter.list();
      expect(providers.map((p) => p.details.provider)).toEqual(['google', 'github', 'azuread', 'okta', 'apple']);
      const text = JSON.stringify(providers);
      expect(text).not.toContain(connection.apiKey);
      expect(text).not.toContain('PRIVATE KEY');
    } finally {
      await adapter.close?.();
      await sandbox.close();
    }
  });
});
