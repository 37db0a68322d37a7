// Every finished vendor call of a gateway's connections, counted in its metrics and (when tracing runs)
// recorded as a span, under the operation it was made for (src/ops/operation-scope.ts).
import type { GatewayServices } from '../core/services.js';
import { observeVendorCalls } from '../core/vendor-http/client.js';
import type { GatewayMetrics } from './metrics.js';
import { currentOperation } from './operation-scope.js';
import { recordVendorCallSpan } from './tracing.js';

const instrumented = new WeakSet<GatewayMetrics>();

/** Wires `metrics` to the vendor calls of `services` (once per metrics object, however often it is called). */
export function instrumentVendorCalls(services: Pick<GatewayServices, 'connections' | 'secrets'>, metrics: GatewayMetrics): void {
  if (instrumented.has(metrics)) return;
  instrumented.add(metrics);
  for (const connection of services.connections.all()) {
    observeVendorCalls(connection.circuit, (event) => {
      const operation = currentOperation();
      metrics.observeVendorCall({ vendor: event.vendor, operation, status: String(event.status) }, event.durationMs / 1000);
      recordVendorCallSpan(event, operation, services.secrets);
    });
  }
}
