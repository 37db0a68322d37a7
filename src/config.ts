// The config file (IDP_GATEWAY_CONFIG or --config), validated with zod; every error names the bad key.
// Secrets appear in the file only as { "env": "NAME" } and are resolved from the environment here.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type ApiTokenConfig, ROLES } from './core/access.js';
import { isLoopbackHost } from './core/inputs/loopback.js';
import type { BaseConnectionConfig } from './core/vendor-contract/vendor-module.js';
import type { VendorModule } from './core/vendor-contract/vendor-module.js';
import { EVENT_TYPES, type EventType } from './model/event-types.js';
import { vendorModules } from './vendors/index.js';

export interface GatewayConfig {
  connections: Array<BaseConnectionConfig & Record<string, unknown>>;
  /** API tokens (see README, Security). A gateway started from a config file requires at least one. */
  tokens?: ApiTokenConfig[];
  /** The production switch (also NODE_ENV=production): GraphiQL and introspection off unless turned on below. */
  production?: boolean;
  graphiql?: boolean;
  introspection?: boolean;
  /** Vendor requests in flight at once across all connections (each connection's maxConcurrency still applies). */
  maxConcurrentVendorRequests?: number;
  /** How often the certificate notices (90, 30, 7, 1 days and expiry) are looked for, in seconds (default 3600). */
  certificateNoticeIntervalSeconds?: number;
  /** Trusted documents: a manifest of persisted operations, and whether other documents are still accepted. */
  persistedOperations?: PersistedOperationsConfig;
  /** What the gateway fetches on a user's behalf (SAML metadata, OIDC discovery, configuration checks). */
  outboundFetch?: OutboundFetchConfig;
  /** Where events are sent (README "Events and webhooks"), and how deliveries are retried. */
  webhooks?: WebhookEndpointConfig[];
  webhookDelivery?: WebhookDeliveryConfig;
}

export interface WebhookEndpointConfig {
  /** Names the endpoint in deliveries, metrics and `webhookDeliveries(endpoint:)`. */
  name: string;
  url: string;
  /** The signing secret, `whsec_` + base64 (resolved from its { "env" } reference). */
  secret: string;
  /** The event types sent (default: all). */
  events?: EventType[];
  /** The connections whose events are sent (default: all; events of no connection are always sent). */
  connections?: string[];
}

export interface WebhookDeliveryConfig {
  /** How long a delivery is retried before it is FAILED (default 86400: 24 h). */
  retryWindowSeconds?: number;
  /** One attempt, connect to the end of the answer (default 10000). */
  attemptTimeoutMs?: number;
  /** The first retry's delay, doubled on each retry up to maxBackoffMs, with jitter (default 5000). */
  initialBackoffMs?: number;
  /** The longest delay between attempts, Retry-After aside (default 3600000: 1 h). */
  maxBackoffMs?: number;
  /** How often the outbox is looked at besides the nudges of local events (default 2000). */
  pollIntervalMs?: number;
}

export interface OutboundFetchConfig {
  /** Hosts (names or IP addresses, as in the URL) that may be on private, loopback or link-local addresses. */
  allowedHosts?: string[];
  /** PEM files of CA certificates to trust besides the system's (a corporate CA). */
  trustedCertificates?: Array<{ file: string }>;
  /** The whole fetch: connect, headers and body (default 5000). */
  timeoutMs?: number;
  /** Redirects followed, each checked again (default 3). */
  maxRedirects?: number;
}

export interface PersistedOperationsConfig {
  /** A JSON file: { "<hash>": "<document>" } (the form Relay, graphql-codegen and gql.tada write). */
  manifest: string;
  /** false: a request must name a persisted operation; any other document is refused. Default true. */
  allowArbitraryOperations?: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    source: string,
  ) {
    super(`Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The config-file form of a secret: a reference to an environment variable, resolved at start-up. */
export function secretRef(env: NodeJS.ProcessEnv) {
  return z
    .object(
      { env: z.string().min(1, 'name the environment variable') },
      {
        error: 'must be { "env": "VARIABLE_NAME" }; secrets are never written in the config file',
      },
    )
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

/**
 * A vendor base URL: HTTPS, or plain HTTP on a loopback host only (the sandbox's and the tests' emulators);
 * no user name or password in it (secrets are { "env" } keys). Requests go to this origin and no other
 * (core/vendor-http.ts refuses any other).
 */
function baseUrlSchema() {
  return z.url({ protocol: /^https?$/, error: 'must be an https:// URL' }).superRefine((value, ctx) => {
    if (!URL.canParse(value)) return; // the URL check above has said so
    const url = new URL(value);
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be an https:// URL: plain http:// is allowed only on a loopback host (127.0.0.0/8, ::1, localhost), not ${url.hostname}`,
      });
    }
    if (url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: 'must not contain a user name or password: give credentials as the connection\'s { "env": "NAME" } secret keys',
      });
    }
  });
}

