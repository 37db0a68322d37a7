// The bin's dispatch (usage, --help, exit codes) and print-schema.
import { describe, expect, it } from 'vitest';
import { printGatewaySchema } from '../../src/graphql/schema.js';
import { runCli } from './support.js';

describe('idp-gateway', () => {
  it('prints the usage for --help (exit 0), and on stderr for no command or an unknown one (exit 2)', async () => {
    const [help, none, unknown, commandHelp, badOption] = await Promise.all([
      runCli(['--help']),
      runCli([]),
      runCli(['frobnicate']),
      runCli(['check-config', '--help']),
      runCli(['migrate', '--force']),
    ]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    for (const name of ['start', 'migrate', 'check-config', 'print-schema', 'hash-token']) expect(help.stdout).toContain(`\n  ${name}`);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toContain('Usage: idp-gateway <command>');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^Unknown command "frobnicate"\.\n\nUsage: idp-gateway <command>/);
    expect(commandHelp).toMatchObject({ code: 0, stderr: '' });
    expect(commandHelp.stdout).toMatch(/^Usage: idp-gateway check-config <file>\n/);
    expect(badOption).toMatchObject({ code: 2, stdout: '' });
    expect(badOption.stderr).toMatch(/^idp-gateway migrate: Unknown option '--force'/);
    expect(badOption.stderr).toContain('Usage: idp-gateway migrate');
  });

  it('print-schema writes exactly the schema SDL to stdout', async () => {
    const result = await runCli(['print-schema']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(printGatewaySchema());
  });
});
