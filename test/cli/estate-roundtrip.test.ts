// The estate workflow through the CLI on the sandbox, as issue 14's proof runs it: export -> plan (exit 0, "No
// changes") -> edit (a field and a new provider with an env secret) -> plan (exit 2) -> apply --auto-approve ->
// plan (exit 0); and a saved plan whose target moved meanwhile is refused, naming the target. No secret value
// is ever printed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { servedForSuite } from '../support/serve.js';
import { runCli } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'idpgw-estate-roundtrip-'));
const NEW_SECRET = 'roundtrip-client-secret-5519';

// Each test runs five to eight CLI processes against the gateway: on two busy cores that is more than the default 30 s.
describe('export, plan and apply through the CLI on the sandbox', { timeout: 90_000 }, () => {
  const g = sandboxGateway({ connection: { minRefreshIntervalSeconds: 0 } });
  const served = servedForSuite(g);
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ IDP_GATEWAY_URL: `${served.url}/graphql`, IDP_GATEWAY_TOKEN: '', ...extra });
  const slashidConnection = () => g.sandbox.config.connections.find((connection) => connection.vendor === 'slashid')!.id;

  /** A fresh export in a file; the path and, for edits, the parsed document and the SlashID connection's first provider key. */
  const exportTo = async (name: string) => {
    const path = join(dir, name);
    const result = await runCli(['export', '--out', path], env());
    expect(result.code, result.stderr).toBe(0);
    const document = parseDocument(readFileSync(path, 'utf8'));
    const providers = document.getIn(['connections', slashidConnection(), 'providers']) as { items: Array<{ key: { value: string } }> };
    return { path, document, key: providers.items.map((pair) => pair.key.value).sort()[0]! };
  };

  it('plans the export with no changes, the edits with exit 2, applies them, and plans clean again', async () => {
    const exported = await exportTo('estate.yaml');
    const clean = await runCli(['plan', '-f', exported.path], env());
    expect(clean).toMatchObject({ code: 0, stderr: '', stdout: 'No changes. The estate matches the document.\n' });

    const connection = slashidConnection();
    exported.document.setIn(['connections', connection, 'providers', exported.key, 'label'], 'Edited through the CLI');
    exported.document.setIn(['connections', connection, 'providers', 'cli-roundtrip-client'], {
      provider: 'GITHUB',
      label: 'Created through the CLI',
      clientSecret: { env: 'ROUNDTRIP_SECRET' },
    });
    const edited = join(dir, 'edited.yaml');
    writeFileSync(edited, exported.document.toString());
    const secretEnv = env({ ROUNDTRIP_SECRET: NEW_SECRET });

    const planned = await runCli(['plan', '-f', edited], secretEnv);
    expect(planned).toMatchObject({ code: 2, stderr: '' });
    const lines = planned.stdout.split('\n');
    expect(lines).toContain(`~ connections.${connection}.providers.${exported.key} will be updated (slashid: updateSlashIdOidcCredential)`);
    expect(lines).toContain(
      `+ connections.${connection}.providers.cli-roundtrip-client will be created (slashid: createSlashIdOidcCredential)`,
    );
    expect(lines).toContain('    clientSecret: (secret changed)');
    expect(lines.some((line) => /^ {4}\S+: ".*" -> "Edited through the CLI"$/.test(line))).toBe(true);
    expect(lines.filter((line) => line.startsWith('    request: ')).length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-2)).toMatch(/^Plan: 1 to create, 1 to update, 0 to delete, \d+ unchanged\.$/);

    const json = await runCli(['plan', '-f', edited, '--json'], secretEnv);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ hasChanges: true, summary: { creates: 1, updates: 1, deletes: 0 } });

    const refused = await runCli(['apply', '-f', edited], secretEnv);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Plan: 1 to create, 1 to update');
    expect(refused.stderr).toMatch(/^idp-gateway apply: nothing was applied: there is no terminal to confirm on/);

    const applied = await runCli(['apply', '-f', edited, '--auto-approve'], secretEnv);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout).toContain(`  APPLIED        ~ connections.${connection}.providers.${exported.key}\n`);
    expect(applied.stdout).toContain(`  APPLIED        + connections.${connection}.providers.cli-roundtrip-client\n`);
    expect(applied.stdout).toMatch(/\nApply: 2 applied, 0 failed, 0 not attempted, \d+ unchanged\.\n$/);

    const after = await runCli(['plan', '-f', edited], secretEnv);
    expect(after).toMatchObject({ code: 0, stdout: 'No changes. The estate matches the document.\n' });
    const reexported = await runCli(['export'], env());
    expect(reexported.stdout).toContain('cli-roundtrip-client:');

    for (const output of [planned, json, refused, applied, after, reexported])
      expect(output.stdout + output.stderr).not.toContain(NEW_SECRET);
  });

  it('refuses a saved plan whose target moved since, naming it, and writes nothing', async () => {
    const exported = await exportTo('moving.yaml');
    const connection = slashidConnection();
    const target = ['connections', connection, 'providers', exported.key, 'label'];
    exported.document.setIn(target, 'Planned label');
    const planned = join(dir, 'planned.yaml');
    writeFileSync(planned, exported.document.toString());
    const planFile = join(dir, 'planned.json');
    expect((await runCli(['plan', '-f', planned, '--out', planFile], env())).code).toBe(2);
    const savedItem = JSON.parse(readFileSync(planFile, 'utf8')).items.find((item: { key: string }) => item.key === exported.key);
    expect(savedItem).toMatchObject({ connectionId: connection, action: 'UPDATE', version: expect.any(String) });

    exported.document.setIn(target, 'Moved by someone else');
    const moving = join(dir, 'moved.yaml');
    writeFileSync(moving, exported.document.toString());
    expect((await runCli(['apply', '-f', moving, '--auto-approve'], env())).code).toBe(0);

    const refused = await runCli(['apply', planFile], env());
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.stderr).toMatch(/^idp-gateway apply: nothing was applied: 1 target changed since the plan was made:\n/);
    expect(refused.stderr).toContain(`\n  ${connection}/${exported.key}: planned at version ${savedItem.version}, it is now at `);
    const now = await runCli(['plan', '-f', moving], env());
    expect(now).toMatchObject({ code: 0 });
  });
});