/**
 * An integer. Not zod's `.int()`: its failure stops every later cross-key check of the file (zod skips
 * refinements after an issue that does not continue), and check-config must report every problem in one run.
 */
function wholeNumber() {
  return z.number().refine(Number.isInteger, { message: 'must be a whole number' });
}

const baseConnectionShape = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-_]{0,62}$/, 'must be 1-63 characters of a-z, 0-9, "-" and "_", starting with a letter or digit'),
  baseUrl: baseUrlSchema(),
  cacheTtlSeconds: wholeNumber().min(0).max(86_400).default(30),
  // `refresh: true` reads the connection at most once per this many seconds (core/provider-reader.ts); within
  // it a caller joins the running read or gets the snapshot it produced.
  minRefreshIntervalSeconds: wholeNumber().min(0).max(86_400).default(5),
  // A page (a query) waits at most this long for the vendor's list (core/reads/provider-reader.ts), then answers
  // with the last snapshots, stale, and a TIMEOUT connection error; the read goes on and fills the cache.
  // Writes keep the vendor timeouts below, and so do reads that pass `waitForVendor` (they must see the vendor).
  readBudgetMs: wholeNumber().min(100).max(120_000).default(2_000),
  // Scheduled drift checks (core/scheduling/gateway-jobs.ts): one instance reads the vendor every this many seconds
  // and records drift as `identityProviders(refresh: true)` does. Absent: none. At least a minute, at most a week.
  driftCheckIntervalSeconds: wholeNumber().min(60).max(604_800).optional(),
  // Reliability (core/vendor-http.ts, core/vendor-circuit.ts), per connection:
  //   connectTimeoutMs         TCP/TLS connect of one attempt                                  default 2000
  //   totalTimeoutMs           one attempt, connect to last body byte                          default 10000
  //   maxAttempts              attempts per call (reads, idempotent writes, 429s; 1 = none)   default 3
  //   maxRetryAfterMs          longest Retry-After (429/503) waited; longer ends the call      default 5000
  //   maxConcurrency           requests in flight to the vendor at once                        default 8
  //   circuitFailureThreshold  failed calls in a row that open the circuit                     default 5
  //   circuitCooldownMs        how long an open circuit fails fast before one probe            default 10000
  connectTimeoutMs: wholeNumber().min(100).max(60_000).default(2_000),
  totalTimeoutMs: wholeNumber().min(100).max(300_000).default(10_000),
  maxAttempts: wholeNumber().min(1).max(5).default(3),
  maxRetryAfterMs: wholeNumber().min(0).max(60_000).default(5_000),
  maxConcurrency: wholeNumber().min(1).max(256).default(8),
  circuitFailureThreshold: wholeNumber().min(1).max(1_000).default(5),
  circuitCooldownMs: wholeNumber().min(100).max(3_600_000).default(10_000),
};

// --- Security keys (API tokens, production switch); the rules are in src/core/access.ts and src/security.ts.
/** Actors the gateway writes itself: a token may not take their names. */
const RESERVED_ACTORS = ['drift-detector', 'sandbox', 'anonymous'];

/** One entry of `tokens` (also checks the entry `idp-gateway hash-token` prints). */
export const tokenShape = z
  .object({
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/,
        'must be 1-64 characters of letters, digits, ".", "_", "@" and "-", starting with a letter or digit',
      )
      .refine((name) => !RESERVED_ACTORS.includes(name), { message: `is reserved (${RESERVED_ACTORS.join(', ')})` }),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex digits of the SHA-256 of the token (the token itself is never written in the file)')
      .transform((hex) => hex.toLowerCase()),
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
    connections: z.array(z.string()).min(1, 'list at least one connection, or leave the key out for every connection').optional(),
  })
  .strict();

const securityShape = {
  tokens: z.array(tokenShape).optional(),
  production: z.boolean().optional(),
  graphiql: z.boolean().optional(),
  introspection: z.boolean().optional(),
};

