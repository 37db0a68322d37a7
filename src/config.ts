// The config file (IDP_GATEWAY_CONFIG or --config), validated with zod; every error names the bad key.
// Secrets appear in the file only as { "env": "NAME" } and are resolved from the environment here.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BaseConnectionConfig } from './core/vendor-module.js';
import { VENDOR_KEYS } from './core/vendor-key.js';
import { vendorModules } from './vendors/index.js';

export interface GatewayConfig {
  connections: Array<BaseConnectionConfig & Record<string, unknown>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[], source: string) {
    super(`Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The config-file form of a secret: a reference to an environment variable, resolved at start-up. */
export function secretRef(env: NodeJS.ProcessEnv) {
  return z
    .object({ env: z.string().min(1, 'name the environment variable') }, {
      error: 'must be { "env": "VARIABLE_NAME" }; secrets are never written in the config file',
    })
    .strict()
    .transform((ref, ctx) => {
      const value = env[ref.env];
      if (value === undefined || value === '') {
        ctx.addIssue({ code: 'custom', message: `environment variable ${ref.env} is not set` });
        return z.NEVER;
      }
      return value;
    });
}

const baseConnectionShape = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-_]{0,62}$/, 'must be 1-63 characters of a-z, 0-9, "-" and "_", starting with a letter or digit'),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  cacheTtlSeconds: z.number().int().min(0).max(86_400).default(30),
  connectTimeoutMs: z.number().int().min(100).max(60_000).default(2_000),
  totalTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
};

export function configSchema(env: NodeJS.ProcessEnv) {
  const connection = z.discriminatedUnion(
    'vendor',
    vendorModules.map((module) =>
      z
        .object({
          ...baseConnectionShape,
          vendor: z.literal(module.vendor),
          ...module.connectionShape,
          ...Object.fromEntries(module.connectionSecrets.map((key) => [key, secretRef(env)])),
          ...Object.fromEntries((module.optionalConnectionSecrets ?? []).map((key) => [key, secretRef(env).optional()])),
        })
        .strict()
        .superRefine((conn, ctx) => {
          const problem = module.checkConnection?.(conn);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    { error: `vendor must be one of ${VENDOR_KEYS.join(', ')}` },
  );
  return z
    .object({ connections: z.array(connection).min(1, 'list at least one connection') })
    .strict()
    .superRefine((config, ctx) => {
      const seen = new Set<string>();
      config.connections.forEach((conn, index) => {
        const id = (conn as { id: string }).id;
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['connections', index, 'id'], message: `duplicate connection id "${id}"` });
        seen.add(id);
      });
    });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
  return `${path || '(root)'}: ${issue.message}`;
}

export function parseConfig(raw: unknown, source: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = configSchema(env).safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describeIssue), source);
  return parsed.data as unknown as GatewayConfig;
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read the file: ${(error as Error).message}`], path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`not valid JSON: ${(error as Error).message}`], path);
  }
  return parseConfig(raw, path, env);
}

/** The config file named on the command line (--config) or by IDP_GATEWAY_CONFIG; undefined means sandbox. */
export function configPathFrom(argv: string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const flag = argv.indexOf('--config');
  if (flag >= 0) return argv[flag + 1];
  const inline = argv.find((arg) => arg.startsWith('--config='));
  if (inline) return inline.slice('--config='.length);
  return env.IDP_GATEWAY_CONFIG || undefined;
}

export function serverAddressFromEnv(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError([`PORT: "${env.PORT}" is not a port number`], 'the environment');
  return { host: env.HOST || '127.0.0.1', port };
}
