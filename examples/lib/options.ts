// The rotation's options: where the gateway is and who calls it (environment), what to rotate (arguments),
// and the new secret, from the environment or standard input only: arguments are visible to everyone in `ps`.
import { parseArgs } from 'node:util';

export const USAGE = `Rotates the client secret of an Akamai custom provider through the IdP gateway, safely:
read, dry run, apply (idempotency key + expected version), verify, print the audit event.

  NEW_CLIENT_SECRET=... node --import tsx examples/rotate-client-secret.ts --provider-id <global id> [options]
  printf '%s\\n' "$SECRET" | node --import tsx examples/rotate-client-secret.ts --provider-id <id> --secret-stdin

Options:
  --provider-id <id>         the provider's global id (ManagedIdentityProvider.id)
  --secret-stdin             read the new secret from the first line of standard input (else NEW_CLIENT_SECRET)
  --idempotency-key <key>    default: a new one, printed; give it again (with --expected-version) to retry a run
  --expected-version <ver>   the version the change was planned against, to retry a run that may have landed

Environment:
  GATEWAY_URL        default http://127.0.0.1:4000/graphql
  GATEWAY_TOKEN      an API token with role operator or admin (not needed for the sandbox)
  NEW_CLIENT_SECRET  the new client secret (or --secret-stdin)

Exit status: 0 rotated (or already rotated), 1 refused or failed (nothing or not all was done: see the output),
2 wrong usage.`;

export class UsageError extends Error {}

export interface RotationOptions {
  gatewayUrl: string;
  token: string | undefined;
  providerId: string;
  idempotencyKey: string | undefined;
  expectedVersion: string | undefined;
  secretFromStdin: boolean;
}

/** Null when help was asked for. */
export function rotationOptions(argv: string[], env: NodeJS.ProcessEnv): RotationOptions | null {
  // A secret on the command line is already exposed; refuse it with the reason rather than "unknown option".
  if (argv.some((arg) => /^--(client-?)?secret(=|$)/i.test(arg))) {
    throw new UsageError(
      'the secret is never taken from the command line (other users see it in `ps`): set NEW_CLIENT_SECRET or use --secret-stdin',
    );
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'provider-id': { type: 'string' },
        'idempotency-key': { type: 'string' },
        'expected-version': { type: 'string' },
        'secret-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  if (!values['provider-id']) throw new UsageError('--provider-id is required');
  return {
    gatewayUrl: env.GATEWAY_URL || 'http://127.0.0.1:4000/graphql',
    token: env.GATEWAY_TOKEN || undefined,
    providerId: values['provider-id'],
    idempotencyKey: values['idempotency-key'],
    expectedVersion: values['expected-version'],
    secretFromStdin: values['secret-stdin'],
  };
}

/** The new secret: the first line of standard input, or NEW_CLIENT_SECRET. */
export async function readNewSecret(options: RotationOptions, env: NodeJS.ProcessEnv): Promise<string> {
  let secret: string | undefined;
  if (options.secretFromStdin) {
    if (process.stdin.isTTY) throw new UsageError('--secret-stdin: pipe the secret in (a terminal would echo it)');
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    secret = text.split(/\r?\n/)[0];
  } else {
    secret = env.NEW_CLIENT_SECRET;
  }
  if (!secret)
    throw new UsageError(
      options.secretFromStdin ? 'standard input held no secret' : 'set NEW_CLIENT_SECRET, or pipe the secret in with --secret-stdin',
    );
  return secret;
}
