// testIdentityProviderConfiguration for a provider as it is (only its id given): its live state read from the
// vendor, described by the vendor and checked (provider-checks.ts). Nothing is written to the vendor; the test is
// on record as a DRY_RUN audit row of its own operation, like any other look that changes nothing.
// (With fields, the GraphQL field runs the vendor's create or update as a dry run with `test: true` instead.)
import type { Connection, ConnectionRegistry } from '../connections.js';
import { type GatewayError, NotFoundError } from '../errors.js';
import type { AuditLog } from '../audit/log.js';
import type { OutboundFetcher } from '../outbound/fetcher.js';
import { asGatewayError, toView } from '../reads/provider-reader.js';
import type { SecretRegistry } from '../secrets.js';
import type { ProviderView } from '../vendor-contract/adapter.js';
import type { AuditEventRow } from '../../store/audit.js';
import type { Db } from '../../store/open.js';
import { providerVersion } from '../../model/version.js';
import { checkProviderConfiguration } from './provider-checks.js';
import type { ConfigurationCheck } from './configuration.js';

export const TEST_OPERATION = 'testIdentityProviderConfiguration';

export interface ConfigurationTestDeps {
  db: Db;
  connections: ConnectionRegistry;
  auditLog: AuditLog;
  fetcher: OutboundFetcher;
  secrets: SecretRegistry;
}

export interface ConfigurationTestTarget {
  connectionId: string;
  providerKey: string;
  actor: string;
  requestId?: string | null;
  visibleConnections?: ReadonlySet<string> | null;
}

export type ConfigurationTestOutcome =
  | { ok: true; checks: ConfigurationCheck[]; provider: ProviderView; auditEvent: AuditEventRow }
  | { ok: false; error: GatewayError };

export async function testCurrentConfiguration(
  deps: ConfigurationTestDeps,
  target: ConfigurationTestTarget,
): Promise<ConfigurationTestOutcome> {
  const visible = !target.visibleConnections || target.visibleConnections.has(target.connectionId);
  const connection: Connection | undefined = visible ? deps.connections.find(target.connectionId) : undefined;
  if (!connection) return { ok: false, error: new NotFoundError(`No connection "${target.connectionId}" is configured.`) };
  let live;
  try {
    live = await connection.adapter.get(target.providerKey);
  } catch (error) {
    return { ok: false, error: asGatewayError(error, connection, deps.secrets) };
  }
  if (!live) {
    return {
      ok: false,
      error: new NotFoundError(`${connection.vendor} has no provider "${target.providerKey}" on connection "${connection.id}".`),
    };
  }
  const checks = await checkProviderConfiguration(connection, live, deps.fetcher);
  const before = JSON.parse(JSON.stringify(live));
  const row = await deps.auditLog.insert(deps.db, {
    actor: target.actor,
    operation: TEST_OPERATION,
    connectionId: connection.id,
    vendor: connection.vendor,
    providerKey: live.key,
    input: {},
    requestId: target.requestId ?? null,
    idempotencyKey: null,
    changeSetId: null,
    status: 'DRY_RUN',
    before,
  });
  const auditEvent = await deps.auditLog.finish(deps.db, row.id, { status: 'DRY_RUN', changes: [] });
  const provider = toView(
    { connectionId: connection.id, vendor: connection.vendor, provider: live, version: providerVersion(live), fetchedAt: new Date() },
    false,
  );
  return { ok: true, checks, provider, auditEvent };
}
