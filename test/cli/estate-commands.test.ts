// `idp-gateway export | plan | apply` as a CI runner uses them: the real bin against a gateway on the sandbox
// over loopback HTTP. Bad usage, an unreachable gateway, document problems with their lines, the saved plan
// file, the refusal to apply without a terminal, tokens and roles, and never a secret value in the output.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSandbox } from '../../src/emulation/sandbox.js';
import { apiToken, startHarness } from '../support/harness.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { serve, servedForSuite } from '../support/serve.js';
import { PGLITE } from '../support/stores.js';
import { suiteValue } from '../support/suite-value.js';
import { runCli } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'idpgw-estate-cli-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const SECRET_VALUE = 'estate-cli-secret-value-8841';

/** A loopback URL nothing listens on (a port just freed). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

describe('the estate commands', () => {
  it('answer bad usage with the usage (plan: exit 1, as 2 means changes; apply: exit 2)', async () => {
    const [planNoFile, applyBoth, applyNone, applyParallel, applySavedApprove, help, planHelp, applyHelp] = await Promise.all([
      runCli(['plan']),
      runCli(['apply', 'plan.json', '-f', 'estate.yaml']),
      runCli(['apply']),
      runCli(['apply', '-f', 'estate.yaml', '--parallelism', '0']),
      runCli(['apply', 'plan.json', '--auto-approve']),
      runCli(['--help']),
      runCli(['plan', '--help']),
      runCli(['apply', '--help']),
    ]);
    expect(planNoFile).toMatchObject({ code: 1, stdout: '' });
    expect(planNoFile.stderr).toMatch(/^idp-gateway plan: -f <document> is required\n\nUsage: idp-gateway plan -f <document>/);
    expect(applyBoth).toMatchObject({ code: 2, stdout: '' });
    expect(applyBoth.stderr).toContain('give either <plan.json> or -f <document>, not both');
    expect(applyNone.stderr).toContain('missing <plan.json> or -f <document>');
    expect(applyParallel).toMatchObject({ code: 2 });
    expect(applyParallel.stderr).toContain('--parallelism must be a whole number from 1, not "0"');
    expect(applySavedApprove).toMatchObject({ code: 2 });
    for (const name of ['export', 'plan', 'apply']) expect(help.stdout).toContain(`\n  ${name} `);
    // The JSON contract is documented where scripts look for it.
    expect(planHelp).toMatchObject({ code: 0, stderr: '' });
    expect(planHelp.stdout).toContain('JSON (--json), stable for scripts: the EstatePlan object');
    expect(applyHelp.stdout).toContain('JSON (--json), stable for scripts: { plan, report }');
  });

  it('fail with exit 1 when the gateway cannot be reached', async () => {
    const document = file('unreachable.yaml', 'version: 1\nconnections: {}\n');
    const url = await closedPortUrl();
    const result = await runCli(['plan', '-f', document, '--url', url]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`idp-gateway plan: cannot reach the gateway at ${url}: connect ECONNREFUSED ${new URL(url).host}\n`);
  });

  describe('on the sandbox', () => {
    const g = sandboxGateway();
    const served = servedForSuite(g);
    const env = () => ({ IDP_GATEWAY_URL: `${served.url}/graphql`, IDP_GATEWAY_TOKEN: '' });

    it('export writes the document as YAML, as JSON with --json, or to --out', async () => {
      const [yaml, json] = await Promise.all([runCli(['export'], env()), runCli(['export', '--json'], env())]);
      expect(yaml).toMatchObject({ code: 0, stderr: '' });
      expect(parse(yaml.stdout)).toMatchObject({ version: 1 });
      expect(json).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(json.stdout)).toEqual(parse(yaml.stdout));
      const out = join(dir, 'exported.yaml');
      const written = await runCli(['export', '--out', out], env());
      expect(written).toMatchObject({ code: 0, stdout: '' });
      expect(written.stderr).toMatch(/^Exported \d+ providers? to .*exported\.yaml\.\n$/);
      expect(readFileSync(out, 'utf8')).toBe(yaml.stdout);
    });

    it('export narrows to --vendor and --connection', async () => {
      const slashid = g.sandbox.config.connections.find((connection) => connection.vendor === 'slashid')!.id;
      const [byVendor, byConnection] = await Promise.all([
        runCli(['export', '--json', '--vendor', 'slashid'], env()),
        runCli(['export', '--json', '--connection', slashid, '--connection', 'whm-sandbox'], env()),
      ]);
      expect(byVendor).toMatchObject({ code: 0, stderr: '' });
      expect(Object.keys(JSON.parse(byVendor.stdout).connections)).toEqual([slashid]);
      expect(byConnection).toMatchObject({ code: 0, stderr: '' });
      expect(Object.keys(JSON.parse(byConnection.stdout).connections)).toContain(slashid);
      expect(Object.keys(JSON.parse(byConnection.stdout).connections).every((id) => id === slashid || id === 'whm-sandbox')).toBe(true);
    });

    it('plan of the export shows no changes (exit 0), as text and as the API plan object with --json', async () => {
      const exported = (await runCli(['export', '--out', join(dir, 'estate.yaml')], env())).code;
      expect(exported).toBe(0);
      const text = await runCli(['plan', '-f', join(dir, 'estate.yaml')], env());
      expect(text).toMatchObject({ code: 0, stderr: '' });
      expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. The estate matches the document.');
      const json = await runCli(['plan', '-f', join(dir, 'estate.yaml'), '--json'], env());
      expect(json).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(json.stdout)).toMatchObject({
        hasChanges: false,
        fromCache: false,
        summary: { creates: 0, updates: 0, deletes: 0 },
      });
      const cached = await runCli(['plan', '-f', join(dir, 'estate.yaml'), '--from-cache'], env());
      expect(cached).toMatchObject({ code: 0, stderr: '' });
      expect(cached.stdout).toMatch(/^Planned from cached snapshots/);
    });

    it('plan lists every document problem with its place on stderr (exit 1), and never prints a secret', async () => {
      const document = file(
        'problems.yaml',
        [
          'version: 1',
          'connections:',
          '  no-such-connection:',
          '    providers:',
          '      p:',
          '        clientSecret: { env: ESTATE_CLI_SECRET }',
          '',
        ].join('\n'),
      );
      const result = await runCli(['plan', '-f', document], { ...env(), ESTATE_CLI_SECRET: SECRET_VALUE });
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^idp-gateway plan: the document has \d+ problems?; nothing was read or written:\n/);
      expect(result.stderr).toMatch(/\n {2}connections\.no-such-connection \(line 3:3\): .+\n/);
      expect(result.stderr).not.toContain(SECRET_VALUE);
    });

    it('plan reports a file that is not YAML before sending it (exit 1)', async () => {
      const result = await runCli(['plan', '-f', file('broken.yaml', 'version: 1\nconnections: [\n')], env());
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^idp-gateway plan: broken\.yaml \(line \d+:\d+\): /);
    });

    it('plan --out saves the plan, and apply <plan.json> applies it; apply -f without changes stops after the plan', async () => {
      const document = join(dir, 'estate.yaml');
      const planFile = join(dir, 'saved', 'plan.json');
      await runCli(['export', '--out', document], env());
      mkdirSync(join(dir, 'saved'), { recursive: true });
      const planned = await runCli(['plan', '-f', document, '--out', planFile], env());
      expect(planned).toMatchObject({ code: 0, stderr: '' });
      expect(planned.stdout).toContain(`Saved the plan to ${planFile}`);
      const saved = JSON.parse(readFileSync(planFile, 'utf8'));
      expect(saved).toMatchObject({
        format: 'idp-gateway estate plan',
        formatVersion: 1,
        url: `${served.url}/graphql`,
        document: '../estate.yaml',
      });
      // The saved plan's URL is used (IDP_GATEWAY_URL does not lead elsewhere; only --url would).
      const again = await runCli(['apply', planFile], { IDP_GATEWAY_URL: await closedPortUrl(), IDP_GATEWAY_TOKEN: '' });
      expect(again).toMatchObject({ code: 0, stderr: '' });
      expect(again.stdout).toMatch(new RegExp(`^Applying the plan ${saved.planId} saved in `));
      expect(again.stdout).toMatch(/\nChange set \S+ \(every audit event/);
      expect(again.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Apply: \d+ applied, 0 failed, 0 not attempted/);
      const direct = await runCli(['apply', '-f', document], env());
      expect(direct).toMatchObject({ code: 0, stderr: '' });
      expect(direct.stdout).toBe('No changes. The estate matches the document.\n');
    });
  });

  describe('with API tokens', () => {
    const viewer = apiToken('estate-viewer', 'viewer');
    const g = suiteValue(
      async () => {
        const [store, sandbox] = await Promise.all([PGLITE.open(), startSandbox({})]);
        const harness = await startHarness({ store, config: { ...sandbox.config, tokens: [viewer.config] } });
        const server = await serve(harness);
        return { store, sandbox, harness, url: `${server.url}/graphql`, server };
      },
      async ({ store, sandbox, harness, server }) => {
        await server.close();
        await harness.close();
        await sandbox.close();
        await store.close();
      },
    );

    it('sends IDP_GATEWAY_TOKEN as a bearer token; a viewer plans, applying needs an operator', async () => {
      const document = file('tokens.yaml', 'version: 1\nconnections: {}\n');
      const anonymous = await runCli(['plan', '-f', document], { IDP_GATEWAY_URL: g.url, IDP_GATEWAY_TOKEN: '' });
      expect(anonymous).toMatchObject({ code: 1, stdout: '' });
      expect(anonymous.stderr).toMatch(/^idp-gateway plan: the gateway refused the request.*set IDP_GATEWAY_TOKEN/);
      const planned = await runCli(['plan', '-f', document, '--out', join(dir, 'viewer-plan.json')], {
        IDP_GATEWAY_URL: g.url,
        IDP_GATEWAY_TOKEN: viewer.token,
      });
      expect(planned).toMatchObject({ code: 0, stderr: '' });
      const applied = await runCli(['apply', join(dir, 'viewer-plan.json')], { IDP_GATEWAY_TOKEN: viewer.token });
      expect(applied).toMatchObject({ code: 1 });
      expect(applied.stderr).toMatch(/^idp-gateway apply: forbidden: .*\(needs the operator role\)\n$/);
      for (const output of [anonymous, planned, applied]) expect(output.stdout + output.stderr).not.toContain(viewer.token);
    });
  });
});