// Runs even when other keys have problems (so that one run reports every problem): an entry that failed its
// own checks may still be raw input here, so each field is looked at only if it has the right type.
function checkTokens(config: { connections: unknown[]; tokens?: unknown }, ctx: z.RefinementCtx): void {
  const connectionIds = new Set(config.connections.map((conn) => (conn as { id?: unknown } | null)?.id));
  const names = new Set<string>();
  const digests = new Set<string>();
  (Array.isArray(config.tokens) ? (config.tokens as Array<Partial<Record<keyof z.infer<typeof tokenShape>, unknown>> | null>) : []).forEach(
    (token, index) => {
      const { name, sha256, connections } = token ?? {};
      if (typeof name === 'string') {
        if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['tokens', index, 'name'], message: `duplicate token name "${name}"` });
        names.add(name);
      }
      if (typeof sha256 === 'string') {
        if (digests.has(sha256.toLowerCase()))
          ctx.addIssue({ code: 'custom', path: ['tokens', index, 'sha256'], message: 'the same token is listed twice' });
        digests.add(sha256.toLowerCase());
      }
      if (!Array.isArray(connections)) return;
      connections.forEach((id, at) => {
        if (typeof id === 'string' && !connectionIds.has(id))
          ctx.addIssue({ code: 'custom', path: ['tokens', index, 'connections', at], message: `no connection "${id}" is configured` });
      });
    },
  );
}
// --- end of security keys

// --- Gateway-wide keys.
/** The Standard Webhooks form of a signing secret; at least 24 bytes (the libraries make 24 to 64). */
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;

function webhooksShape(env: NodeJS.ProcessEnv) {
  return {
    webhooks: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 characters of letters, digits, ".", "_" and "-"'),
            url: baseUrlSchema(),
            secret: secretRef(env).pipe(
              z.string().regex(WEBHOOK_SECRET, 'must be "whsec_" followed by the base64 of at least 24 random bytes (Standard Webhooks)'),
            ),
            events: z
              .array(z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }))
              .min(1, 'list at least one event type, or leave the key out for every one')
              .optional(),
            connections: z.array(z.string()).min(1, 'list at least one connection, or leave the key out for every connection').optional(),
          })
          .strict(),
      )
      .optional(),
    webhookDelivery: z
      .object({
        retryWindowSeconds: wholeNumber()
          .min(1)
          .max(7 * 86_400)
          .optional(),
        attemptTimeoutMs: wholeNumber().min(100).max(120_000).optional(),
        initialBackoffMs: wholeNumber().min(10).max(3_600_000).optional(),
        maxBackoffMs: wholeNumber().min(10).max(86_400_000).optional(),
        pollIntervalMs: wholeNumber().min(10).max(3_600_000).optional(),
      })
      .strict()
      .optional(),
  };
}

/** Webhook names are unique, and a webhook names only connections of the file. */
function checkWebhooks(config: { connections: unknown[]; webhooks?: unknown }, ctx: z.RefinementCtx): void {
  if (!Array.isArray(config.webhooks)) return;
  const ids = new Set(config.connections.map((conn) => (conn as { id?: unknown } | null)?.id).filter((id) => typeof id === 'string'));
  const names = new Set<string>();
  config.webhooks.forEach((hook: unknown, index) => {
    if (!isObject(hook)) return;
    if (typeof hook.name === 'string') {
      if (names.has(hook.name))
        ctx.addIssue({ code: 'custom', path: ['webhooks', index, 'name'], message: `duplicate webhook name "${hook.name}"` });
      names.add(hook.name);
    }
    if (Array.isArray(hook.connections))
      hook.connections.forEach((id, at) => {
        if (typeof id === 'string' && !ids.has(id))
          ctx.addIssue({ code: 'custom', path: ['webhooks', index, 'connections', at], message: `no connection has the id "${id}"` });
      });
  });
}

