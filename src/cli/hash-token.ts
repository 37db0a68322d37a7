// `idp-gateway hash-token`: a new random API token, its SHA-256, and the config file's `tokens` entry.
import { randomBytes } from 'node:crypto';
import { tokenSha256 } from '../core/access.js';
import { type Command, EXIT, UsageError } from './command.js';

/** Tokens start with this, so that one found in a log or a repository is recognizable (and scannable). */
const TOKEN_PREFIX = 'idpgw_';

export const hashTokenCommand: Command = {
  name: 'hash-token',
  synopsis: 'hash-token [--name <name>] [--role admin|operator|viewer]',
  summary: "print a new API token, its sha256 and the config's tokens entry",
  details: [
    '--name: the token\'s name, the actor of the audit events it causes (default: "token-" and 8 hex digits).',
    '--role: viewer (default), operator or admin (see README, Security).',
    'The token is 32 random bytes (base64url) after "idpgw_". Give it to its client; the config file holds',
    'only the sha256. Limit it to some connections by adding "connections": [...] to the entry.',
    'Exit 0; 2 for a name or role the config would refuse.',
  ].join('\n'),
  options: { name: { type: 'string' }, role: { type: 'string' } },
  async run(values) {
    const { tokenShape } = await import('../config.js');
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const sha256 = tokenSha256(token);
    const entry = { name: values.name ?? `token-${sha256.slice(0, 8)}`, sha256, role: values.role ?? 'viewer' };
    // The same rules as the config file's entries: what is printed here passes check-config.
    const checked = tokenShape.safeParse(entry);
    if (!checked.success)
      throw new UsageError(checked.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`).join('; '));
    process.stdout.write(
      [
        `token:  ${token}`,
        `sha256: ${sha256}`,
        '',
        'Give the token to its client now: it is stored nowhere and cannot be shown again.',
        'Add this entry to "tokens" in the config file:',
        JSON.stringify(entry),
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
