// Whether an error means "the database did not answer" (the connection was lost, refused or terminated, the
// server is shutting down), as opposed to a statement the database refused. The first kind passes: a caller
// may retry; the second does not. Drivers and drizzle wrap errors (DrizzleQueryError.cause): the whole chain counts.

/** postgres.js's own codes for a connection that went away, and the socket errors beneath them. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'SESSION_LOST',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATEs of a server that cannot serve now: class 08 (connection exception) and these. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, a smart/fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '53300', // too_many_connections
  '25P03', // idle_in_transaction_session_timeout
]);

/** The string `code`s of an error and of its causes (drivers and drizzle wrap errors), outermost first. */
function* codesInChain(error: unknown): Generator<string> {
  for (let at: unknown = error, depth = 0; at && typeof at === 'object' && depth < 8; at = (at as { cause?: unknown }).cause, depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string') yield code;
  }
}

export function isStoreUnavailable(error: unknown): boolean {
  for (const code of codesInChain(error))
    if (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  return false;
}

/**
 * postgres.js's codes and SQLSTATEs of a connection that was open and went away (reset, closed, terminated), as
 * opposed to one that could not be opened (refused, timed out, no such host): only the first is worth sending the
 * same statement again on a new connection at once.
 */
const LOST_CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
  '08003',
  '08006',
]);

export function isConnectionLost(error: unknown): boolean {
  for (const code of codesInChain(error)) if (LOST_CONNECTION_CODES.has(code)) return true;
  return false;
}