const gatewayShape = {
  // All connections together (1 000 connections x maxConcurrency 8 would otherwise be 8 000 requests at once).
  maxConcurrentVendorRequests: wholeNumber().min(1).max(10_000).optional(),
  // How often one instance sends the certificate notices owed (core/certificates/notices.ts); default 3600.
  certificateNoticeIntervalSeconds: wholeNumber().min(60).max(86_400).optional(),
  persistedOperations: z
    .object({
      manifest: z.string().min(1, 'name the manifest file (JSON: { "<hash>": "<document>" })'),
      allowArbitraryOperations: z.boolean().optional(),
    })
    .strict()
    .optional(),
  outboundFetch: z
    .object({
      allowedHosts: z
        .array(
          z
            .string()
            .min(1)
            .max(253)
            .regex(/^[a-z0-9.:_-]+$/i, 'a host name or IP address as it appears in a URL (no scheme, port or path)'),
        )
        .optional(),
      trustedCertificates: z.array(z.object({ file: z.string().min(1, 'name a PEM file') }).strict()).optional(),
      timeoutMs: wholeNumber().min(100).max(60_000).optional(),
      maxRedirects: wholeNumber().min(0).max(10).optional(),
    })
    .strict()
    .optional(),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function secretKeys(module: VendorModule<never, unknown>): string[] {
  return [...module.connectionSecrets, ...(module.optionalConnectionSecrets ?? [])];
}

/**
 * A connection whose vendor is not known gets only that problem from its own schema (which keys it may have
 * depends on the vendor): the keys every connection has are checked here, so that one run names them too.
 */
function checkUnknownVendorConnections(connections: unknown[], vendorKeys: readonly string[], ctx: z.RefinementCtx): void {
  const base = z.object(baseConnectionShape).loose();
  connections.forEach((conn, index) => {
    if (!isObject(conn) || (vendorKeys as readonly unknown[]).includes(conn.vendor)) return;
    const parsed = base.safeParse(conn);
    if (parsed.success) return;
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', path: ['connections', index, ...issue.path], message: issue.message });
  });
}

/** Stands for a secret key that is given, whether or not its { "env" } reference resolved. Never a value. */
const GIVEN_SECRET = '[given]';

/**
 * The connection as a vendor's cross-key rule (`checkConnection`) sees it: every secret key the file gives is
 * GIVEN_SECRET, resolved or not (its own problem, an unset variable, is reported at its key), so the rule is
 * checked in the same run and never sees a secret value.
 */
function secretsAsGiven(conn: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const view = { ...conn };
  for (const key of keys) if (view[key] !== undefined) view[key] = GIVEN_SECRET;
  return view;
}

/** `modules`: the vendors a connection may name (default: every listed vendor module). */
export function configSchema(env: NodeJS.ProcessEnv, modules: readonly VendorModule<never, unknown>[] = vendorModules) {
  const vendorKeys = modules.map((module) => module.vendor);
  const connection = z.discriminatedUnion(
    'vendor',
    modules.map((module) =>
      z
        .object({
          ...baseConnectionShape,
          vendor: z.literal(module.vendor),
          ...module.connectionShape,
          ...Object.fromEntries(module.connectionSecrets.map((key) => [key, secretRef(env)])),
          ...Object.fromEntries((module.optionalConnectionSecrets ?? []).map((key) => [key, secretRef(env).optional()])),
        })
        .strict()
        .superRefine(
          (conn, ctx) => {
            const problem = module.checkConnection?.(secretsAsGiven(conn, secretKeys(module)));
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          },
          // Also when other keys of the connection have problems (an unset variable, a bad URL), so that one run
          // reports every problem: the rule sees which keys are given, whatever their own checks said.
          { when: (payload) => isObject(payload.value) },
        ),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    { error: `vendor must be one of ${vendorKeys.join(', ')}` },
  );
  return z
    .object({
      connections: z.array(connection).min(1, 'list at least one connection'),
      ...securityShape,
      ...gatewayShape,
      ...webhooksShape(env),
    })
    .strict()
    .superRefine(
      (config, ctx) => {
        checkTokens(config, ctx);
        checkWebhooks(config, ctx);
        checkUnknownVendorConnections(config.connections, vendorKeys, ctx);
        const seen = new Set<string>();
        config.connections.forEach((conn, index) => {
          const id = (conn as { id?: unknown } | null)?.id;
          if (typeof id !== 'string') return;
          if (seen.has(id))
            ctx.addIssue({ code: 'custom', path: ['connections', index, 'id'], message: `duplicate connection id "${id}"` });
          seen.add(id);
        });
      },
      // Also when other keys have problems (see checkTokens), as long as there is a list of connections.
      { when: (payload) => Array.isArray((payload.value as { connections?: unknown } | null)?.connections) },
    );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  return `${path || '(root)'}: ${issue.message}`;
}

export function parseConfig(
  raw: unknown,
  source: string,
  env: NodeJS.ProcessEnv = process.env,
  modules: readonly VendorModule<never, unknown>[] = vendorModules,
): GatewayConfig {
  const parsed = configSchema(env, modules).safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describeIssue), source);
  return parsed.data as unknown as GatewayConfig;
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseConfig(readConfigFile(path), path, env);
}

/** The config file's JSON, not yet validated; a ConfigError when it cannot be read or is not JSON. */
export function readConfigFile(path: string): unknown {
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
  return raw;
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
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ConfigError([`PORT: "${env.PORT}" is not a port number`], 'the environment');
  return { host: env.HOST || '127.0.0.1', port };
}
