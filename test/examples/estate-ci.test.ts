// examples/estate/ci.sh as a CI runner runs it: `sh ci.sh plan` on a pull request and `sh ci.sh apply [plan.json]` on
// a merge, with the real CLI (node bin/idp-gateway.js) against a gateway listening on loopback over the sandbox.
// The committed examples/estate/estate.yaml plans clean; an edited copy plans as changes (exit 0, not a failure);
// the merge applies them; the next pull request plans clean again. A failed plan and a moved plan fail the job.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Document as YamlDocument, parseDocument } from 'yaml';
import { BIN, type CliResult, runProcess } from '../cli/support.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { servedForSuite } from '../support/serve.js';

const SCRIPT = 'examples/estate/ci.sh';
const COMMITTED = 'examples/estate/estate.yaml';
/** Distinctive, so that any leak into the job's output is found. */
const ROTATED_SECRET = 'ci-rotated-walrus-8841';
const NO_CHANGES = 'No changes. The estate matches the document.\n';

const dir = mkdtempSync(join(tmpdir(), 'idpgw-estate-ci-'));

// Each test starts the CLI three to five times (a node process each): seconds alone, but once past 30 s under a loaded
// machine, so 90 s as the other CLI suites.
describe('examples/estate/ci.sh against the sandbox', { timeout: 90_000 }, () => {
  const g = sandboxGateway({ connection: { minRefreshIntervalSeconds: 0 } });
  const served = servedForSuite(g);

  /** The job, as CI runs it: `sh ci.sh <args>` in the folder `cwd`, the CLI from this repository. */
  const runJob = (args: string[], options: { cwd: string; document: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> =>
    runProcess('sh', [join(process.cwd(), SCRIPT), ...args], {
      cwd: options.cwd,
      env: {
        ...process.env,
        DATABASE_URL: '',
        IDP_GATEWAY_CONFIG: '',
        IDP_GATEWAY_URL: `${served.url}/graphql`,
        IDP_GATEWAY_TOKEN: '',
        IDP_GATEWAY_CLI: `${process.execPath} ${join(process.cwd(), BIN)}`,
        ESTATE_DOCUMENT: options.document,
        ...options.env,
      },
    });

  /** The saved plan's items, by action. */
  const savedActions = (cwd: string) => {
    const saved = JSON.parse(readFileSync(join(cwd, 'plan.json'), 'utf8')) as { items: Array<{ action: string; documentPath: string }> };
    const count = (action: string) => saved.items.filter((item) => item.action === action).length;
    return { saved, count };
  };

  /** A copy of the committed document in a folder of its own (a checkout of the pull request), edited by `edit`. */
  const editedCopy = (name: string, edit: (document: YamlDocument) => void) => {
    const cwd = mkdtempSync(join(dir, `${name}-`));
    const document = parseDocument(readFileSync(COMMITTED, 'utf8'));
    edit(document);
    writeFileSync(join(cwd, 'estate.yaml'), document.toString());
    return cwd;
  };

  /** The edits of the first pull request: merged in the second test, so every later branch starts from them. */
  const mergedEdits = (document: YamlDocument) => {
    document.setIn(['connections', 'twosms-sandbox', 'providers', 0, 'name'], 'Northwind Traders SSO (2026)');
    document.setIn(['connections', 'huawei-sandbox', 'providers', 'okta-workforce', 'description'], 'Okta workforce SSO, console only');
    document.setIn(['connections', 'akamai-sandbox', 'providers', 1, 'title'], 'Contoso Workforce');
    document.setIn(['connections', 'slashid-sandbox', 'providers', 'Iv1.8a61f9b3a7aba766', 'label'], 'GitHub (all staff)');
  };
  /** A branch made after that merge. */
  const afterMerge = (edit: (document: YamlDocument) => void) => (document: YamlDocument) => {
    mergedEdits(document);
    edit(document);
  };

  it('plans the committed document with no changes: exit 0, the plan saved', async () => {
    const cwd = mkdtempSync(join(dir, 'committed-'));
    copyFileSync(COMMITTED, join(cwd, 'estate.yaml'));
    const job = await runJob(['plan'], { cwd, document: 'estate.yaml' });
    expect(job.stderr).toBe('');
    expect(job.code).toBe(0);
    expect(job.stdout).toContain(NO_CHANGES);
    expect(job.stdout).toMatch(/\nestate: no changes: the live estate matches estate\.yaml\.\n$/);
    // The sandbox's other cPanel modules are not named: listed, left alone.
    expect(job.stdout).toContain('? connections.whm-sandbox.providers.slack (cpanel) is not in the document: left alone (unmanaged)');
    const { count } = savedActions(cwd);
    expect(count('NO_OP')).toBe(15);
    expect(count('UPDATE') + count('CREATE') + count('DELETE')).toBe(0);
  });

  it('a pull request with edits: the changes printed and kept as a plan, exit 0; the merge applies; the next plan is clean', async () => {
    const cwd = editedCopy('edited', mergedEdits);
    // The rotation: the CI's secret store sets the variable the document references.
    const env = { IDP_AKAMAI_CONTOSO_CLIENT_SECRET: ROTATED_SECRET };

    const pullRequest = await runJob(['plan'], { cwd, document: 'estate.yaml', env });
    expect(pullRequest.stderr).toBe('');
    expect(pullRequest.code).toBe(0);
    const lines = pullRequest.stdout.split('\n');
    expect(lines).toContain('~ connections.twosms-sandbox.providers[0] will be updated (twosms: updateTwoSmsIdentityProvider)');
    expect(lines).toContain('~ connections.huawei-sandbox.providers.okta-workforce will be updated (huawei: updateHuaweiIdentityProvider)');
    expect(lines).toContain('~ connections.akamai-sandbox.providers[1] will be updated (akamai: updateAkamaiCustomProvider)');
    expect(lines).toContain(
      '~ connections.slashid-sandbox.providers.Iv1.8a61f9b3a7aba766 will be updated (slashid: updateSlashIdOidcCredential)',
    );
    expect(lines).toContain('    clientSecret: (secret changed)');
    expect(lines).toContain('Plan: 0 to create, 4 to update, 0 to delete, 11 unchanged, 3 unmanaged.');
    expect(lines).toContain("estate: changes planned (above); the plan is saved in plan.json: keep it as the job's artifact.");
    expect(savedActions(cwd).count('UPDATE')).toBe(4);

    const merge = await runJob(['apply'], { cwd, document: 'estate.yaml', env });
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(0);
    expect(merge.stdout).toContain('  APPLIED        ~ connections.akamai-sandbox.providers[1]\n');
    expect(merge.stdout).toMatch(/\nApply: 4 applied, 0 failed, 0 not attempted, \d+ unchanged\.\n/);
    expect(merge.stdout).toMatch(/\nestate: done: the live estate matches estate\.yaml\.\n$/);

    // Read fresh from every vendor: the edits and the rotated secret (by fingerprint) are there now.
    const next = await runJob(['plan'], { cwd, document: 'estate.yaml', env });
    expect(next.code).toBe(0);
    expect(next.stdout).toContain(NO_CHANGES);
    expect(savedActions(cwd).count('UPDATE')).toBe(0);

    for (const job of [pullRequest, merge, next]) expect(job.stdout + job.stderr).not.toContain(ROTATED_SECRET);
  });

  it('a merge applies the plan saved on the pull request, and refuses it once a target moved', async () => {
    const cwd = editedCopy(
      'saved',
      afterMerge((document) => {
        document.setIn(['connections', 'huawei-sandbox', 'providers', 'adfs-legacy', 'description'], 'On-premises ADFS, retired in June');
      }),
    );
    expect((await runJob(['plan'], { cwd, document: 'estate.yaml' })).code).toBe(0);
    const { saved } = savedActions(cwd);
    expect(saved.items.filter((item) => item.action === 'UPDATE').map((item) => item.documentPath)).toEqual([
      'connections.huawei-sandbox.providers.adfs-legacy',
    ]);
    const applied = await runJob(['apply', 'plan.json'], { cwd, document: 'estate.yaml' });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/\nestate: done: the plan in plan\.json is applied\.\n$/);

    // Planned again on a second branch, then the provider moves (the first branch's merge): the saved plan is refused.
    const second = editedCopy(
      'moved',
      afterMerge((document) => {
        document.setIn(['connections', 'huawei-sandbox', 'providers', 'adfs-legacy', 'description'], 'On-premises ADFS, retired in July');
      }),
    );
    expect((await runJob(['plan'], { cwd: second, document: 'estate.yaml' })).code).toBe(0);
    const mover = editedCopy(
      'mover',
      afterMerge((document) => {
        document.setIn(['connections', 'huawei-sandbox', 'providers', 'adfs-legacy', 'description'], 'On-premises ADFS, retired in June');
        document.setIn(['connections', 'huawei-sandbox', 'providers', 'adfs-legacy', 'enabled'], true);
      }),
    );
    expect((await runJob(['apply'], { cwd: mover, document: 'estate.yaml' })).code).toBe(0);
    const refused = await runJob(['apply', 'plan.json'], { cwd: second, document: 'estate.yaml' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('huawei-sandbox/adfs-legacy: planned at version');
    expect(refused.stderr).toContain('estate: apply failed (exit 1)');
  });

  it('fails the job when the plan fails (exit 1), and never mistakes it for changes', async () => {
    const cwd = editedCopy('broken', (document) => {
      document.setIn(['connections', 'twosms-sandbox', 'providers', 0, 'loginUrl'], 'http://idp.northwind.example/saml2/sso');
    });
    const job = await runJob(['plan'], { cwd, document: 'estate.yaml' });
    expect(job.code).toBe(1);
    expect(job.stderr).toMatch(/connections\.twosms-sandbox\.providers\[0\]\.loginUrl \(line \d+:\d+\): /);
    expect(job.stderr).toMatch(/\nestate: planning failed \(exit 1\): nothing was planned\.\n$/);
    expect(existsSync(join(cwd, 'plan.json'))).toBe(false);

    const usage = await runJob(['deploy'], { cwd, document: 'estate.yaml' });
    expect(usage.code).toBe(64);
  });
});
