// A connection's vendor calls of the last hour (core/vendor-http/traffic-window.ts): minute buckets on a moved clock,
// what counts as the vendor's failure, and `connections { health { traffic } }` of a live gateway counting the calls
// of each connection apart, a vendor's 503s as errors.
import { describe, expect, it } from 'vitest';
import { isVendorFailure, TRAFFIC_MINUTES, TrafficWindow } from '../../src/core/vendor-http/traffic-window.js';
import { type LiveGateway, startLiveGateway } from '../support/live-gateway.js';
import { suiteValue } from '../support/suite-value.js';

const MINUTE = 60_000;

describe('the traffic window', () => {
  it('keeps the last 60 minutes in minute buckets, oldest first, zeros where nothing was called', () => {
    let now = Date.parse('2026-12-05T10:00:30Z');
    const window = new TrafficWindow(() => now);
    window.record({ status: 200, durationMs: 10 });
    window.record({ status: 200, durationMs: 30 });
    window.record({ status: 'TIMEOUT', durationMs: 2_000 });
    now += 2 * MINUTE;
    window.record({ status: 503, durationMs: 5 });
    const hour = window.lastHour();
    expect(hour).toHaveLength(TRAFFIC_MINUTES);
    expect(hour.at(-1)).toEqual({ minute: new Date('2026-12-05T10:02:00Z'), requests: 1, errors: 1, meanMs: 5, maxMs: 5 });
    expect(hour.at(-2)).toEqual({ minute: new Date('2026-12-05T10:01:00Z'), requests: 0, errors: 0, meanMs: null, maxMs: null });
    expect(hour.at(-3)).toEqual({ minute: new Date('2026-12-05T10:00:00Z'), requests: 3, errors: 1, meanMs: 680, maxMs: 2_000 });
    expect(hour[0]!.minute).toEqual(new Date('2026-12-05T09:03:00Z'));
  });

  it('forgets a minute an hour later, also when its bucket is reused', () => {
    let now = Date.parse('2026-12-05T10:00:00Z');
    const window = new TrafficWindow(() => now);
    window.record({ status: 200, durationMs: 1 });
    now += TRAFFIC_MINUTES * MINUTE;
    expect(window.lastHour().every((minute) => minute.requests === 0)).toBe(true);
    window.record({ status: 200, durationMs: 7 });
    expect(window.lastHour().at(-1)).toMatchObject({ requests: 1, meanMs: 7 });
  });

  it("counts no answer, a 5xx and a 429 as the vendor's failure, not a 4xx answer", () => {
    expect(['TIMEOUT', 'UNAVAILABLE', 'CIRCUIT_OPEN', 500, 503, 429].map(isVendorFailure)).toEqual([true, true, true, true, true, true]);
    expect([200, 204, 400, 404, 409, 422].map(isVendorFailure)).toEqual([false, false, false, false, false, false]);
  });
});

describe('connections { health { traffic } } on a live gateway', () => {
  const live = suiteValue<LiveGateway>(
    () => startLiveGateway(),
    (gateway) => gateway.close(),
  );
  const query = async (text: string) =>
    (await (
      await fetch(live.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) })
    ).json()) as {
      data: Record<string, unknown>;
    };
  const traffic = async () =>
    new Map(
      (
        (await query('{ connections { id health { traffic { minute requests errors meanMs maxMs } } } }')).data.connections as Array<{
          id: string;
          health: { traffic: Array<{ requests: number; errors: number; meanMs: number | null }> };
        }>
      ).map((connection) => [connection.id, connection.health.traffic]),
    );
  const sum = (minutes: Array<{ requests: number; errors: number }>, key: 'requests' | 'errors') =>
    minutes.reduce((total, minute) => total + minute[key], 0);

  it("counts each connection's calls apart, and a vendor's 503s as errors", async () => {
    const connections = live.gateway.services.connections.all();
    const slashid = connections.find((c) => c.vendor === 'slashid')!;
    const akamai = connections.find((c) => c.vendor === 'akamai')!;
    expect(sum((await traffic()).get(slashid.id)!, 'requests')).toBe(0);
    await query(`{ identityProviders(connectionId: "${slashid.id}", refresh: true) { totalCount } }`);
    const afterRead = await traffic();
    expect(afterRead.get(slashid.id)).toHaveLength(60);
    expect(sum(afterRead.get(slashid.id)!, 'requests')).toBeGreaterThan(0);
    expect(sum(afterRead.get(slashid.id)!, 'errors')).toBe(0);
    expect(afterRead.get(slashid.id)!.at(-1)!.meanMs).toBeGreaterThan(0);
    expect(sum(afterRead.get(akamai.id)!, 'requests')).toBe(0);

    const fault = await fetch(`${new URL(akamai.config.baseUrl).origin}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 503, count: 20, id: 'down' }),
    });
    expect(fault.status).toBe(201);
    const failed = await query(`{ identityProviders(connectionId: "${akamai.id}", refresh: true) { connectionErrors { code } } }`);
    expect((failed.data.identityProviders as { connectionErrors: unknown[] }).connectionErrors).toHaveLength(1);
    const afterFault = await traffic();
    expect(sum(afterFault.get(akamai.id)!, 'errors')).toBeGreaterThan(0);
    // (A token request before the list may have been answered.)
    expect(sum(afterFault.get(akamai.id)!, 'errors')).toBeLessThanOrEqual(sum(afterFault.get(akamai.id)!, 'requests'));
  });
});
