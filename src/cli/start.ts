// `idp-gateway start`: what `npm start` does (src/main.ts), in this process, so signals reach the gateway.
import { type Command, UsageError } from './command.js';

export const startCommand: Command = {
  name: 'start',
  synopsis: 'start [--config <file>]',
  summary: 'serve the gateway until SIGINT/SIGTERM (the sandbox without a config file)',
  details: [
    'The config file: --config, else IDP_GATEWAY_CONFIG. Without one: the sandbox (vendor emulators with sample',
    'data, every request an anonymous admin), allowed on loopback only.',
    'Environment: PORT (4000), HOST (127.0.0.1), DATABASE_URL (else PGlite in IDP_GATEWAY_DATA_DIR, ./.data),',
    'IDP_GATEWAY_SECRET_KEY (required with DATABASE_URL), IDP_GATEWAY_SHUTDOWN_DEADLINE_MS (10000).',
    'Pending migrations are applied at start. Exit 0 after SIGINT/SIGTERM (running changes finish first),',
    '1 when it cannot start (the reason on stderr).',
  ].join('\n'),
  options: { config: { type: 'string', short: 'c' } },
  async run({ config }) {
    if (config === '') throw new UsageError('--config needs a file name');
    const [{ configPathFrom }, { exitOnStartFailure, serveGateway }] = await Promise.all([import('../config.js'), import('../main.js')]);
    await serveGateway(config ?? configPathFrom([])).catch(exitOnStartFailure);
  },
};
