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
//
// An error goes into a line as describeError(error): a database error is written as the driver's own code and
// message only, never the failed statement's parameters (a caller's input: an audit filter, a secret's
// fingerprint, ...) nor the statement itself.
import { pino, stdTimeFunctions } from 'pino';
import { REDACTED, redactSecrets, type SecretRegistry } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

const camelCase = (name: string) => name.replace(/[-_]([a-z])/g, (_, letter: string) => letter.toUpperCase());
const capitalized = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

/**
 * pino redaction paths: each secret name (the common ones and the vendors', see SecretRegistry) as the gateway's
 * objects, the vendors' wire formats and HTTP headers spell it, at the top level (deeper ones: layer 2).
 */
export function logRedactPaths(secrets: SecretRegistry): string[] {
  const spellings = new Set(secrets.nameSpellings.flatMap((name) => [name, name.toLowerCase(), camelCase(name), capitalized(name)]));
  return [...spellings].map((key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`));
}

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
      redact: { paths: logRedactPaths(secrets), censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactSecrets(fields, true, (key) => secrets.isSecretName(key)) as Record<string, unknown>,
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

// --- Errors as log text -------------------------------------------------------------------------------------

/** The driver's fields of a database error: postgres.js's PostgresError, PGlite's DatabaseError. */
interface DriverErrorLike {
  message: string;
  code?: unknown;
}

/**
 * True for an error that carries a failed statement: drizzle's DrizzleQueryError (`query`, `params`, its
 * message "Failed query: <sql>\nparams: <values>"), postgres.js (`query`, `parameters`, non-enumerable) and
 * PGlite (`query`, `params`).
 */
function carriesStatement(error: object): boolean {
  return (
    (error as { name?: unknown }).name === 'DrizzleQueryError' ||
    error.constructor?.name === 'DrizzleQueryError' ||
    ('query' in error && ('params' in error || 'parameters' in error))
  );
}

const TABLE_PREPOSITION: Record<string, string> = { select: 'from ', delete: 'from ', with: 'from ', insert: 'into ', update: '' };

/**
 * "select from "audit_events"": what a statement did, from its first keyword and the first quoted table name
 * after from/into/update (drizzle quotes every identifier; a bare word could come from an inlined value).
 */
function statementSummary(query: unknown): string | null {
  if (typeof query !== 'string') return null;
  const verb = /^\s*(select|insert|update|delete|with)\b/i.exec(query)?.[1]?.toLowerCase();
  if (!verb) return null;
  const table = /\b(?:from|into|update)\s+("[A-Za-z_][\w$]*"(?:\."[A-Za-z_][\w$]*")?)/i.exec(query)?.[1];
  return table ? `${verb} ${TABLE_PREPOSITION[verb]}${table}` : verb;
}

/** A message with anything from "Failed query:" on cut off (a database error quoted inside another message). */
function withoutStatement(message: string): string {
  const at = message.indexOf('Failed query:');
  const cut = at < 0 ? message : `${message.slice(0, at)}Failed query [statement and parameters not logged]`;
  return cut.replace(/\nparams: .*/g, ' [parameters not logged]');
}

function driverText(driver: DriverErrorLike): string {
  const code = typeof driver.code === 'string' || typeof driver.code === 'number' ? ` ${driver.code}` : '';
  return `database error${code}: ${withoutStatement(driver.message)}`;
}

/**
 * Any thrown value as a text fit for a log line. A database error (drizzle's DrizzleQueryError, a postgres.js or
 * PGlite error) is described by the driver's own error code and message, and what the statement did ("select
 * from "audit_events""): never its parameters, nor the statement's text. A GraphQL error is described by the
 * error it wraps; an error's `cause` is appended. Secret values are scrubbed later, with the whole line.
 */
export function describeError(error: unknown): string {
  return describe(error, 0);
}

function describe(error: unknown, depth: number): string {
  if (error === null || typeof error !== 'object') return withoutStatement(String(error));
  if (depth > 4) return '(more causes)';
  // graphql-js's GraphQLError wraps what a resolver threw (locatedError): that one says what happened.
  const original = (error as { originalError?: unknown }).originalError;
  if (original && original !== error && typeof original === 'object') return describe(original, depth + 1);
  const message = typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (carriesStatement(error)) {
    const summary = statementSummary((error as { query?: unknown }).query);
    const where = summary ? ` (${summary})` : '';
    // drizzle wraps the driver's error: describe that one. A driver error is itself the one to describe.
    const driver =
      cause && typeof cause === 'object' && typeof (cause as { message?: unknown }).message === 'string'
        ? (cause as DriverErrorLike)
        : null;
    if (driver) return `${driverText(driver)}${where}`;
    if (error.constructor?.name === 'DrizzleQueryError' || message.startsWith('Failed query:')) return `database query failed${where}`;
    return `${driverText({ message, code: (error as { code?: unknown }).code })}${where}`;
  }
  const text = withoutStatement(message);
  if (cause === undefined || cause === null || cause === error) return text;
  return `${text} (cause: ${describe(cause, depth + 1)})`;
}
