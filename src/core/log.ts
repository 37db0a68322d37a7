// The gateway's logger: pino, one JSON object per line ({"level":"info","time":"<ISO>","msg":...,...fields}).
// Three layers keep secrets out of it:
//   1. pino's redaction paths: every secret-named key (client_secret, apiKey, X-Auth-Token, ...) of the line's
//      fields is written as [REDACTED];
//   2. the same rule at any depth (isSecretKey, as the audit trail uses it), whatever the value (an object or a
//      list too), before pino serializes the line;
//   3. every finished line goes through SecretRegistry.scrub, so a secret *value* the process has handled is
//      replaced wherever it shows up (an exception message, a vendor error body quoted in a field, ...).
// Layer 1 has top-level paths only: pino 10's redaction with wildcard paths (`*.*.client_secret`) costs about
// 100 µs per line even when nothing matches, a tenth of a cached read's whole CPU time; layer 2 covers every depth.
import { pino, stdTimeFunctions } from 'pino';
import { REDACTED, redactSecrets, type SecretRegistry } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/** Secret-named keys as they are spelled in the gateway's objects, the vendors' wire formats and headers. */
const SECRET_KEY_SPELLINGS = [
  'secret', 'clientSecret', 'client_secret', 'password', 'privateKey', 'private_key', 'apiKey', 'api_key',
  'apiToken', 'api_token', 'token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token',
  'authToken', 'auth_token', 'authorization', 'Authorization', 'x-auth-token', 'X-Auth-Token',
  'x-subject-token', 'X-Subject-Token', 'slashid-api-key', 'SlashID-API-Key',
];

/** pino redaction paths: each spelling at the top level (deeper ones: layer 2). */
export const LOG_REDACT_PATHS: string[] = SECRET_KEY_SPELLINGS.map((key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`));

export interface LoggerOptions {
  /** The lowest level written; default IDP_GATEWAY_LOG_LEVEL or "info". */
  level?: LogLevel;
}

/**
 * A logger writing JSON lines to `write` (default: stderr), every line scrubbed of every secret in `secrets`.
 * `write` receives one complete line, newline included.
 */
export function createLogger(
  secrets: SecretRegistry,
  write: (line: string) => void = (line) => process.stderr.write(line),
  options: LoggerOptions = {},
): Logger {
  const level = options.level ?? (process.env.IDP_GATEWAY_LOG_LEVEL as LogLevel | undefined) ?? 'info';
  const instance = pino(
    {
      level,
      base: null,
      timestamp: stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: LOG_REDACT_PATHS, censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactSecrets(fields, true) as Record<string, unknown>,
      },
    },
    // pino writes each line with one synchronous call: the scrub sees the whole line.
    { write: (line: string) => write(secrets.scrub(line)) },
  );
  return {
    log(logLevel, message, fields = {}) {
      instance[logLevel](fields, message);
    },
  };
}
