// The Huawei vendor module as the gateway uses it: config keys (two optional secrets, either mode), the
// sandbox, and no secret in what it reads.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig, secretRef } from '../../src/config.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { vendorModules } from '../../src/vendors/index.js';
import { huaweiModule } from '../../src/vendors/huawei/index.js';

const registered = vendorModules.some((m) => m.vendor === 'huawei');
const env = { HW_TOKEN: 'MIItoken-from-env-0123456789', HW_PASSWORD: 'pw-from-env-0123456789' };

describe('huaweiModule', () => {
  it('declares domainName and userName as plain keys, authToken and password as optional secrets', () => {
    expect(huaweiModule.vendor).toBe('huawei');
    expect(huaweiModule.connectionSecrets).toEqual([]);
    expect(huaweiModule.optionalConnectionSecrets).toEqual(['authToken', 'password', 'secretKey', 'securityToken']);
    // The same composition config.ts makes for a module.
    const shape = z
      .object({
        ...huaweiModule.connectionShape,
        ...Object.fromEntries(huaweiModule.optionalConnectionSecrets!.map((key) => [key, secretRef(env).optional()])),
      })
      .strict();
    expect(shape.parse({ authToken: { env: 'HW_TOKEN' } })).toEqual({ authToken: env.HW_TOKEN });
    expect(shape.parse({ domainName: 'acme-cloud', userName: 'gateway-admin', password: { env: 'HW_PASSWORD' } })).toEqual({
      domainName: 'acme-cloud',
      userName: 'gateway-admin',
      password: env.HW_PASSWORD,
    });
    expect(shape.safeParse({ password: 'written-in-the-file' }).error?.issues[0]?.path).toEqual(['password']);
    expect(shape.safeParse({ userName: '' }).error?.issues[0]?.path).toEqual(['userName']);
  });

  it('refuses, when the adapter is made, a connection with neither mode complete', () => {
    const deps = { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets: new SecretRegistry() };
    const base = {
      id: 'hw',
      vendor: 'huawei' as const,
      baseUrl: 'https://iam.myhuaweicloud.com',
      cacheTtlSeconds: 30,
      connectTimeoutMs: 2_000,
      totalTimeoutMs: 10_000,
    };
    expect(() => huaweiModule.createAdapter({ ...base, userName: 'u', password: 'p' }, deps)).toThrow(/domainName/);
    expect(huaweiModule.createAdapter({ ...base, authToken: 'MIIx' }, deps).vendor).toBe('huawei');
  });

  it.skipIf(!registered)('parses both connection modes from a config file', () => {
    const config = parseConfig(
      {
        connections: [
          { id: 'hw-token', vendor: 'huawei', baseUrl: 'https://iam.myhuaweicloud.com', authToken: { env: 'HW_TOKEN' } },
          {
            id: 'hw-user',
            vendor: 'huawei',
            baseUrl: 'https://iam.ap-southeast-1.myhuaweicloud.com',
            domainName: 'acme-cloud',
            userName: 'gateway-admin',
            password: { env: 'HW_PASSWORD' },
          },
        ],
      },
      'test',
      env,
    );
    expect(config.connections.map((c) => [c.id, c.authToken ?? c.password])).toEqual([
      ['hw-token', env.HW_TOKEN],
      ['hw-user', env.HW_PASSWORD],
    ]);
  });

  it('starts a sandbox whose connection lists the sample providers, with no secret in them', async () => {
    const sandbox = await huaweiModule.startSandbox();
    const secrets = new SecretRegistry();
    const connection = sandbox.connection as Record<string, unknown> & { id: string; vendor: 'huawei'; baseUrl: string; password: string };
    expect(Object.keys(connection).sort()).toEqual(['baseUrl', 'domainName', 'id', 'password', 'userName', 'vendor']);
    const adapter = huaweiModule.createAdapter(
      { ...connection, cacheTtlSeconds: 30, connectTimeoutMs: 2_000, totalTimeoutMs: 10_000 },
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets },
    );
    try {
      const providers = await adapter.list();
      expect(providers.map((p) => `${p.key}:${p.protocol}`)).toEqual(['okta-workforce:OIDC', 'github-actions-ci:OIDC', 'adfs-legacy:SAML']);
      expect(JSON.stringify(providers)).not.toContain(connection.password);
      expect(secrets.scrub(JSON.stringify(providers))).toBe(JSON.stringify(providers));
    } finally {
      await adapter.close?.();
      await sandbox.close();
    }
  });
});
