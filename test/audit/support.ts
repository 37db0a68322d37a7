// Shared by the audit trail tests: seeded audit rows at fixed times far from "now".
import type { NewAuditEvent } from '../../src/store/audit.js';
import { crashedInstanceRow } from '../support/stores.js';

/** The cPanel emulator's API token in the audit tests (searched for in exports). */
export const TOKEN = 'WHMTOKEN-audit-distinctive-5d1e';

/** A fixed point in time, far from "now", so that seeded rows never mix with rows real mutations write. */
export const T0 = Date.parse('2031-03-01T12:00:00.000Z');
export const at = (minutes: number) => new Date(T0 + minutes * 60_000);

export function seedEvent(overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    actor: 'alice',
    operation: 'setCpanelClientConfiguration',
    connectionId: 'seed',
    vendor: 'cpanel',
    providerKey: 'google',
    status: 'PENDING',
    input: { clientId: 'x' },
    ...(overrides.status === undefined || overrides.status === 'PENDING' ? crashedInstanceRow() : {}),
    ...overrides,
  };
}
