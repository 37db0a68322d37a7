// Safe defaults at start-up: the sandbox only on loopback, a config file only with API tokens, the production
// switch; the tokens' config rules and their constant-time check; and `npm start` itself with a config file.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, type GatewayConfig, parseConfig } from '../../src/config.js';
import { TokenAuthenticator, tokenSha256 } from '../../src/core/access.js';
import { isLoopbackHost } from '../../src/core/inputs/loopback.js';
import { securitySettings } from '../../src/http/security-settings.js';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { startWhm } from '../cpanel/support.js';
import { seededDataDir } from '../support/pglite-template.js';
import { WHM_TOKEN } from './support.js';
import { MAIN_ENTRY } from '../support/process.js';

const CONNECTION = { id: 'whm', vendor: 'cpanel', baseUrl: 'http://127.0.0.1:2087', username: 'root', apiToken: { env: 'WHM_TOKEN' } };
const HASH = tokenSha256('s3cret-token');
const config = (extra: Record<string, unknown> = {}): GatewayConfig =>
  parseConfig({ connections: [CONNECTION], tokens: [{ name: 'ci', sha256: HASH, role: 'operator' }], ...extra }, 'test', { WHM_TOKEN });
const problems = (raw: Record<string, unknown>) => {
  try {
    parseConfig({ connections: [CONNECTION], ...raw }, 'test', { WHM_TOKEN });
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
};

describe('securitySettings', () => {
  it('runs the sandbox (no config) as the anonymous admin on loopback only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) {
      expect(securitySettings(null, host, {}), host).toEqual({ tokens: null, production: false, graphiql: true, introspection: true });
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'gateway.example.com', '128.0.0.1', '::2']) {
      expect(() => securitySettings(null, host, {}), host).toThrow(ConfigError);
    }
    expect(() => securitySettings(null, '0.0.0.0', {})).toThrow(
      /HOST=0\.0\.0\.0: without a config file .* allowed only on loopback .* config file that lists API tokens/,
    );
  });

  it('refuses a config file without tokens: every request would be 401', () => {
    const none = parseConfig({ connections: [CONNECTION] }, 'test', { WHM_TOKEN });
    expect(() => securitySettings(none, '127.0.0.1', {})).toThrow(/tokens: list at least one API token/);
    expect(securitySettings(config(), '0.0.0.0', {}).tokens).toEqual([{ name: 'ci', sha256: HASH, role: 'operator' }]);
  });

  it('turns GraphiQL and introspection off in production (NODE_ENV or the config key) unless the config turns them on', () => {
    expect(securitySettings(config(), '0.0.0.0', {})).toMatchObject({ production: false, graphiql: true, introspection: true });
    expect(securitySettings(config(), '0.0.0.0', { NODE_ENV: 'production' })).toMatchObject({
      production: true,
      graphiql: false,
      introspection: false,
    });
    expect(securitySettings(config({ production: true }), '0.0.0.0', {})).toMatchObject({
      production: true,
      graphiql: false,
      introspection: false,
    });
    expect(securitySettings(config({ production: true, graphiql: true, introspection: true }), '0.0.0.0', {})).toMatchObject({
      production: true,
      graphiql: true,
      introspection: true,
    });
    expect(securitySettings(config({ graphiql: false }), '0.0.0.0', {})).toMatchObject({
      production: false,
      graphiql: false,
      introspection: true,
    });
    expect(securitySettings(null, '127.0.0.1', { NODE_ENV: 'production' })).toMatchObject({
      tokens: null,
      graphiql: false,
      introspection: false,
    });
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '::1', 'localhost', 'LOCALHOST', '[::1]', '0:0:0:0:0:0:0:1', 'api.localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'localhost.example.com', '', '::ffff:10.0.0.1'].some(isLoopbackHost)).toBe(false);
  });
});

describe('tokens in the config file', () => {
  it('takes name, sha256 (any case, kept lower-case), role and optional connections', () => {
    const parsed = parseConfig(
      { connections: [CONNECTION], tokens: [{ name: 'deploy-bot', sha256: HASH.toUpperCase(), role: 'viewer', connections: ['whm'] }] },
      'test',
      { WHM_TOKEN },
    );
    expect(parsed.tokens).toEqual([{ name: 'deploy-bot', sha256: HASH, role: 'viewer', connections: ['whm'] }]);
  });

  it('names every bad key', () => {
    expect(problems({ tokens: [{ name: 'x', sha256: 's3cret-token', role: 'viewer' }] })).toEqual([
      'tokens[0].sha256: must be the 64 hex digits of the SHA-256 of the token (the token itself is never written in the file)',
    ]);
    expect(problems({ tokens: [{ name: 'x', sha256: HASH, role: 'root' }] })).toEqual([
      'tokens[0].role: must be one of viewer, operator, admin',
    ]);
    expect(problems({ tokens: [{ name: 'x', sha256: HASH, role: 'admin', connections: ['nope'] }] })).toEqual([
      'tokens[0].connections[0]: no connection "nope" is configured',
    ]);
    expect(problems({ tokens: [{ name: 'x', sha256: HASH, role: 'admin', connections: [] }] })).toEqual([
      'tokens[0].connections: list at least one connection, or leave the key out for every connection',
    ]);
    expect(problems({ tokens: [{ name: 'drift-detector', sha256: HASH, role: 'admin' }] })).toEqual([
      'tokens[0].name: is reserved (drift-detector, sandbox, anonymous)',
    ]);
    expect(problems({ tokens: [{ name: 'a b', sha256: HASH, role: 'admin' }] })[0]).toMatch(/^tokens\[0\]\.name: must be 1-64 characters/);
    expect(problems({ tokens: [{ name: 'x', sha256: HASH, role: 'admin', token: 'plain' }] })[0]).toMatch(
      /^tokens\[0\]: Unrecognized key: "token"/,
    );
    expect(
      problems({
        tokens: [
          { name: 'a', sha256: HASH, role: 'admin' },
          { name: 'a', sha256: tokenSha256('other'), role: 'viewer' },
          { name: 'b', sha256: HASH, role: 'viewer' },
        ],
      }),
    ).toEqual(['tokens[1].name: duplicate token name "a"', 'tokens[2].sha256: the same token is listed twice']);
    expect(problems({ production: 'yes' })[0]).toMatch(/^production: /);
  });
});

