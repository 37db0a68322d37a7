// examples/rotate-client-secret.ts as a user runs it: a child process against a real listening gateway on
// the sandbox (real Akamai emulator over HTTP, in-memory PGlite), with an operator API token. The vendor's
// own API says which secret it holds; the store says which audit rows were written.
import { spawn } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/store/tables.js';
import { sampleProviders } from '../../src/vendors/akamai/emulator/sandbox.js';
import { TOKEN_SCOPE } from '../../src/vendors/akamai/wire.js';
import { apiToken } from '../support/harness.js';
import { type LiveGateway, startLiveGateway } from '../support/live-gateway.js';

const CONNECTION = 'akamai-sandbox';
const OIDC = sampleProviders().find((provider) => provider.protocol === 'openidconnect')!;
/** Distinctive, so that any leak into the output is found. */
const FIRST_SECRET = 'rotated-walrus-7Q2x-first';
const SECOND_SECRET = 'rotated-walrus-9K4z-second';
const bot = apiToken('rotation-bot', 'operator');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let live: LiveGateway;
let providerId: string;

function runScript(args: string[], options: { secret?: string; stdin?: string } = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/rotate-client-secret.ts', ...args], {
    env: { ...process.env, GATEWAY_URL: live.url, GATEWAY_TOKEN: bot.token, NEW_CLIENT_SECRET: options.secret ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** The provider as the Akamai API itself returns it (client_secret in clear), with the sandbox's credentials. */
async function atVendor(): Promise<{ client_secret: string; updatedAt: string }> {
  const config = live.gateway.services.connections.get(CONNECTION).config as Record<string, string>;
  const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
  const tokenResponse = await fetch(`${config.baseUrl}/${config.customerId}/login/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&scope=${TOKEN_SCOPE}`,
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const path = `/${config.customerId}/v2/config/low/services/engage-v2/apps/${config.appId}/custom-providers/${OIDC.id}`;
  const response = await fetch(`${config.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { client_secret: string; updatedAt: string };
}

async function auditRows() {
  const rows = await live.gateway.services.db
    .select({ id: auditEvents.id, status: auditEvents.status, actor: auditEvents.actor })
    .from(auditEvents)
    .where(and(eq(auditEvents.connectionId, CONNECTION), eq(auditEvents.providerKey, OIDC.id!)));
  const count = (status: string) => rows.filter((row) => row.status === status).length;
  return { rows, count };
}

/** The JSON the script prints under "5. Audit event". */
function printedAuditEvent(stdout: string): {
  id: string;
  status: string;
  actor: string;
  changes: Array<{ path: string; secret: boolean }>;
} {
  return JSON.parse(stdout.slice(stdout.indexOf('5. Audit event') + '5. Audit event'.length));
}

function expectNoSecretIn(run: Run): void {
  for (const secret of [FIRST_SECRET, SECOND_SECRET, OIDC.client_secret!]) {
    expect(run.stdout + run.stderr).not.toContain(secret);
  }
}

beforeAll(async () => {
  live = await startLiveGateway({ tokens: [bot.config] });
  const response = await fetch(live.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bot.token}` },
    body: JSON.stringify({
      query: '{ identityProviders(vendor: AKAMAI) { edges { node { ... on ManagedIdentityProvider { id key } } } } }',
    }),
  });
  const body = (await response.json()) as { data: { identityProviders: { edges: Array<{ node: { id: string; key: string } }> } } };
  providerId = body.data.identityProviders.edges.find((edge) => edge.node.key === OIDC.id)!.node.id;
});

afterAll(async () => {
  await live?.close();
});

