// The per-connection settings of the vendor HTTP client and its circuit (config.ts gives each a default).

/**
 * How hard the gateway tries to reach a connection's vendor (config.ts gives every key a default; a config
 * built by hand may leave them out, and then the same defaults apply). See VendorHttpClient and VendorCircuit.
 */
export interface ConnectionReliability {
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Attempts per vendor call, the first included (reads and idempotent writes only). */
  maxAttempts?: number;
  /** The longest Retry-After (429, 503) the gateway waits before its next attempt. */
  maxRetryAfterMs?: number;
  /** Requests in flight to the vendor at once. */
  maxConcurrency?: number;
  /** Consecutive failed calls that open the circuit. */
  circuitFailureThreshold?: number;
  /** How long an open circuit fails fast before one probe goes through. */
  circuitCooldownMs?: number;
}
