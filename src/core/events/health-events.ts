// `connection.health_changed`: a connection's circuit opened (its vendor failed `circuitFailureThreshold` calls in
// a row; calls now fail fast) or closed again (a probe got an answer). An opening names the last failure: the HTTP
// status (`HTTP_503`, `HTTP_429`) or the code of a call that got no answer (`TIMEOUT`, `UNAVAILABLE`). Each instance
// has its own circuits and tells what it saw, naming itself: two instances may both tell the same outage.
import type { Db } from '../../store/db.js';
import { insertOutboxEvent } from '../../store/outbox.js';
import type { ConnectionRegistry } from '../connections.js';
import type { Logger } from '../log.js';
import { isTransientStatus, observeVendorCalls } from '../vendor-http/client.js';

/** The error code of a call that counts against the circuit, or null for one that proves the vendor up. */
function failureCode(status: number | string): string | null {
  if (typeof status === 'number') return isTransientStatus(status) ? `HTTP_${status}` : null;
  return status === 'CIRCUIT_OPEN' ? null : status;
}

export function tellHealthChanges(db: Db, connections: ConnectionRegistry, instanceId: string, logger?: Logger): void {
  for (const connection of connections.all()) {
    let lastFailure: string | null = null;
    observeVendorCalls(connection.circuit, (call) => {
      const code = failureCode(call.status);
      if (code) lastFailure = code;
    });
    connection.circuit.watch((change) => {
      // The circuit changes inside the call that tipped it; the call is observed when it returns (within the
      // same turn of the event loop): the event is written after, naming that call's failure.
      setImmediate(() => {
        const data = {
          connectionId: connection.id,
          vendor: connection.vendor,
          circuit: change.state,
          previous: change.state === 'OPEN' ? 'CLOSED' : 'OPEN',
          consecutiveFailures: change.consecutiveFailures,
          error: change.state === 'OPEN' && lastFailure ? { code: lastFailure } : null,
          instanceId,
        };
        insertOutboxEvent(db, { type: 'connection.health_changed', connectionId: connection.id, data }).catch((error: unknown) =>
          logger?.log('warn', 'webhooks: a connection health event was not written', {
            connectionId: connection.id,
            error: (error as Error).message,
          }),
        );
      });
    });
  }
}
