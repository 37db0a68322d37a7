// `connection.health_changed`: a connection's circuit opened (its vendor failed `circuitFailureThreshold` calls in
// a row; calls now fail fast) or closed again (a probe got an answer). Each instance has its own circuits and
// tells what it saw, naming itself: two instances may both tell the same outage.
import type { Db } from '../../store/db.js';
import { insertOutboxEvent } from '../../store/outbox.js';
import type { ConnectionRegistry } from '../connections.js';
import type { Logger } from '../log.js';

export function tellHealthChanges(db: Db, connections: ConnectionRegistry, instanceId: string, logger?: Logger): void {
  for (const connection of connections.all()) {
    connection.circuit.watch((change) => {
      const data = {
        connectionId: connection.id,
        vendor: connection.vendor,
        circuit: change.state,
        previous: change.state === 'OPEN' ? 'CLOSED' : 'OPEN',
        consecutiveFailures: change.consecutiveFailures,
        instanceId,
      };
      insertOutboxEvent(db, { type: 'connection.health_changed', connectionId: connection.id, data }).catch((error: unknown) =>
        logger?.log('warn', 'webhooks: a connection health event was not written', {
          connectionId: connection.id,
          error: (error as Error).message,
        }),
      );
    });
  }
}
