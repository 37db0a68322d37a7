// Safe start-up defaults of the HTTP edge: which access mode (API tokens, or the sandbox's anonymous admin, only
// on loopback), the production switch, GraphiQL and introspection.
import { ConfigError, type GatewayConfig } from '../config.js';
import type { ApiTokenConfig } from '../core/access.js';
import { isLoopbackHost } from '../core/inputs/loopback.js';

export interface SecuritySettings {
  /** API tokens; null = no tokens: every request is the anonymous admin (only allowed on loopback). */
  tokens: ApiTokenConfig[] | null;
  production: boolean;
  graphiql: boolean;
  introspection: boolean;
}

/**
 * The security settings for a gateway started with this config file (null: the sandbox) on this host.
 * Refuses, with a message that says what to do, a sandbox bound beyond loopback and a config without tokens.
 */
export function securitySettings(fileConfig: GatewayConfig | null, host: string, env: NodeJS.ProcessEnv = process.env): SecuritySettings {
  const production = env.NODE_ENV === 'production' || fileConfig?.production === true;
  const settings = {
    production,
    graphiql: fileConfig?.graphiql ?? !production,
    introspection: fileConfig?.introspection ?? !production,
  };
  if (!fileConfig) {
    if (!isLoopbackHost(host)) {
      throw new ConfigError(
        [
          `HOST=${host}: without a config file the gateway runs the sandbox, where every request is an anonymous admin; ` +
            'that is allowed only on loopback (HOST=127.0.0.1, ::1 or localhost). To listen on other addresses, start it ' +
            'with a config file that lists API tokens (IDP_GATEWAY_CONFIG or --config; see README, Security).',
        ],
        'the environment',
      );
    }
    return { ...settings, tokens: null };
  }
  if (!fileConfig.tokens?.length) {
    throw new ConfigError(
      ['tokens: list at least one API token; with a config file every request needs one (see README, Security)'],
      'the config file',
    );
  }
  return { ...settings, tokens: fileConfig.tokens };
}