describe('TokenAuthenticator', () => {
  const authenticator = new TokenAuthenticator([
    { name: 'ci', sha256: HASH, role: 'operator' },
    { name: 'ro', sha256: tokenSha256('read-only'), role: 'viewer', connections: ['whm'] },
  ]);

  it('finds the token by its SHA-256', () => {
    expect(authenticator.authenticate('Bearer s3cret-token')).toEqual({
      ok: true,
      principal: { name: 'ci', role: 'operator', connections: null, anonymous: false },
    });
    expect(authenticator.authenticate('bearer read-only')).toEqual({
      ok: true,
      principal: { name: 'ro', role: 'viewer', connections: new Set(['whm']), anonymous: false },
    });
  });

  it('says why a request has no caller', () => {
    expect(authenticator.authenticate(null)).toEqual({ ok: false, reason: 'missing' });
    expect(authenticator.authenticate('')).toEqual({ ok: false, reason: 'missing' });
    expect(authenticator.authenticate('Bearer s3cret-tokeN')).toEqual({ ok: false, reason: 'invalid' });
    expect(authenticator.authenticate('Bearer ')).toEqual({ ok: false, reason: 'malformed' });
    expect(authenticator.authenticate('Token s3cret-token')).toEqual({ ok: false, reason: 'malformed' });
    expect(authenticator.authenticate('Bearer two words')).toEqual({ ok: false, reason: 'malformed' });
    expect(authenticator.authenticate(`Bearer ${'x'.repeat(10_000)}`)).toEqual({ ok: false, reason: 'malformed' });
  });
});

function startMain(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  ready: Promise<string>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, MAIN_ENTRY(), {
    env: { ...process.env, PORT: '0', DATABASE_URL: '', IDP_GATEWAY_CONFIG: '', NODE_ENV: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(?:GraphiQL|GraphQL):\s+(\S+)/.exec(out);
      if (match && /Access:/.test(out)) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`gateway exited with ${code}:\n${out}`)));
  });
  ready.catch(() => {});
  return { child, output: () => out, ready, exited };
}

describe('npm start', () => {
  it('refuses to start the sandbox beyond loopback, saying why', async () => {
    const main = startMain({ HOST: '0.0.0.0', IDP_GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'idpgw-sec-')) });
    expect(await main.exited).toBe(1);
    expect(main.output()).toMatch(
      /HOST=0\.0\.0\.0: without a config file the gateway runs the sandbox, where every request is an anonymous admin/,
    );
  }, 30_000);

  describe('with a config file in production', () => {
    let emulator: CpanelEmulator;
    let main: ReturnType<typeof startMain>;
    let url: string;

    beforeAll(async () => {
      emulator = await startWhm(WHM_TOKEN);
      const dir = mkdtempSync(join(tmpdir(), 'idpgw-sec-'));
      const file = join(dir, 'gateway.json');
      writeFileSync(
        file,
        JSON.stringify({
          production: true,
          connections: [{ ...CONNECTION, baseUrl: emulator.url }],
          tokens: [
            { name: 'ops', sha256: HASH, role: 'admin' },
            { name: 'dash', sha256: tokenSha256('dashboard'), role: 'viewer' },
          ],
        }),
      );
      main = startMain({ IDP_GATEWAY_CONFIG: file, IDP_GATEWAY_DATA_DIR: seededDataDir(join(dir, '.data')), WHM_TOKEN, HOST: '127.0.0.1' });
      url = await main.ready;
    }, 60_000);
    afterAll(async () => {
      if (main?.child.exitCode === null) {
        main.child.kill('SIGTERM');
        await main.exited;
      }
      await emulator?.close();
    });

    it('says in its banner that tokens are required and GraphiQL is off', () => {
      expect(main.output()).toMatch(/GraphQL:\s+http:\/\/127\.0\.0\.1:\d+\/graphql \(GraphiQL off: production\)/);
      expect(main.output()).toMatch(/Access:\s+API token required \(1 admin, 0 operator, 1 viewer\)/);
      expect(main.output()).toMatch(/Production:\s+on \(introspection off, GraphiQL off\)/);
    });

    it('answers 401 without a token, and the token holder by its name', async () => {
      const post = (headers: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ caller { name role } }' }),
        });
      expect((await post({})).status).toBe(401);
      const res = await post({ authorization: 'Bearer dashboard' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { caller: { name: 'dash', role: 'VIEWER' } } });
      const html = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
      expect(html).not.toContain('<div id="root">');
    });
  });
});