describe('examples/rotate-client-secret.ts', () => {
  let firstRun: Run;

  it('plans, applies, verifies and prints the audit event; the vendor then holds the new secret', async () => {
    expect((await atVendor()).client_secret).toBe(OIDC.client_secret);
    firstRun = await runScript(['--provider-id', providerId, '--idempotency-key', 'rotation-test-1'], { secret: FIRST_SECRET });
    expect(firstRun.stderr).toBe('');
    expect(firstRun.code).toBe(0);
    const out = firstRun.stdout;
    expect(out).toContain('"Contoso Workforce OIDC" (AkamaiCustomProvider');
    expect(out).toMatch(/audit event \S+ DRY_RUN/);
    expect(out).toContain('change: clientSecret: changes (a secret: the values are never shown)');
    expect(out).toMatch(/request: PATCH \/.+\/custom-providers\/7fad4d59-5ad7-44ee-801a-6d126fa3737c/);
    expect(out).toContain('"authorization":"[REDACTED]"');
    expect(out).toContain('body    {"client_secret":"[REDACTED]"}');
    expect(out).toMatch(/applied: audit event \S+ SUCCEEDED/);
    expect(out.match(/^ {3}ok {3}/gm)).toHaveLength(5);
    expect(out).not.toContain('FAIL');
    const event = printedAuditEvent(out);
    expect(event).toMatchObject({ status: 'SUCCEEDED', actor: 'rotation-bot' });
    expect(event.changes).toContainEqual(expect.objectContaining({ path: 'clientSecret', secret: true }));
    expectNoSecretIn(firstRun);

    expect((await atVendor()).client_secret).toBe(FIRST_SECRET);
    const { rows, count } = await auditRows();
    expect(count('DRY_RUN')).toBe(1);
    expect(count('SUCCEEDED')).toBe(1);
    expect(rows.find((row) => row.status === 'SUCCEEDED')).toEqual({ id: event.id, status: 'SUCCEEDED', actor: 'rotation-bot' });
  });

  it('does not rotate twice when run again with the same idempotency key', async () => {
    const vendorBefore = await atVendor();
    const firstEventId = printedAuditEvent(firstRun.stdout).id;

    // Read again: the dry run finds nothing to change, so nothing is applied.
    const again = await runScript(['--provider-id', providerId, '--idempotency-key', 'rotation-test-1'], { secret: FIRST_SECRET });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('change: no change');
    expect(again.stdout).toContain('Nothing to do: the provider already has this client secret');
    expect(again.stdout).not.toContain('3. Apply');

    // The retry the first run printed (same key, same expected version): the gateway replays the first result.
    const retryArgs = /To retry this very change: (.+)$/m.exec(firstRun.stdout)![1]!.split(' ');
    const retry = await runScript(['--provider-id', providerId, ...retryArgs], { secret: FIRST_SECRET });
    expect(retry.stderr).toBe('');
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain('2. Dry run: skipped');
    expect(retry.stdout).toContain(
      `replayed (the stored result of the first request with this key; nothing sent again): audit event ${firstEventId} SUCCEEDED`,
    );
    expect(printedAuditEvent(retry.stdout).id).toBe(firstEventId);
    expectNoSecretIn(again);
    expectNoSecretIn(retry);

    // No second write reached the vendor (Akamai stamps updatedAt on every write) and no second row was made.
    expect(await atVendor()).toEqual(vendorBefore);
    const { count } = await auditRows();
    expect(count('SUCCEEDED')).toBe(1);
    expect(count('DRY_RUN')).toBe(2);
  });

  it('refuses the same key with another secret, and a stale version, and sends nothing', async () => {
    const vendorBefore = await atVendor();
    const reused = await runScript(['--provider-id', providerId, '--idempotency-key', 'rotation-test-1', '--secret-stdin'], {
      stdin: `${SECOND_SECRET}\n`,
    });
    expect(reused.code).toBe(1);
    expect(reused.stderr).toContain('IdempotencyKeyReuseError: refused, nothing sent');

    const firstVersion = /--expected-version (\S+)/.exec(firstRun.stdout)![1]!;
    const stale = await runScript(
      ['--provider-id', providerId, '--idempotency-key', 'rotation-test-2', '--expected-version', firstVersion],
      { secret: SECOND_SECRET },
    );
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /VersionConflictError: refused, nothing sent: the provider moved on from version \S+ to \S+ \(changed since: clientSecret: changes/,
    );
    expectNoSecretIn(reused);
    expectNoSecretIn(stale);

    expect(await atVendor()).toEqual(vendorBefore);
    expect((await auditRows()).count('SUCCEEDED')).toBe(1);
  });

  it('never takes the secret from the command line', async () => {
    const run = await runScript(['--provider-id', providerId, `--client-secret=${SECOND_SECRET}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the secret is never taken from the command line');
    expect(run.stdout).toBe('');
  });
});
