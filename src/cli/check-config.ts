// `idp-gateway check-config <file>`: the gateway's own validation of a config file, every problem at once.
import type { GatewayConfig } from '../config.js';
import { type ApiTokenConfig, ROLES } from '../core/access.js';
import { VENDOR_KEYS } from '../vendors/index.js';
import { type Command, EXIT } from './command.js';

export const checkConfigCommand: Command = {
  name: 'check-config',
  synopsis: 'check-config <file>',
  summary: 'validate a config file and list every problem',
  details: [
    'Checks what `start` checks: every key, and each { "env": "NAME" } secret against this environment (run it',
    'with the environment the gateway gets). No secret value is printed, and nothing is contacted.',
    'Exit 0 (a one-line summary on stdout) or 1 (every problem on stderr, each with the key it concerns).',
  ].join('\n'),
  positionals: ['file'],
  async run(_values, [file]) {
    const [{ ConfigError, parseConfig, readConfigFile }, { securitySettings }] = await Promise.all([
      import('../config.js'),
      import('../http/security-settings.js'),
    ]);
    const problemsOf = (error: unknown): string[] => {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    };
    const problems: string[] = [];
    let raw: unknown;
    try {
      raw = readConfigFile(file!);
    } catch (error) {
      return report(file!, problemsOf(error));
    }
    let config: GatewayConfig | null = null;
    try {
      config = parseConfig(raw, file!);
    } catch (error) {
      problems.push(...problemsOf(error));
    }
    // The start-up rule beyond the file's schema (a config file must list tokens), checked on the raw file so
    // that it is reported together with the others.
    const tokens = (raw as { tokens?: unknown } | null)?.tokens;
    try {
      securitySettings({ connections: [], tokens: Array.isArray(tokens) ? (tokens as ApiTokenConfig[]) : undefined }, '127.0.0.1', {});
    } catch (error) {
      problems.push(...problemsOf(error));
    }
    if (problems.length || !config) return report(file!, problems);
    console.log(`${file}: valid; ${summary(config)}`);
    return EXIT.ok;
  },
};

function report(file: string, problems: string[]): number {
  // In key order (connections[2] before connections[10]), whichever check found them.
  const sorted = [...problems].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  console.error(
    `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${sorted.map((problem) => `  - ${problem}`).join('\n')}`,
  );
  return EXIT.failed;
}

/** "2 connections (1 cpanel, 1 slashid), 2 tokens (1 admin, 0 operator, 1 viewer)" */
function summary(config: GatewayConfig): string {
  const count = <T>(items: readonly T[], key: (item: T) => string, keys: readonly string[]) =>
    keys.map((k) => [k, items.filter((item) => key(item) === k).length] as const);
  const vendors = count(config.connections, (conn) => conn.vendor, VENDOR_KEYS).filter(([, n]) => n > 0);
  const roles = count(config.tokens ?? [], (token) => token.role, [...ROLES].reverse());
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `${plural(config.connections.length, 'connection')} (${vendors.map(([vendor, n]) => `${n} ${vendor}`).join(', ')}), ` +
    `${plural(config.tokens?.length ?? 0, 'token')} (${roles.map(([role, n]) => `${n} ${role}`).join(', ')})`
  );
}
